/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * TAP 13 output in kselftest style.
 *
 * Each rule a test checks is one TAP line with a stable name, so that CI
 * can follow a rule across runs.  Diagnostics are "# " lines.  The exit
 * code follows kselftest: 0 pass, 1 fail, 4 skip.
 */
#ifndef NVMX_TAP_H
#define NVMX_TAP_H

#include <stdarg.h>
#include <stdbool.h>

#define KSFT_PASS	0
#define KSFT_FAIL	1
#define KSFT_XFAIL	2
#define KSFT_XPASS	3
#define KSFT_SKIP	4

enum tap_status {
	TAP_PASS,
	TAP_FAIL,
	TAP_SKIP,
	/*
	 * kselftest's expected failure: the check ran and failed the way a
	 * known, named bug makes it fail ("ok N name # XFAIL reason").  Only
	 * for failures matched by x86_64/kernel/kvm_known_bugs.c.
	 */
	TAP_XFAIL,
	NR_TAP_STATUS,
};

/* Prints "TAP version 13".  Call once, before anything else. */
void tap_init(void);

/*
 * Announce the number of test lines.  Optional: without it the plan is
 * printed at the end, which TAP 13 allows and which suits tests whose
 * number of rules depends on the MSR values.
 */
void tap_plan(unsigned int nr);

void tap_result(enum tap_status st, const char *skip_reason,
		const char *name_fmt, ...) __attribute__((format(printf, 3, 4)));
void tap_vresult(enum tap_status st, const char *skip_reason,
		 const char *name_fmt, va_list ap);

#define tap_pass(...)		tap_result(TAP_PASS, NULL, __VA_ARGS__)
#define tap_fail(...)		tap_result(TAP_FAIL, NULL, __VA_ARGS__)
#define tap_skip(reason, ...)	tap_result(TAP_SKIP, reason, __VA_ARGS__)

/* One "# " diagnostic line; a '\n' inside starts another "# " line. */
void tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void tap_vdiag(const char *fmt, va_list ap);

/* The whole binary cannot run here: "1..0 # SKIP reason", exit 4. */
void __attribute__((noreturn, format(printf, 1, 2)))
tap_skip_all(const char *fmt, ...);

/* An error that stops the binary: "Bail out!" and exit 1. */
void __attribute__((noreturn, format(printf, 1, 2)))
tap_bail(const char *fmt, ...);

unsigned int tap_count(enum tap_status st);

/*
 * Print the plan (if not yet printed), kselftest's "# Totals:" line and
 * the plain "summary: N passed, N failed, N skipped" line (expected
 * failures are counted with the passes there, and named in Totals), then
 * exit with 1 if anything failed, 4 if everything was skipped, 0
 * otherwise.
 */
void __attribute__((noreturn)) tap_finish(void);

#endif
