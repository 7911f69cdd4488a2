// SPDX-License-Identifier: GPL-2.0-only
/*
 * TAP 13 writer.  stdout is line buffered so that a test killed by the
 * runner's timeout still shows every line it got to.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report_lines.h"
#include "tap.h"

static unsigned int counts[NR_TAP_STATUS];
static unsigned int next_nr = 1;
static bool plan_printed;
static unsigned int planned;

static pid_t report_pid;
static char *report_path, *report_match;

/*
 * run_tests.sh's report lines, written as the test exits
 * (include/report_lines.h).  Not by a child the test forked and that
 * exits too: its output is the test's, read back when the test exits.  A
 * failure here is not the test's: the runner greps instead.
 */
static void report_at_exit(void)
{
	if (getpid() != report_pid)
		return;
	fflush(stdout);
	fflush(stderr);
	report_lines_write(STDOUT_FILENO, report_match, report_path);
}

/*
 * The first constructor to run (priority 101) registers the last exit
 * handler to run: after the profile's (lib/profile.c), whose lines the
 * report carries.  The variables are taken out of the environment: a
 * program the test runs (nvmx, another test) must not write the file.
 */
static void __attribute__((constructor(101))) report_init(void)
{
	const char *path = getenv("NVMX_REPORT_LINES");
	const char *match = getenv("NVMX_REPORT_MATCH");

	if (path && *path && match) {
		report_path = strdup(path);
		report_match = strdup(match);
	}
	unsetenv("NVMX_REPORT_LINES");
	unsetenv("NVMX_REPORT_MATCH");
	if (!report_path || !report_match)
		return;
	report_pid = getpid();
	atexit(report_at_exit);
}

void tap_init(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("TAP version 13\n");
}

void tap_plan(unsigned int nr)
{
	printf("1..%u\n", nr);
	plan_printed = true;
	planned = nr;
}

/* Keep every test line on one line: a newline in a name would break TAP. */
static void put_oneline(const char *s)
{
	for (; *s; s++)
		putchar(*s == '\n' ? ' ' : *s);
}

void tap_vresult(enum tap_status st, const char *skip_reason,
		 const char *name_fmt, va_list ap)
{
	char name[512];

	vsnprintf(name, sizeof(name), name_fmt, ap);
	printf("%s %u ", st == TAP_FAIL ? "not ok" : "ok", next_nr++);
	put_oneline(name);
	if (st == TAP_SKIP || st == TAP_XFAIL) {
		printf(st == TAP_SKIP ? " # SKIP " : " # XFAIL ");
		put_oneline(skip_reason ? skip_reason : "(no reason given)");
	}
	putchar('\n');
	counts[st]++;
}

void tap_result(enum tap_status st, const char *skip_reason,
		const char *name_fmt, ...)
{
	va_list ap;

	va_start(ap, name_fmt);
	tap_vresult(st, skip_reason, name_fmt, ap);
	va_end(ap);
}

void tap_vdiag(const char *fmt, va_list ap)
{
	char buf[4096];
	char *line, *save = NULL;

	vsnprintf(buf, sizeof(buf), fmt, ap);
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		printf("# %s\n", line);
}

void tap_diag(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vdiag(fmt, ap);
	va_end(ap);
}

void tap_skip_all(const char *fmt, ...)
{
	char reason[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	if (next_nr == 1 && !plan_printed) {
		printf("1..0 # SKIP ");
		put_oneline(reason);
		putchar('\n');
		exit(KSFT_SKIP);
	}
	/* Lines were already printed: skip what is left, as one line. */
	tap_skip(reason, "remaining_checks");
	tap_finish();
}

void tap_bail(const char *fmt, ...)
{
	char reason[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	printf("Bail out! ");
	put_oneline(reason);
	putchar('\n');
	fflush(stdout);
	exit(KSFT_FAIL);
}

unsigned int tap_count(enum tap_status st)
{
	return counts[st];
}

void tap_finish(void)
{
	unsigned int pass = counts[TAP_PASS], fail = counts[TAP_FAIL];
	unsigned int skip = counts[TAP_SKIP], xfail = counts[TAP_XFAIL];

	if (!plan_printed) {
		printf("1..%u\n", next_nr - 1);
	} else if (planned != next_nr - 1) {
		/* The plan promised lines that never came: that is a failure. */
		printf("# planned %u checks, ran %u\n", planned, next_nr - 1);
		fail++;
	}
	printf("# Totals: pass:%u fail:%u xfail:%u xpass:0 skip:%u error:0\n",
	       pass, fail, xfail, skip);
	if (xfail)
		printf("# %u expected failure%s: known bugs, named above\n", xfail,
		       xfail == 1 ? "" : "s");
	printf("summary: %u passed, %u failed, %u skipped\n", pass + xfail,
	       fail, skip);
	fflush(stdout);
	if (fail)
		exit(KSFT_FAIL);
	if (!pass && !xfail && skip)
		exit(KSFT_SKIP);
	if (!pass && !xfail)
		/* A binary that checked nothing must not look like a pass. */
		exit(KSFT_FAIL);
	exit(KSFT_PASS);
}
