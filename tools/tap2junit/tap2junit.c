// SPDX-License-Identifier: GPL-2.0-only
/*
 * tap2junit: kselftest TAP to JUnit XML, for CI systems that show test
 * reports (GitLab, Jenkins, GitHub's test-report actions).
 *
 * It reads, in any nesting:
 *   - run_tests.sh's (and kselftest's runner's) outer stream: a binary's
 *     output as "# "-prefixed lines between "# selftests: C: BIN" and
 *     "ok N selftests: C: BIN [# directive]";
 *   - TAP 13 subtests ("# Subtest: NAME", a body indented by four spaces,
 *     "ok N NAME"), as the emulated runner writes one per configuration
 *     and parameter set: their names become a prefix, "6.1/haswell/ept=0";
 *   - one binary's own, plain TAP.
 * and writes one testsuite per binary (named PREFIX/BIN) holding one
 * testcase per result line of the binary's own TAP.  docs/junit.md has
 * the whole mapping; the XML validates against Jenkins' JUnit schema
 * (the one JUnit 5 tests its own reports with), which GitLab reads too.
 *
 * The XML is written by libxml2's xmlTextWriter, which escapes markup.
 * What XML 1.0 cannot carry at all (most C0 controls, invalid UTF-8) is
 * made visible as \xNN here, before the writer sees it: a test's output
 * may hold any byte, and a report that does not parse shows nothing.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <libxml/chvalid.h>
#include <libxml/xmlstring.h>
#include <libxml/xmlwriter.h>

#define PROG "tap2junit"

enum tc_status { TC_PASS, TC_FAIL, TC_ERROR, TC_SKIP };

struct strbuf {
	char *s;
	size_t len, alloc;
};

struct tcase {
	char *name;
	enum tc_status status;
	char *message;		/* skip reason, or the failure's first line */
	char *xfail;		/* the known bug of an expected failure */
	struct strbuf text;	/* the diagnostics that follow the line */
};

struct tsuite {
	char *name;
	char *result;		/* the runner's line for the binary, if any */
	double time;
	bool has_time;
	struct tcase *cases;
	size_t nr, alloc;
	struct strbuf out;	/* lines that belong to no testcase */
};

static struct tsuite *suites;
static size_t nr_suites, alloc_suites;

static void die(const char *fmt, ...)
{
	va_list ap;

	fputs(PROG ": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die("out of memory");
	return p;
}

static char *xstrndup(const char *s, size_t n)
{
	char *d = xrealloc(NULL, n + 1);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

static char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

static void sb_add(struct strbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->alloc) {
		b->alloc = (b->len + n + 1) * 2;
		b->s = xrealloc(b->s, b->alloc);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void sb_line(struct strbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
	sb_add(b, "\n", 1);
}

static char *join_name(const char *prefix, const char *name)
{
	size_t lp = prefix ? strlen(prefix) : 0, ln = strlen(name);
	char *s;

	if (!lp)
		return xstrdup(name);
	s = xrealloc(NULL, lp + ln + 2);
	memcpy(s, prefix, lp);
	s[lp] = '/';
	memcpy(s + lp + 1, name, ln + 1);
	return s;
}

static struct tsuite *suite_new(const char *prefix, const char *name)
{
	struct tsuite *s;

	if (nr_suites == alloc_suites) {
		alloc_suites = alloc_suites ? alloc_suites * 2 : 16;
		suites = xrealloc(suites, alloc_suites * sizeof(*suites));
	}
	s = &suites[nr_suites++];
	memset(s, 0, sizeof(*s));
	s->name = join_name(prefix, name);
	return s;
}

static struct tcase *case_new(struct tsuite *s, const char *name,
			      enum tc_status st, const char *message)
{
	struct tcase *c;

	if (s->nr == s->alloc) {
		s->alloc = s->alloc ? s->alloc * 2 : 16;
		s->cases = xrealloc(s->cases, s->alloc * sizeof(*c));
	}
	c = &s->cases[s->nr++];
	memset(c, 0, sizeof(*c));
	c->name = xstrdup(name && *name ? name : "(unnamed)");
	c->status = st;
	c->message = message ? xstrdup(message) : NULL;
	return c;
}

/* ---- lines ---- */

struct lines {
	char **v;
	size_t nr;
};

static void read_lines(FILE *f, const char *path, struct lines *l)
{
	size_t alloc = 0, cap = 0;
	char *line = NULL;
	ssize_t n;

	memset(l, 0, sizeof(*l));
	while ((n = getline(&line, &cap, f)) >= 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (l->nr == alloc) {
			alloc = alloc ? alloc * 2 : 256;
			l->v = xrealloc(l->v, alloc * sizeof(*l->v));
		}
		/* a NUL inside a line would end it early: show it instead */
		l->v[l->nr++] = memchr(line, '\0', n) ?
			xstrdup("(a line with a NUL byte)") : xstrndup(line, n);
	}
	if (ferror(f))
		die("%s: %s", path, strerror(errno));
	free(line);
}

/* "ok N desc # directive": the parts of a TAP result line. */
struct result {
	bool ok;
	const char *desc;	/* points into a copy owned by the caller */
	const char *directive;	/* after " # ", or NULL */
};

static bool parse_result(const char *line, char **copy, struct result *r)
{
	const char *p = line;
	char *d, *hash;

	if (!strncmp(p, "not ok", 6)) {
		r->ok = false;
		p += 6;
	} else if (!strncmp(p, "ok", 2)) {
		r->ok = true;
		p += 2;
	} else {
		return false;
	}
	if (*p && *p != ' ')
		return false;	/* "okay", "ok1": not a result */
	while (*p == ' ')
		p++;
	while (*p >= '0' && *p <= '9')
		p++;
	while (*p == ' ')
		p++;
	if (p[0] == '-' && (p[1] == ' ' || !p[1]))
		p += p[1] ? 2 : 1;
	*copy = xstrdup(p);
	d = *copy;
	r->directive = NULL;
	/* the directive starts at the first " # "; or the line is "ok 1 # SKIP" */
	if (d[0] == '#' && (d[1] == ' ' || !d[1])) {
		r->directive = d + 1;
		d[0] = '\0';
	} else if ((hash = strstr(d, " # "))) {
		*hash = '\0';
		r->directive = hash + 3;
	}
	while (r->directive && *r->directive == ' ')
		r->directive++;
	r->desc = d;
	return true;
}

/* Does the directive start with this keyword (as TAP reads SKIP/TODO)? */
static const char *directive_is(const char *dir, const char *kw)
{
	size_t n = strlen(kw);

	if (!dir || strncasecmp(dir, kw, n))
		return NULL;
	dir += n;
	/* TAP takes "skipped" and "SKIP:" as SKIP too */
	while (*dir && *dir != ' ' && *dir != ':')
		dir++;
	while (*dir == ' ' || *dir == ':')
		dir++;
	return dir;
}

/* The text of a "# " comment line: "# x" -> "x", "#" -> "". */
static const char *comment_text(const char *line)
{
	if (line[0] != '#')
		return NULL;
	return line[1] == ' ' ? line + 2 : line + 1;
}

static bool is_plan(const char *line, long *planned, const char **skip)
{
	char *end;

	if (strncmp(line, "1..", 3))
		return false;
	*planned = strtol(line + 3, &end, 10);
	if (end == line + 3)
		return false;
	*skip = NULL;
	while (*end == ' ')
		end++;
	if (*end == '#') {
		end++;
		while (*end == ' ')
			end++;
		*skip = directive_is(end, "skip");
	}
	return true;
}

/* ---- one binary's own TAP ---- */

struct bin_stats {
	long planned;		/* -1: no plan seen */
	size_t results;
	bool bad;		/* a failure or error among its testcases */
	const char *skip_all;
};

/*
 * A binary's TAP: one testcase per result line; the "#" lines after a
 * result are its diagnostics, those before any result the suite's output.
 */
static void parse_binary(struct tsuite *s, char **v, size_t n,
			 struct bin_stats *st, char **keep)
{
	struct tcase *last = NULL;
	const char *skip;
	struct result r;
	long planned;
	size_t i;

	st->planned = -1;
	st->results = 0;
	st->bad = false;
	st->skip_all = NULL;
	for (i = 0; i < n; i++) {
		const char *line = v[i], *t, *why;
		char *copy = NULL;

		if (!strncmp(line, "TAP version", 11))
			continue;
		if (is_plan(line, &planned, &skip)) {
			st->planned = planned;
			if (planned == 0 && skip)
				st->skip_all = *keep = xstrdup(skip);
			continue;
		}
		if (parse_result(line, &copy, &r)) {
			enum tc_status cs = r.ok ? TC_PASS : TC_FAIL;
			const char *msg = NULL, *xf = NULL;

			if ((why = directive_is(r.directive, "skip"))) {
				cs = TC_SKIP;
				msg = *why ? why : "skipped";
			} else if ((why = directive_is(r.directive, "todo"))) {
				/* TAP: a TODO line never fails the run */
				cs = TC_SKIP;
				msg = *why ? why : "TODO";
			} else if ((why = directive_is(r.directive, "xfail"))) {
				cs = TC_PASS;
				xf = *why ? why : "(no bug named)";
			} else if ((why = directive_is(r.directive, "xpass"))) {
				/* a known bug that no longer shows: look again */
				cs = TC_FAIL;
				msg = "XPASS: the expected failure did not happen";
			} else if (!r.ok) {
				msg = r.directive && *r.directive ? r.directive : NULL;
			}
			last = case_new(s, r.desc, cs, msg);
			if (xf)
				last->xfail = xstrdup(xf);
			if (cs == TC_FAIL)
				st->bad = true;
			st->results++;
			free(copy);
			continue;
		}
		if (!strncmp(line, "Bail out!", 9)) {
			t = line + 9;
			while (*t == ' ')
				t++;
			last = case_new(s, "bail_out", TC_ERROR,
					*t ? t : "Bail out!");
			st->bad = true;
			continue;
		}
		if (!strncmp(line, "summary: ", 9))
			continue;	/* this library's own last line */
		t = comment_text(line);
		/* the tallies end the stream: they are no test's diagnostics */
		if (t && (!strncmp(t, "Totals:", 7) || !strncmp(t, "planned ", 8) ||
			  strstr(t, " expected failure"))) {
			sb_line(&s->out, line);
			continue;
		}
		if (last)
			sb_line(&last->text, t ? t : line);
		else
			sb_line(&s->out, line);
	}
	/* a failure's message is its first diagnostic, the text all of them */
	for (i = 0; i < s->nr; i++) {
		struct tcase *c = &s->cases[i];

		if (c->status == TC_FAIL && !c->message) {
			if (c->text.len) {
				size_t nl = strcspn(c->text.s, "\n");

				c->message = xstrndup(c->text.s, nl);
			} else {
				c->message = xstrdup("not ok");
			}
		}
	}
}

/*
 * The runner's verdict on the binary, against what its own lines say:
 * whatever the lines do not show (a timeout, a crash, lines that never
 * came, a binary that ran with its output hidden) becomes one testcase
 * named after the binary, so that the report and the runner agree.
 */
static void reconcile(struct tsuite *s, const char *bin, const struct result *r,
		      const struct bin_stats *st, const char *text)
{
	const char *why;
	struct tcase *c;
	char msg[512];

	if (!r) {
		c = case_new(s, bin, TC_ERROR,
			     "no result line: the run stopped during this test");
		if (text)
			sb_add(&c->text, text, strlen(text));
		return;
	}
	if ((why = directive_is(r->directive, "skip"))) {
		if (!s->nr)
			case_new(s, bin, TC_SKIP, *why ? why :
				 st->skip_all ? st->skip_all : "skipped");
		return;
	}
	if (r->ok) {
		if (!s->nr)
			case_new(s, bin, TC_PASS, NULL);
		return;
	}
	if (st->bad)
		return;
	if (st->planned > 0 && (size_t)st->planned != st->results)
		snprintf(msg, sizeof(msg), "%s (planned %ld, ran %zu)",
			 r->directive && *r->directive ? r->directive : "failed",
			 st->planned, st->results);
	else
		snprintf(msg, sizeof(msg), "%s", r->directive && *r->directive ?
			 r->directive : "failed");
	c = case_new(s, bin, TC_ERROR, msg);
	if (text)
		sb_add(&c->text, text, strlen(text));
}

/* ---- streams ---- */

static void parse_stream(char **v, size_t n, const char *prefix,
			 const char *plain_name);

/* "# selftests: COLLECTION: BIN" and its result line. */
static const char *selftests_name(const char *s)
{
	const char *p;

	if (strncmp(s, "selftests: ", 11))
		return NULL;
	p = strstr(s + 11, ": ");
	return p ? p + 2 : NULL;
}

static bool is_runner_stream(char **v, size_t n)
{
	struct result r;
	size_t i;

	for (i = 0; i < n; i++) {
		const char *t = comment_text(v[i]);
		char *copy = NULL;
		bool runner;

		if (t && selftests_name(t))
			return true;
		runner = parse_result(v[i], &copy, &r) && selftests_name(r.desc);
		free(copy);
		if (runner)
			return true;
	}
	return false;
}

static bool is_subtest_stream(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strncmp(v[i], "# Subtest: ", 11))
			return true;
	return false;
}

/* Copy "NAME" out of "NAME # directive" (a result line's description). */
static char *bin_of(const char *desc)
{
	const char *name = selftests_name(desc);

	return name ? xstrdup(name) : NULL;
}

static void runner_block(char **v, size_t n, size_t *i, const char *prefix)
{
	const char *hdr = comment_text(v[*i]);
	char *bin = xstrdup(selftests_name(hdr));
	struct tsuite *s = suite_new(prefix, bin);
	char **inner = xrealloc(NULL, (n - *i) * sizeof(*inner));
	size_t nin = 0, tlen = strlen(bin);
	struct strbuf raw = { 0 };
	struct bin_stats st;
	struct result r;
	char *copy = NULL, *keep = NULL;
	bool have_result = false;

	for ((*i)++; *i < n; (*i)++) {
		const char *line = v[*i], *t = comment_text(line);
		double secs;
		char unit[3];

		if (parse_result(line, &copy, &r)) {
			char *rb = bin_of(r.desc);

			if (rb && !strcmp(rb, bin)) {
				have_result = true;
				s->result = xstrdup(line);
				free(rb);
				break;
			}
			free(rb);
			free(copy);
			copy = NULL;
			break;	/* another binary's line: this one never ended */
		}
		if (!t)
			break;	/* not the binary's output any more */
		if (selftests_name(t))
			break;	/* the next binary's header */
		/* "# BIN: 1.2s (limit 45s)": the runner's wall time */
		if (!strncmp(t, bin, tlen) && t[tlen] == ':' &&
		    sscanf(t + tlen + 1, " %lf%2[s] (limit", &secs, unit) == 2) {
			s->time = secs;
			s->has_time = true;
			continue;
		}
		inner[nin++] = (char *)t;
		sb_line(&raw, t);
	}
	parse_binary(s, inner, nin, &st, &keep);
	reconcile(s, bin, have_result ? &r : NULL, &st, raw.s);
	if (!have_result)
		(*i)--;	/* the line that ended the block is the caller's */
	free(copy);
	free(keep);
	free(raw.s);
	free(inner);
	free(bin);
}

static void runner_stream(char **v, size_t n, const char *prefix)
{
	struct result r;
	size_t i;

	for (i = 0; i < n; i++) {
		const char *t = comment_text(v[i]);
		char *copy = NULL, *bin;

		if (t && selftests_name(t)) {
			runner_block(v, n, &i, prefix);
			continue;
		}
		/* a result with no header before it (another runner's layout) */
		if (parse_result(v[i], &copy, &r) && (bin = bin_of(r.desc))) {
			struct tsuite *s = suite_new(prefix, bin);
			struct bin_stats st = { .planned = -1 };

			s->result = xstrdup(v[i]);
			reconcile(s, bin, &r, &st, NULL);
			free(bin);
		}
		free(copy);
	}
}

/* Indented by four spaces (TAP 13 subtests); empty lines belong too. */
static const char *unindent(const char *line)
{
	if (!line[0])
		return line;
	return strncmp(line, "    ", 4) ? NULL : line + 4;
}

static void subtest_stream(char **v, size_t n, const char *prefix)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		struct result r;
		char *copy = NULL, *name, *path;
		char **body;
		size_t before, k, nb = 0;
		struct tsuite *s;
		bool bad = false;
		struct strbuf diag = { 0 };

		if (strncmp(v[i], "# Subtest: ", 11)) {
			/* a result of its own, with no body: a testcase */
			if (parse_result(v[i], &copy, &r) && !r.ok) {
				s = suite_new(prefix, r.desc);
				case_new(s, r.desc, TC_ERROR, r.directive &&
					 *r.directive ? r.directive : "not ok");
			}
			free(copy);
			continue;
		}
		name = xstrdup(v[i] + 11);
		body = xrealloc(NULL, (n - i) * sizeof(*body));
		for (j = i + 1; j < n && unindent(v[j]); j++)
			body[nb++] = (char *)unindent(v[j]);
		path = join_name(prefix, name);
		before = nr_suites;
		parse_stream(body, nb, path, name);
		for (k = before; k < nr_suites; k++)
			for (size_t c = 0; c < suites[k].nr; c++)
				if (suites[k].cases[c].status == TC_FAIL ||
				    suites[k].cases[c].status == TC_ERROR)
					bad = true;
		i = j;
		if (i < n && parse_result(v[i], &copy, &r)) {
			const char *why, *line = v[i];

			/* the "#" lines after a group's line say why it failed */
			while (i + 1 < n && comment_text(v[i + 1]) &&
			       strncmp(v[i + 1], "# Subtest: ", 11))
				sb_line(&diag, comment_text(v[++i]));
			if ((why = directive_is(r.directive, "skip"))) {
				if (nr_suites == before) {
					s = suite_new(prefix, name);
					case_new(s, name, TC_SKIP, *why ? why : "skipped");
				}
			} else if (!r.ok && !bad) {
				struct tcase *c;

				s = suite_new(prefix, name);
				s->result = xstrdup(line);
				c = case_new(s, name, TC_ERROR, r.directive &&
					     *r.directive ? r.directive : "not ok");
				/* a group that ran nothing says why in its body */
				if (nr_suites == before + 1)
					for (k = 0; k < nb; k++)
						if (comment_text(body[k]))
							sb_line(&c->text, comment_text(body[k]));
				if (diag.len)
					sb_add(&c->text, diag.s, diag.len);
			}
			free(copy);
		} else {
			if (!bad) {
				s = suite_new(prefix, name);
				case_new(s, name, TC_ERROR,
					 "no result line: the run stopped in this group");
			}
			i--;
		}
		free(diag.s);
		free(path);
		free(body);
		free(name);
	}
}

static void plain_stream(char **v, size_t n, const char *prefix,
			 const char *name)
{
	struct tsuite *s = suite_new(prefix, name);
	struct bin_stats st;
	char *keep = NULL;

	parse_binary(s, v, n, &st, &keep);
	if (!s->nr && st.skip_all)
		case_new(s, name, TC_SKIP, st.skip_all);
	else if (st.planned > 0 && (size_t)st.planned > st.results)
		/* the plan promised lines that never came */
		case_new(s, name, TC_ERROR, "the binary stopped before its plan was done");
	free(keep);
	/*
	 * No result at all: no suite.  A subtest group whose body ran nothing
	 * (a boot that failed) is then reported by its own result line.
	 */
	if (!s->nr) {
		free(s->name);
		free(s->out.s);
		free(s->cases);
		nr_suites--;
	}
}

static void parse_stream(char **v, size_t n, const char *prefix,
			 const char *plain_name)
{
	if (is_subtest_stream(v, n))
		subtest_stream(v, n, prefix);
	else if (is_runner_stream(v, n))
		runner_stream(v, n, prefix);
	else
		plain_stream(v, n, prefix, plain_name);
}

static bool has_tap(const struct lines *l)
{
	struct result r;
	const char *skip;
	long planned;
	size_t i;

	for (i = 0; i < l->nr; i++) {
		char *copy = NULL;
		bool res = parse_result(l->v[i], &copy, &r);

		free(copy);
		if (res || is_plan(l->v[i], &planned, &skip) ||
		    !strncmp(l->v[i], "TAP version", 11) ||
		    !strncmp(l->v[i], "# Subtest: ", 11) ||
		    !strncmp(l->v[i], "# selftests: ", 13) ||
		    !strncmp(l->v[i], "Bail out!", 9))
			return true;
	}
	return false;
}

/* ---- XML ---- */

/*
 * What XML 1.0 can carry: valid UTF-8 of the Char production.  Anything
 * else is shown as \xNN, one per byte, so that nothing is lost silently.
 */
static char *xml_safe(const char *in)
{
	const unsigned char *p = (const unsigned char *)in;
	struct strbuf b = { 0 };

	sb_add(&b, "", 0);
	while (*p) {
		/* xmlGetUTF8Char reads at most len bytes; the string is NUL-ended */
		int len = strnlen((const char *)p, 4), c;

		c = xmlGetUTF8Char(p, &len);
		if (c >= 0 && len > 0 && xmlIsCharQ(c)) {
			sb_add(&b, (const char *)p, len);
			p += len;
		} else {
			char esc[8];

			snprintf(esc, sizeof(esc), "\\x%02X", *p);
			sb_add(&b, esc, strlen(esc));
			p++;
		}
	}
	return b.s;
}

static bool xml_failed;

static void xcheck(int rc)
{
	if (rc < 0)
		xml_failed = true;
}

static void xattr(xmlTextWriterPtr w, const char *name, const char *val)
{
	char *safe = xml_safe(val);

	xcheck(xmlTextWriterWriteAttribute(w, BAD_CAST name, BAD_CAST safe));
	free(safe);
}

static void xattr_num(xmlTextWriterPtr w, const char *name, size_t v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%zu", v);
	xattr(w, name, buf);
}

static void xelem_text(xmlTextWriterPtr w, const char *name,
		       const char *msg_attr, const char *text)
{
	char *safe;

	xcheck(xmlTextWriterStartElement(w, BAD_CAST name));
	if (msg_attr)
		xattr(w, "message", msg_attr);
	if (text && *text) {
		safe = xml_safe(text);
		xcheck(xmlTextWriterWriteString(w, BAD_CAST safe));
		free(safe);
	}
	xcheck(xmlTextWriterEndElement(w));
}

struct tally {
	size_t tests, failures, errors, skipped;
};

static struct tally suite_tally(const struct tsuite *s)
{
	struct tally t = { .tests = s->nr };
	size_t i;

	for (i = 0; i < s->nr; i++) {
		switch (s->cases[i].status) {
		case TC_FAIL:
			t.failures++;
			break;
		case TC_ERROR:
			t.errors++;
			break;
		case TC_SKIP:
			t.skipped++;
			break;
		case TC_PASS:
			break;
		}
	}
	return t;
}

static void write_case(xmlTextWriterPtr w, const struct tsuite *s,
		       const struct tcase *c)
{
	struct strbuf out = { 0 };

	xcheck(xmlTextWriterStartElement(w, BAD_CAST "testcase"));
	xattr(w, "name", c->name);
	xattr(w, "classname", s->name);
	switch (c->status) {
	case TC_SKIP:
		/* Jenkins' schema has <skipped> as text only: the reason */
		xelem_text(w, "skipped", NULL, c->message);
		break;
	case TC_FAIL:
		xelem_text(w, "failure", c->message, c->text.s);
		break;
	case TC_ERROR:
		xelem_text(w, "error", c->message, c->text.s);
		break;
	case TC_PASS:
		break;
	}
	if (c->xfail) {
		sb_add(&out, "XFAIL (known bug): ", 19);
		sb_line(&out, c->xfail);
	}
	if (c->status != TC_FAIL && c->status != TC_ERROR && c->text.len)
		sb_add(&out, c->text.s, c->text.len);
	if (out.len)
		xelem_text(w, "system-out", NULL, out.s);
	free(out.s);
	xcheck(xmlTextWriterEndElement(w));
}

static void write_suite(xmlTextWriterPtr w, const struct tsuite *s)
{
	struct tally t = suite_tally(s);
	size_t i, nprops = 0;
	char buf[64];

	xcheck(xmlTextWriterStartElement(w, BAD_CAST "testsuite"));
	xattr(w, "name", s->name);
	xattr_num(w, "tests", t.tests);
	xattr_num(w, "failures", t.failures);
	xattr_num(w, "errors", t.errors);
	xattr_num(w, "skipped", t.skipped);
	if (s->has_time) {
		snprintf(buf, sizeof(buf), "%.2f", s->time);
		xattr(w, "time", buf);
	}
	for (i = 0; i < s->nr; i++)
		nprops += !!s->cases[i].xfail;
	if (s->result || nprops) {
		xcheck(xmlTextWriterStartElement(w, BAD_CAST "properties"));
		if (s->result) {
			xcheck(xmlTextWriterStartElement(w, BAD_CAST "property"));
			xattr(w, "name", "kselftest.result");
			xattr(w, "value", s->result);
			xcheck(xmlTextWriterEndElement(w));
		}
		/* each expected failure names its bug where a CI can query it */
		for (i = 0; i < s->nr; i++) {
			struct strbuf v = { 0 };

			if (!s->cases[i].xfail)
				continue;
			sb_add(&v, s->cases[i].name, strlen(s->cases[i].name));
			sb_add(&v, ": ", 2);
			sb_add(&v, s->cases[i].xfail, strlen(s->cases[i].xfail));
			xcheck(xmlTextWriterStartElement(w, BAD_CAST "property"));
			xattr(w, "name", "xfail");
			xattr(w, "value", v.s);
			xcheck(xmlTextWriterEndElement(w));
			free(v.s);
		}
		xcheck(xmlTextWriterEndElement(w));
	}
	for (i = 0; i < s->nr; i++)
		write_case(w, s, &s->cases[i]);
	if (s->out.len)
		xelem_text(w, "system-out", NULL, s->out.s);
	xcheck(xmlTextWriterEndElement(w));
}

static void write_xml(const char *path, const char *title)
{
	struct tally all = { 0 };
	xmlTextWriterPtr w;
	double time = 0;
	bool timed = false;
	char buf[64];
	size_t i;

	w = xmlNewTextWriterFilename(path, 0);
	if (!w)
		die("%s: cannot open for writing", path);
	xcheck(xmlTextWriterSetIndent(w, 1));
	xcheck(xmlTextWriterSetIndentString(w, BAD_CAST "  "));
	xcheck(xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL));
	xcheck(xmlTextWriterStartElement(w, BAD_CAST "testsuites"));
	for (i = 0; i < nr_suites; i++) {
		struct tally t = suite_tally(&suites[i]);

		all.tests += t.tests;
		all.failures += t.failures;
		all.errors += t.errors;
		if (suites[i].has_time) {
			time += suites[i].time;
			timed = true;
		}
	}
	xattr(w, "name", title);
	xattr_num(w, "tests", all.tests);
	xattr_num(w, "failures", all.failures);
	xattr_num(w, "errors", all.errors);
	if (timed) {
		snprintf(buf, sizeof(buf), "%.2f", time);
		xattr(w, "time", buf);
	}
	for (i = 0; i < nr_suites; i++)
		write_suite(w, &suites[i]);
	xcheck(xmlTextWriterEndElement(w));
	xcheck(xmlTextWriterEndDocument(w));
	/* the last write happens on free; its error shows in EndDocument's flush */
	xcheck(xmlTextWriterFlush(w));
	xmlFreeTextWriter(w);
	if (xml_failed)
		die("%s: writing the XML failed", path);
}

static void usage(FILE *f)
{
	fputs("usage: tap2junit [-o OUT.xml] [-t TITLE] [[-p PREFIX] [-n NAME] FILE]...\n"
	      "  -o OUT.xml  where the JUnit XML goes (written whole or not at all);\n"
	      "              default: standard output\n"
	      "  -t TITLE    the name of <testsuites> (default: nvmx-selftests)\n"
	      "  -p PREFIX   testsuite names of the FILEs after it become PREFIX/BINARY\n"
	      "              (a configuration: -p 6.1/corei7_haswell_4770/default)\n"
	      "  -n NAME     the binary a plain stream (one binary's own TAP) comes\n"
	      "              from, for the next FILE; default: the file's name\n"
	      "  FILE        TAP: run_tests.sh's output, a binary's own output, or\n"
	      "              the emulated runner's subtests; - or none: standard input\n"
	      "Exit: 0 when the XML is written (whatever the tests' results), 2 on\n"
	      "a usage error, an unreadable FILE, a FILE with no TAP, or a failed write.\n",
	      f);
}

static void add_file(const char *path, const char *prefix, const char *name)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	char *base, *dot;
	struct lines l;
	size_t i;

	if (!f)
		die("%s: %s", path, strerror(errno));
	read_lines(f, path, &l);
	if (f != stdin)
		fclose(f);
	if (!has_tap(&l))
		die("%s: no TAP in it (no plan, result, or runner line)", path);
	base = xstrdup(name ? name : strcmp(path, "-") ? path : "stdin");
	if (!name) {
		char *slash = strrchr(base, '/');

		if (slash)
			memmove(base, slash + 1, strlen(slash));
		dot = strrchr(base, '.');
		if (dot && dot != base)
			*dot = '\0';
	}
	parse_stream(l.v, l.nr, prefix, base);
	for (i = 0; i < l.nr; i++)
		free(l.v[i]);
	free(l.v);
	free(base);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *out = NULL, *prefix = NULL, *name = NULL;
	const char *title = "nvmx-selftests";
	char *tmp = NULL;
	bool any = false;
	int opt;

	LIBXML_TEST_VERSION;
	/* "-": FILEs come back in order, so that -p and -n apply to the next */
	while ((opt = getopt_long(argc, argv, "-o:p:n:t:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'o':
			out = optarg;
			break;
		case 'p':
			prefix = *optarg ? optarg : NULL;
			break;
		case 'n':
			name = optarg;
			break;
		case 't':
			title = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 1:
			add_file(optarg, prefix, name);
			name = NULL;
			any = true;
			break;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (!any)
		add_file("-", prefix, name);
	if (!out || !strcmp(out, "-")) {
		write_xml("-", title);
		if (fflush(stdout) || ferror(stdout))
			die("standard output: %s", strerror(errno));
		return 0;
	}
	/* write beside the target, then rename: a reader never sees half */
	tmp = xrealloc(NULL, strlen(out) + 16);
	sprintf(tmp, "%s.tmp.%ld", out, (long)getpid());
	write_xml(tmp, title);
	if (rename(tmp, out)) {
		int e = errno;

		unlink(tmp);
		die("%s: %s", out, strerror(e));
	}
	free(tmp);
	return 0;
}
