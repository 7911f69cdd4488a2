/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The lines of a test's output that run_tests.sh puts in its report (skip
 * reason, tally, coverage, expected failures, profile), picked out by the
 * test itself as it exits, so that the runner needs no grep per test.
 *
 * run_tests.sh starts each test with two variables in its environment:
 *   NVMX_REPORT_MATCH  the fixed strings a reported line contains, one per
 *                      line (the same list its own grep -F falls back to)
 *   NVMX_REPORT_LINES  a file to write
 * When both are set and stdout is a regular file, the test, as it exits,
 * reads back everything written to stdout (stderr too, when it goes to the
 * same file), and writes to that file the one shell assignment
 *   _meta='LINES'
 * holding exactly what "_meta=$(grep -a -F -e "$NVMX_REPORT_MATCH" OUT)"
 * would: every line that contains one of the strings, in order, without
 * the trailing newlines and without NUL bytes, which no shell variable can
 * hold.  The runner sources it (a shell's read costs a system call per
 * byte; under emulation a grep costs ~8 ms of guest time a test).  A test
 * that dies by a signal or _exit()s writes nothing, and the runner greps.
 */
#ifndef NVMX_REPORT_LINES_H
#define NVMX_REPORT_LINES_H

#include <stddef.h>

/*
 * Write "_meta='...'\n" for the output in the regular file open as @out_fd
 * to @path (through a temporary file renamed into place: the runner never
 * sources half of it).  @match: the strings, '\n'-separated; an empty one
 * matches every line, as it does for grep.  Returns 0, or -1 with errno
 * set (the file is then not there).
 */
int report_lines_write(int out_fd, const char *match, const char *path);

/*
 * The lines of @buf (@len bytes) that contain one of the strings in
 * @match, each ended by '\n', NUL bytes dropped, the trailing newlines
 * removed, into a malloc()ed string at *@out.  Returns 0, or -1 (ENOMEM).
 */
int report_lines_select(const char *buf, size_t len, const char *match,
			char **out);

#endif
