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
#include "kver.h"
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

/*
 * The running kernel's version.  Debian's ABI names ("5.10.0-32") hide
 * the stable sublevel, which some rules need (5.10.137 backported a
 * restore rule), so this prefers the "Debian 5.10.223-1" of the version
 * string when there is one.  release gets uname -r.
 */
int kver_from_uname(struct kver *kv, char *release, size_t len);

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
