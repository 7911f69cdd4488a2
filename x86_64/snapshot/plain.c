// SPDX-License-Identifier: GPL-2.0-only
/*
 * The plain dump format of data/cpus/:
 *
 *   # key: value          a header (file, environment, cpu, kernel, ...)
 *   # anything else       a comment
 *   0x480 0x00da040000000004
 *
 * Parsing is strict, because a dump that is silently half-read gives a
 * wrong verdict: every problem is an error naming the line, and input is
 * quoted only through snap_quote() so that the message stays one line.
 * A file whose last line has no newline is taken as truncated: a cut
 * inside "0x482 0xfff9fffe0401e172" would otherwise read as a valid,
 * different value.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "x86_64/kvm_params.h"
#include "x86_64/snapshot.h"

struct plain_ctx {
	struct vmx_snapshot *s;
	const char *name;
	unsigned int line;
	char *err;
	size_t errlen;
	int view;
	bool view_fixed;	/* a "view:" header chose it */
	/* lines of the single-valued headers, for duplicates */
	unsigned int seen_env, seen_view, seen_cpu, seen_kernel, seen_sig;
	unsigned int seen_line[NR_VMX_MSRS];
	struct vmx_msr_set vals;
};

static int perr(struct plain_ctx *c, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(c->err, c->errlen, "%s:%u: %s", c->name, c->line, msg);
	return -1;
}

/* "0x" then 1 to 16 hex digits, nothing else. */
int parse_hex64(const char *tok, size_t len, uint64_t *v)
{
	size_t i;

	if (len < 3 || tok[0] != '0' || (tok[1] != 'x' && tok[1] != 'X'))
		return -EINVAL;
	*v = 0;
	for (i = 2; i < len; i++) {
		int d;

		if (!isxdigit((unsigned char)tok[i]))
			return -EINVAL;
		d = isdigit((unsigned char)tok[i]) ? tok[i] - '0' :
			tolower((unsigned char)tok[i]) - 'a' + 10;
		/* leading zeros are fine, a 17th significant digit is not */
		if (*v >> 60)
			return -ERANGE;
		*v = (*v << 4) | (uint64_t)d;
	}
	return 0;
}

static int view_from_word(const char *w)
{
	if (!strcmp(w, "bare-metal") || !strcmp(w, "hardware"))
		return VIEW_HW;
	if (!strcmp(w, "nested-kvm") || !strcmp(w, "system") ||
	    !strcmp(w, "predicted"))
		return VIEW_SYS;
	if (!strcmp(w, "vcpu"))
		return VIEW_VCPU;
	return -1;
}

static void trim(char *s)
{
	size_t n = strlen(s);

	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
}

/* A header may appear once; a second one would silently win. */
static int once(struct plain_ctx *c, unsigned int *seen, const char *key)
{
	if (*seen)
		return perr(c, "duplicate header '%s', first on line %u", key,
			    *seen);
	*seen = c->line;
	return 0;
}

/* "CPUID.1: EAX=0x000506e3 ..." in a VBoxCpuReport provenance note */
static void signature_from_note(struct vmx_snapshot *s, const char *val)
{
	const char *p = strstr(val, "CPUID.1");
	uint64_t sig;

	if (!p || !(p = strstr(p, "EAX=0x")))
		return;
	p += 4;
	if (!parse_hex64(p, strspn(p + 2, "0123456789abcdefABCDEF") + 2, &sig) &&
	    !(sig >> 32)) {
		s->cpu_signature = (uint32_t)sig;
		s->have_signature = true;
	}
}

/*
 * A header is free text: keep what fits, cut at a character boundary and
 * without trailing blanks (so that it reads back the same), and say so.
 */
static void keep_text(struct plain_ctx *c, const char *key, char *dst,
		      size_t size, const char *val)
{
	size_t n = strlen(val);

	if (n < size) {
		memcpy(dst, val, n + 1);
		return;
	}
	n = size - 1;
	while (n && ((unsigned char)val[n] & 0xc0) == 0x80)
		n--;		/* not inside a UTF-8 sequence */
	while (n && (val[n - 1] == ' ' || val[n - 1] == '\t'))
		n--;
	memcpy(dst, val, n);
	dst[n] = '\0';
	snapshot_note(c->s, "%s:%u: the %s header (%zu bytes) is kept as its first %zu bytes",
		      c->name, c->line, key, strlen(val), n);
}

static int parse_header(struct plain_ctx *c, char *line)
{
	char *key = line + 1, *val, q[64];
	struct vmx_snapshot *s = c->s;

	while (*key == ' ' || *key == '\t')
		key++;
	val = strchr(key, ':');
	if (!val)
		return 0;	/* a comment */
	*val++ = '\0';
	while (*val == ' ' || *val == '\t')
		val++;
	trim(val);
	trim(key);
	snap_quote(q, sizeof(q), val, strlen(val));
	if (!snap_printable_text(val))
		return perr(c, "control character in the value of '%.32s': '%s'",
			    key, q);

	if (!strcmp(key, "environment") || !strcmp(key, "view")) {
		bool env = !strcmp(key, "environment");
		int v = view_from_word(val);

		if (once(c, env ? &c->seen_env : &c->seen_view, key))
			return -1;
		if (env)
			keep_text(c, key, s->environment, sizeof(s->environment), val);
		if (v < 0) {
			if (env)
				return 0;	/* free text: keep, no view */
			return perr(c, "unknown view '%s' (hardware, system or vcpu)",
				    q);
		}
		if (!env || !c->view_fixed) {
			c->view = v;
			c->view_fixed = !env;
		}
	} else if (!strcmp(key, "cpu")) {
		if (once(c, &c->seen_cpu, key))
			return -1;
		keep_text(c, key, s->cpu_model, sizeof(s->cpu_model), val);
	} else if (!strcmp(key, "kernel")) {
		if (once(c, &c->seen_kernel, key))
			return -1;
		if (strlen(val) >= sizeof(s->kernel_release))
			return perr(c, "kernel '%s' is longer than %zu bytes", q,
				    sizeof(s->kernel_release) - 1);
		snprintf(s->kernel_release, sizeof(s->kernel_release), "%s", val);
		if (snap_parse_kver(val, true, &s->kver))
			return perr(c, "kernel '%s' is not a release like 6.12 or 6.12.57+deb12-amd64",
				    q);
		s->have_kver = true;
	} else if (!strcmp(key, "signature")) {
		uint64_t sig;

		if (once(c, &c->seen_sig, key))
			return -1;
		if (parse_hex64(val, strlen(val), &sig) || sig >> 32)
			return perr(c, "signature '%s' is not a 32-bit hex value like 0x000506e3",
				    q);
		s->cpu_signature = (uint32_t)sig;
		s->have_signature = true;
	} else if (!strcmp(key, "param")) {
		char *eq = strchr(val, '='), why[200];

		if (!eq)
			return perr(c, "param '%s' is not NAME=VALUE", q);
		*eq = '\0';
		if (snap_param(s, val))
			return perr(c, "duplicate param '%s'", q);
		/* a dump's parameters are kvm_intel's, named by hand or by a tool */
		if (kvm_param_check(val, eq + 1, true, why, sizeof(why)))
			return perr(c, "%s", why);
		switch (snap_param_set(s, val, eq + 1)) {
		case 0:
			break;
		case -ENOSPC:
			return perr(c, "more than %d params", SNAP_MAX_PARAMS);
		default:
			return perr(c, "param '%s' is not NAME=VALUE with a name of letters, digits and '_' and a value of at most %zu bytes",
				    q, sizeof(s->params[0].value) - 1);
		}
	} else if (!strcmp(key, "source-note") && !s->have_signature) {
		signature_from_note(s, val);
	}
	return 0;
}

static int parse_data(struct plain_ctx *c, char *line)
{
	char *p = line, *tok[3], q[64];
	size_t len[3];
	int n = 0, id;
	uint64_t index, value;

	while (*p && n < 3) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p || *p == '#')
			break;
		tok[n] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		len[n] = p - tok[n];
		n++;
	}
	/* the first token that is wrong is the one named */
	if (!n)
		return perr(c, "expected '0xINDEX 0xVALUE'");
	if (parse_hex64(tok[0], len[0], &index))
		return perr(c, "MSR index '%s' is not a hex number like 0x480",
			    snap_quote(q, sizeof(q), tok[0], len[0]));
	if (n < 2)
		return perr(c, "expected '0xINDEX 0xVALUE', got '%s'",
			    snap_quote(q, sizeof(q), line, strlen(line)));
	switch (parse_hex64(tok[1], len[1], &value)) {
	case 0:
		break;
	case -ERANGE:
		return perr(c, "value '%s' of MSR 0x%llx is out of range (more than 64 bits)",
			    snap_quote(q, sizeof(q), tok[1], len[1]),
			    (unsigned long long)index);
	default:
		return perr(c, "value '%s' of MSR 0x%llx is not a hex number like 0x1f",
			    snap_quote(q, sizeof(q), tok[1], len[1]),
			    (unsigned long long)index);
	}
	if (n == 3)
		return perr(c, "trailing text '%s' after the value (expected '0xINDEX 0xVALUE')",
			    snap_quote(q, sizeof(q), tok[2], strlen(tok[2])));
	id = index > 0xffffffffULL ? -1 : vmx_msr_by_index((uint32_t)index);
	if (id < 0) {
		/* what other tools dump besides: read, named, not refused */
		snapshot_note(c->s, "%s:%u: MSR 0x%llx is not a VMX capability MSR (0x480 to 0x493): ignored",
			      c->name, c->line, (unsigned long long)index);
		return 0;
	}
	if (c->seen_line[id])
		return perr(c, "duplicate entry for 0x%x (%s), first on line %u",
			    vmx_msrs[id].index, vmx_msr_name(id), c->seen_line[id]);
	c->seen_line[id] = c->line;
	msrs_set(&c->vals, id, value);
	return 0;
}

int snapshot_parse_plain(struct vmx_snapshot *s, const char *name,
			 const char *text, char *err, size_t errlen)
{
	struct plain_ctx c = {
		.s = s, .name = name, .err = err, .errlen = errlen,
		.view = VIEW_HW,
	};
	const char *p = text;
	char line[1024];

	snapshot_init(s, name);
	while (*p) {
		size_t n = strcspn(p, "\n");
		bool unterminated = !p[n];
		char *q = line;

		c.line++;
		if (n >= sizeof(line)) {
			size_t lead = strspn(p, " \t"), k = sizeof(line) - 1;

			/* a header or comment is free text: keep its start */
			if (lead >= n || p[lead] != '#')
				return perr(&c, "line longer than %zu bytes", sizeof(line) - 1);
			while (k && ((unsigned char)p[k] & 0xc0) == 0x80)
				k--;
			memcpy(line, p, k);
			line[k] = '\0';
			snapshot_note(s, "%s:%u: a %zu-byte header line, read as its first %zu bytes",
				      name, c.line, n, k);
		} else {
			memcpy(line, p, n);
			line[n] = '\0';
		}
		p += n + !unterminated;
		trim(line);
		while (*q == ' ' || *q == '\t')
			q++;
		if (!*q)
			continue;
		if (unterminated)
			return perr(&c, "the last line has no newline: truncated file?");
		if (*q == '#') {
			if (parse_header(&c, q))
				return -1;
			continue;
		}
		if (parse_data(&c, q))
			return -1;
	}
	if (!c.vals.present) {
		snprintf(err, errlen, "%s: no MSR lines ('0xINDEX 0xVALUE') in the file",
			 name);
		return -1;
	}
	s->msrs[c.view] = c.vals;
	return 0;
}

void snapshot_write_plain(FILE *f, const struct vmx_snapshot *s,
			  enum snap_view view, const char *comment)
{
	const struct vmx_msr_set *m = &s->msrs[view];
	unsigned int i;

	if (comment)
		fprintf(f, "# %s\n", comment);
	fprintf(f, "# view: %s\n", snap_view_names[view]);
	if (*s->cpu_model)
		fprintf(f, "# cpu: %s\n", s->cpu_model);
	if (s->have_signature)
		fprintf(f, "# signature: 0x%08x\n", s->cpu_signature);
	if (*s->kernel_release)
		fprintf(f, "# kernel: %s\n", s->kernel_release);
	for (i = 0; i < s->nr_params; i++)
		fprintf(f, "# param: %s=%s\n", s->params[i].name,
			s->params[i].value);
	for (i = 0; i < NR_VMX_MSRS; i++)
		if (msrs_has(m, i))
			fprintf(f, "0x%x 0x%016llx\n", vmx_msrs[i].index,
				(unsigned long long)m->val[i]);
}
