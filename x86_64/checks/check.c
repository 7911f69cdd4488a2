// SPDX-License-Identifier: GPL-2.0-only
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "x86_64/check.h"

static void *xgrow(void *p, unsigned int *cap, size_t elem)
{
	*cap = *cap ? *cap * 2 : 16;
	p = realloc(p, *cap * elem);
	if (!p) {
		fprintf(stderr, "out of memory\n");
		abort();
	}
	return p;
}

struct check *check_new(struct check_list *l, const char *fmt, ...)
{
	const char *pat;
	struct check *c;
	va_list ap;

	if (l->nr == l->cap)
		l->v = xgrow(l->v, &l->cap, sizeof(*l->v));
	c = &l->v[l->nr++];
	memset(c, 0, sizeof(*c));
	c->status = TAP_PASS;
	va_start(ap, fmt);
	vsnprintf(c->name, sizeof(c->name), fmt, ap);
	va_end(ap);
	pat = getenv("NVMX_BREAK");
	c->broken = pat && *pat && !fnmatch(pat, c->name, 0);
	return c;
}

void check_skip(struct check *c, const char *fmt, ...)
{
	va_list ap;

	if (c->status == TAP_FAIL)
		return;		/* a failure is never hidden by a skip */
	c->status = TAP_SKIP;
	va_start(ap, fmt);
	vsnprintf(c->reason, sizeof(c->reason), fmt, ap);
	va_end(ap);
}

static struct finding *add_finding(struct check *c)
{
	struct finding *f;

	if (c->nr_findings == c->cap_findings)
		c->findings = xgrow(c->findings, &c->cap_findings,
				    sizeof(*c->findings));
	f = &c->findings[c->nr_findings++];
	memset(f, 0, sizeof(*f));
	f->msr = f->lo = f->hi = -1;
	c->status = TAP_FAIL;
	return f;
}

void check_warn(struct check *c, const char *fmt, ...)
{
	enum tap_status st = c->status;
	struct finding *f = add_finding(c);
	va_list ap;
	int n;

	c->status = st;		/* a warning changes no verdict */
	n = snprintf(f->text, sizeof(f->text), "warning: ");
	va_start(ap, fmt);
	vsnprintf(f->text + n, sizeof(f->text) - n, fmt, ap);
	va_end(ap);
}

void check_context(struct check *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->context, sizeof(c->context), fmt, ap);
	va_end(ap);
}

void check_fail(struct check *c, const char *fmt, ...)
{
	struct finding *f = add_finding(c);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(f->text, sizeof(f->text), fmt, ap);
	va_end(ap);
}

void field_value_str(char *buf, size_t len, uint64_t v, unsigned int width)
{
	if (width == 1)
		snprintf(buf, len, "%u", (unsigned int)v);
	else
		snprintf(buf, len, "0x%llx", (unsigned long long)v);
}

static void add_bits_finding(struct check *c, enum vmx_msr_id msr,
			     unsigned int lo, unsigned int hi, uint64_t want,
			     uint64_t got, const char *rule,
			     const char *want_label, const char *got_label)
{
	struct finding *f = add_finding(c);
	char what[200], w[24], g[24];

	vmx_describe_bit(msr, lo, what, sizeof(what));
	if (hi != lo && !strstr(what, "bits "))
		/* an unnamed run of bits: say which */
		snprintf(what, sizeof(what), "bits %u:%u (reserved)", hi, lo);
	field_value_str(w, sizeof(w), want, hi - lo + 1);
	field_value_str(g, sizeof(g), got, hi - lo + 1);
	f->msr = msr;
	f->lo = lo;
	f->hi = hi;
	f->want = want;
	f->got = got;
	if (want_label && got_label)
		snprintf(f->text, sizeof(f->text), "%s %s: %s %s, %s %s%s%s",
			 vmx_msr_name(msr), what, got_label, g, want_label, w,
			 *rule ? ": " : "", rule);
	else
		snprintf(f->text, sizeof(f->text), "%s %s: wanted %s, got %s%s%s",
			 vmx_msr_name(msr), what, w, g, *rule ? ": " : "", rule);
}

/* The rule of a field: that of its lowest differing bit. */
static const char *why_at(const char *const *why, uint64_t field_diff)
{
	const char *w = why[__builtin_ctzll(field_diff)];

	return w ? w : "";
}

/* One finding per differing field; rule[] or why[bit] gives the rule. */
static unsigned int bits_findings(struct check *c, enum vmx_msr_id msr,
				  uint64_t diff, uint64_t want, uint64_t got,
				  const char *rule, const char *const *why,
				  const char *want_label, const char *got_label)
{
	unsigned int n = 0, pos = 0, lo, hi;

	while (vmx_next_field(msr, diff, &pos, &lo, &hi)) {
		uint64_t m = GENMASK_ULL(hi, lo);

		add_bits_finding(c, msr, lo, hi, (want & m) >> lo,
				 (got & m) >> lo,
				 why ? why_at(why, diff & m) : rule,
				 want_label, got_label);
		n++;
	}
	return n;
}

unsigned int check_bits(struct check *c, enum vmx_msr_id msr, uint64_t mask,
			uint64_t want, uint64_t got, const char *rule_fmt, ...)
{
	uint64_t diff = (want ^ got) & mask;
	char rule[400];
	va_list ap;

	if (!diff)
		return 0;
	va_start(ap, rule_fmt);
	vsnprintf(rule, sizeof(rule), rule_fmt, ap);
	va_end(ap);
	return bits_findings(c, msr, diff, want, got, rule, NULL, NULL, NULL);
}

unsigned int check_bits_why(struct check *c, enum vmx_msr_id msr,
			    uint64_t mask, uint64_t want, uint64_t got,
			    const char *const why[64], const char *want_label,
			    const char *got_label)
{
	uint64_t diff = (want ^ got) & mask;

	if (!diff)
		return 0;
	return bits_findings(c, msr, diff, want, got, "", why, want_label,
			     got_label);
}

void check_field_fail(struct check *c, enum vmx_msr_id msr, unsigned int lo,
		      unsigned int hi, uint64_t want_val, uint64_t got,
		      const char *want_text, const char *rule_fmt, ...)
{
	struct finding *f = add_finding(c);
	char what[200], rule[400];
	va_list ap;

	va_start(ap, rule_fmt);
	vsnprintf(rule, sizeof(rule), rule_fmt, ap);
	va_end(ap);
	vmx_describe_bit(msr, lo, what, sizeof(what));
	f->msr = msr;
	f->lo = lo;
	f->hi = hi;
	f->want = want_val;
	f->got = got;
	snprintf(f->text, sizeof(f->text), "%s %s: wanted %s, got 0x%llx: %s",
		 vmx_msr_name(msr), what, want_text, (unsigned long long)got,
		 rule);
}

unsigned int checks_count(const struct check_list *l, enum tap_status st)
{
	unsigned int i, n = 0;

	for (i = 0; i < l->nr; i++)
		n += l->v[i].status == st;
	return n;
}

void check_list_free(struct check_list *l)
{
	unsigned int i;

	for (i = 0; i < l->nr; i++)
		free(l->v[i].findings);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

void checks_print_tap(const struct check_list *l)
{
	unsigned int i, j;

	for (i = 0; i < l->nr; i++) {
		const struct check *c = &l->v[i];

		tap_result(c->status, c->reason, "%s", c->name);
		if (c->broken)
			tap_diag("NVMX_BREAK: the expectation of %s was deliberately inverted",
				 c->name);
		if (c->context[0] && c->status != TAP_PASS)
			tap_diag("context: %s", c->context);
		for (j = 0; j < c->nr_findings; j++)
			tap_diag("%s", c->findings[j].text);
	}
}

void check_list_append(struct check_list *dst, struct check_list *src,
		       const char *prefix)
{
	unsigned int i;

	for (i = 0; i < src->nr; i++) {
		struct check *c;

		if (dst->nr == dst->cap)
			dst->v = xgrow(dst->v, &dst->cap, sizeof(*dst->v));
		c = &dst->v[dst->nr++];
		*c = src->v[i];
		if (prefix && *prefix) {
			char name[sizeof(c->name)];

			snprintf(name, sizeof(name), "%s%s", prefix, c->name);
			memcpy(c->name, name, sizeof(name));
		}
	}
	free(src->v);
	memset(src, 0, sizeof(*src));
}
