// SPDX-License-Identifier: GPL-2.0-only
/*
 * A test's own pick of run_tests.sh's report lines (lib/report_lines.c)
 * against the runner's fallback, on the same output: the file it writes,
 * sourced by dash and by busybox sh (the emulated machine's), must give
 * $_meta exactly as "$(grep -a -F -e "$match" OUT)" gives it with GNU grep
 * and busybox grep.  Hand-made outputs first (quotes, backslashes, $(...),
 * NUL bytes, no final newline, CRLF, empty strings in the list), then
 * random ones built from the same pieces.  busybox grep stops matching a
 * line at its first NUL byte, where GNU grep and the test's pick go on:
 * random outputs with NUL bytes are compared with GNU grep only (no test
 * here prints a NUL; the fallback on the emulated machine is busybox's).  Also: nothing is written for
 * an output that is not a regular file, and no temporary file stays.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report_lines.h"
#include "tap.h"
#include "test_util.h"

/* run_tests.sh's list, as it passes it */
#define MATCH " # XFAIL \n1..0 # SKIP \n# Totals:\n# coverage: \n# profile: "

#define check(cond, ...) \
	tap_result((cond) ? TAP_PASS : TAP_FAIL, NULL, __VA_ARGS__)

static char dir[64];
static bool have_busybox;

static void spit(const char *path, const char *s, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	TEST_ASSERT(fd >= 0 && write(fd, s, n) == (ssize_t)n && !close(fd),
		    "cannot write %s", path);
}

static char *slurp(const char *path, size_t *len)
{
	static char buf[1 << 20];
	int fd = open(path, O_RDONLY);
	ssize_t n;

	TEST_ASSERT(fd >= 0, "cannot open %s", path);
	n = read(fd, buf, sizeof(buf) - 1);
	TEST_ASSERT(n >= 0 && n < (ssize_t)sizeof(buf) - 1, "cannot read %s", path);
	close(fd);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* $_meta as SHELL gets it from the file written, into dir/got */
static void sourced(const char *shell)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd),
		 "%s -c '. %s/meta; printf %%s \"$_meta\"' >%s/got 2>&1", shell,
		 dir, dir);
	TEST_ASSERT(!system(cmd), "%s", cmd);
}

/* the runner's fallback, with SHELL and GREP, into dir/want */
static void grepped(const char *shell, const char *grep)
{
	char cmd[768];

	snprintf(cmd, sizeof(cmd),
		 "%s -c 'm=$(cat %s/match); x=$(%s -a -F -e \"$m\" %s/out); "
		 "printf %%s \"$x\"' >%s/want 2>&1", shell, dir, grep, dir, dir);
	/* grep's status (1: no line) is not the question */
	TEST_ASSERT(system(cmd) != -1, "%s", cmd);
}

static bool same(const char *what, const char *name)
{
	char path[128], *want;
	size_t wl, gl;
	const char *got;

	snprintf(path, sizeof(path), "%s/want", dir);
	want = strdup(slurp(path, &wl));
	TEST_ASSERT(want, "strdup");
	snprintf(path, sizeof(path), "%s/got", dir);
	got = slurp(path, &gl);
	if (wl == gl && !memcmp(want, got, wl)) {
		free(want);
		return true;
	}
	tap_diag("%s, %s: wanted (%zu bytes) \"%s\", got (%zu bytes) \"%s\"",
		 name, what, wl, want, gl, got);
	free(want);
	return false;
}

/* One output: the file written, sourced, against grep, in each shell. */
static bool agrees(const char *name, const char *text, size_t len,
		   const char *match, bool busybox)
{
	char out[96], meta[96], path[96];
	bool ok = true;
	int fd;

	snprintf(out, sizeof(out), "%s/out", dir);
	snprintf(meta, sizeof(meta), "%s/meta", dir);
	snprintf(path, sizeof(path), "%s/match", dir);
	spit(out, text, len);
	spit(path, match, strlen(match));
	unlink(meta);
	/* write-only, as a test's stdout is */
	fd = open(out, O_WRONLY | O_APPEND);
	TEST_ASSERT(fd >= 0, "open %s", out);
	if (report_lines_write(fd, match, meta)) {
		tap_diag("%s: report_lines_write: %s", name, strerror(errno));
		close(fd);
		return false;
	}
	close(fd);

	grepped("sh", "grep");
	sourced("sh");
	ok &= same("dash, GNU grep", name);
	if (busybox && have_busybox) {
		grepped("busybox sh", "busybox grep");
		sourced("busybox sh");
		ok &= same("busybox sh, busybox grep", name);
	}
	return ok;
}

struct hand {
	const char *name;
	const char *text;
	size_t len;
	const char *match;
};

/* sizeof: a text may hold NUL bytes */
#define H(n, t)		{ n, t, sizeof(t) - 1, MATCH }
#define HM(n, t, m)	{ n, t, sizeof(t) - 1, m }

static const struct hand hands[] = {
	H("empty_output", ""),
	H("no_line_matches", "TAP version 13\n1..1\nok 1 a\n"),
	H("a_passing_test",
	  "TAP version 13\n1..2\nok 1 a\nok 2 b # XFAIL known bug\n"
	  "# coverage: 3 bits entered\n# Totals: pass:1 fail:0 xfail:1 xpass:0 skip:0 error:0\n"
	  "# profile: phase=total ns=5 cpu_ns=4 n=1\n"),
	H("skip_with_reason", "TAP version 13\n1..0 # SKIP no /dev/kvm: it's 'gone'\n"),
	H("no_final_newline", "ok 1 x\n# Totals: pass:1"),
	H("trailing_newlines", "# Totals: a\n\n\n"),
	H("quotes_backslashes_expansions",
	  "# profile: '\\'' \\\\ $(echo no) `echo no` $HOME \"q\" '\n"),
	H("nul_in_a_matching_line", "# Totals:\0 after the NUL\nplain\0line\n"),
	H("nul_only_line", "\0\n# coverage: 1\n"),
	H("crlf", "# Totals: x\r\n1..0 # SKIP why\r\n"),
	H("pattern_mid_line", "text 1..0 # SKIP inside\nnot # Totals at start\n"),
	H("pattern_at_the_very_end", "x\n# profile: "),
	HM("empty_string_in_the_list_matches_all", "a\n\nb\n", "zz\n\nyy"),
	HM("one_string", "a # XFAIL b\nc\n", " # XFAIL "),
	H("blank_lines_between", "# Totals: 1\n\n\n# Totals: 2\n"),
};

/* the pieces random outputs are made of */
static const char *const pieces[] = {
	"ok 1 name", " # XFAIL ", "1..0 # SKIP ", "# Totals:", "# coverage: ",
	"# profile: ", "\n", "\n", "\n", "'", "\\", "$x", "`", "\"", " ",
	"# ", "1..0", "SKIP", "\r", "abc", "\t", "# Total", "profile:",
};

static size_t random_output(char *buf, size_t cap, unsigned int *seed, bool nul)
{
	size_t len = 0, n = rand_r(seed) % 40;

	while (n--) {
		const char *p;
		size_t l;

		if (nul && rand_r(seed) % 23 == 0) {
			if (len + 1 < cap)
				buf[len++] = '\0';
			continue;
		}
		p = pieces[rand_r(seed) % (sizeof(pieces) / sizeof(pieces[0]))];
		l = strlen(p);
		if (len + l >= cap)
			break;
		memcpy(buf + len, p, l);
		len += l;
	}
	return len;
}

static void long_line(void)
{
	size_t n = 200000;
	char *text = malloc(n + 32);

	TEST_ASSERT(text, "malloc");
	memset(text, 'x', n);
	memcpy(text + n, " # Totals: end\nok\n", 19);
	check(agrees("a_200000_byte_line", text, n + 18, MATCH, true),
		 "a_200000_byte_line");
	free(text);
}

static void not_a_regular_file(void)
{
	char meta[96];
	int p[2];
	int r;

	snprintf(meta, sizeof(meta), "%s/meta", dir);
	unlink(meta);
	TEST_ASSERT(!pipe(p), "pipe");
	r = report_lines_write(p[1], MATCH, meta);
	close(p[0]);
	close(p[1]);
	check(r == -1 && access(meta, F_OK) && errno == ENOENT,
		 "a_pipe_is_not_read_back_and_nothing_is_written");
}

static void no_temporary_left(void)
{
	char cmd[160];

	snprintf(cmd, sizeof(cmd), "ls %s | grep -q tmp", dir);
	check(system(cmd) != 0, "no_temporary_file_stays");
}

int main(void)
{
	unsigned int i, bad = 0, seed = 20261203;
	static char text[4096];

	tap_init();
	snprintf(dir, sizeof(dir), "/tmp/report-lines-unit.XXXXXX");
	TEST_ASSERT(mkdtemp(dir), "mkdtemp");
	have_busybox = !system("busybox true >/dev/null 2>&1");
	if (!have_busybox)
		tap_diag("no busybox here: dash and GNU grep only");

	for (i = 0; i < sizeof(hands) / sizeof(hands[0]); i++) {
		const struct hand *h = &hands[i];

		check(agrees(h->name, h->text, h->len, h->match, true), "%s", h->name);
	}
	long_line();
	for (i = 0; i < 150; i++) {
		char name[32];
		size_t len = random_output(text, sizeof(text), &seed, false);

		snprintf(name, sizeof(name), "random_%u", i);
		bad += !agrees(name, text, len, MATCH, true);
	}
	check(!bad, "150_random_outputs_agree (%u differ)", bad);
	/*
	 * busybox grep matches a line only up to its first NUL byte, GNU grep
	 * the whole line, as the test's pick does: with NULs, GNU grep only.
	 */
	for (bad = 0, i = 0; i < 150; i++) {
		char name[32];
		size_t len = random_output(text, sizeof(text), &seed, true);

		snprintf(name, sizeof(name), "random_nul_%u", i);
		bad += !agrees(name, text, len, MATCH, false);
	}
	check(!bad, "150_random_outputs_with_nul_bytes_agree_with_gnu_grep (%u differ)",
	      bad);
	not_a_regular_file();
	no_temporary_left();

	snprintf(text, sizeof(text), "rm -rf %s", dir);
	TEST_ASSERT(!system(text), "%s", text);
	tap_finish();
}
