/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host-side helpers shared by every test: assertions that stop the binary
 * with the place and the reason, requirement checks that turn into TAP
 * skips, and the kernel version.
 */
#ifndef NVMX_TEST_UTIL_H
#define NVMX_TEST_UTIL_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "bits.h"
#include "tap.h"

void __attribute__((noreturn, format(printf, 5, 6)))
test_assert_fail(const char *file, unsigned int line, const char *expr,
		 int err, const char *fmt, ...);

/*
 * A broken assumption of the test itself or of the library (an ioctl that
 * must not fail, say): "Bail out!" with file, line, errno and the reason.
 * Checks of KVM's behaviour are TAP lines instead, never this.
 */
#define TEST_ASSERT(cond, fmt, ...)					\
	do {								\
		if (!(cond))						\
			test_assert_fail(__FILE__, __LINE__, #cond,	\
					 errno, fmt, ##__VA_ARGS__);	\
	} while (0)

/* A missing feature makes the whole binary skip, with the reason. */
#define TEST_REQUIRE(cond, fmt, ...)					\
	do {								\
		if (!(cond))						\
			tap_skip_all(fmt, ##__VA_ARGS__);		\
	} while (0)

/* Kernel versions, as the KVM rules are gated on them. */
struct kver {
	unsigned int major, minor, patch;
};

#define KVER(a, b, c)	((struct kver){ (a), (b), (c) })

/*
 * Parse "6.12.117+deb12-amd64" or "5.10.0-32-amd64".  Debian's ABI names
 * ("5.10.0-32") hide the stable sublevel, which the rules need (5.10.137
 * backported a restore rule), so kver_from_uname() prefers the
 * "Debian 5.10.223-1" of the version string when there is one.
 */
int kver_parse(const char *s, struct kver *kv);
int kver_from_uname(struct kver *kv, char *release, size_t len);
int kver_cmp(struct kver a, struct kver b);
static inline bool kver_ge(struct kver kv, unsigned int a, unsigned int b,
			   unsigned int c)
{
	return kver_cmp(kv, KVER(a, b, c)) >= 0;
}
/* "6.12" or "5.10.223" into buf; returns buf. */
const char *kver_str(struct kver kv, char *buf, size_t len);

/*
 * Read a whole small file (sysfs, procfs) into buf, NUL-terminated, with
 * the trailing newline removed.  Returns 0 or -errno.
 */
int read_text_file(const char *path, char *buf, size_t len);

/* snprintf that never truncates silently: it asserts instead. */
#define xsnprintf(buf, len, fmt, ...)					\
	do {								\
		int __n = snprintf(buf, len, fmt, ##__VA_ARGS__);	\
		TEST_ASSERT(__n >= 0 && (size_t)__n < (len),		\
			    "string truncated: %s", fmt);		\
	} while (0)

#endif
