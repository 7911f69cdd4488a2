// SPDX-License-Identifier: GPL-2.0-only
/*
 * The report's timeline: what changed in KVM's nested VMX MSRs from one
 * kernel series to the next, and when.
 *
 * For each CPU model, the default-parameter snapshots in series order are
 * compared pairwise (the system view, as nvmx diff words it).  A change
 * between series A and B was made in some release after A and by B; when
 * series between them were not captured (6.19 to 7.1 have no modules),
 * the snapshots cannot say which.  The model can: it is run on B's inputs
 * with every series in between, under both readings of a rule whose
 * change is only known to a window (model_opts.rules_changed), and the
 * first release where it gives B's value dates the change as far as the
 * model's rules do.  The rules themselves are the model's reasons for the
 * bit in A and in B (model_result.why), which end with the kernels each
 * rule holds for.
 *
 * The same change on several CPU models, with the same rules and dating,
 * is one entry.  The other parameter sets are compared the same way, and
 * each of their changes must be one of the default timeline's, within
 * their own (wider) window; any that is not is listed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "x86_64/model.h"

/* Releases from one captured series to the next, both ends: 5.10 to 6.1 is 12. */
#define TL_MAX_KERNELS	40

/* One change, on one or more CPU models. */
struct tl_event {
	unsigned int sa, sb;	/* series: last with the old value, first with the new */
	const char *cpu;	/* the first CPU model (raw events: the only one) */
	const char *params;	/* raw events: the parameter set */
	int msr, lo, hi;	/* lo -1: the whole MSR is absent on one side */
	bool absent_a, absent_b;
	uint64_t a, b;
	char what[400];		/* the diff's words */
	char why_a[MODEL_WHY_LEN], why_b[MODEL_WHY_LEN];
	char model[400];	/* how the model dates it */
	char cpus[600];
	unsigned int nr_cpus;
	bool unexplained;	/* a parameter set's change the defaults lack */
	/*
	 * The hardware view of the same MSR differs too: the snapshots were
	 * captured on different hosts (another Bochs build), so the kernel
	 * alone did not make this change.
	 */
	bool host_changed;
};

struct tl_list {
	struct tl_event *v;
	unsigned int nr, cap;
};

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	if (!p) {
		fprintf(stderr, "nvmx report: out of memory\n");
		exit(EXIT_BAD_INPUT);
	}
	return p;
}

static struct tl_event *tl_add(struct tl_list *l)
{
	if (l->nr == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 16;
		l->v = realloc(l->v, l->cap * sizeof(*l->v));
		if (!l->v) {
			fprintf(stderr, "nvmx report: out of memory\n");
			exit(EXIT_BAD_INPUT);
		}
	}
	memset(&l->v[l->nr], 0, sizeof(l->v[0]));
	return &l->v[l->nr++];
}

bool rep_is_default(const struct rep_snap *r)
{
	return !strcmp(r->params, "default");
}

static struct kver series_of(struct kver kv)
{
	return KVER(kv.major, kv.minor, 0);
}

/* ---- the model's view of one pair of snapshots ---- */

/*
 * The system-fd values the model gives at each release from A to B:
 * kv[0] is A's kernel on A's inputs, then every series in between and
 * B's kernel, on B's inputs; [1] the reading where a rule dated to a
 * window around the kernel has already changed.
 */
struct tl_model {
	unsigned int n;
	struct kver kv[TL_MAX_KERNELS];
	bool ok[TL_MAX_KERNELS][2];	/* predicted, and kvm_intel reports MSRs */
	struct vmx_msr_set sys[TL_MAX_KERNELS][2];
	bool failed;			/* A or B could not be modelled */
	char err[300];
	struct model_result *ra, *rb;	/* A and B as themselves: the rules */
};

static void predict_at(const struct vmx_snapshot *s, const struct kver *kv,
		       bool changed, struct model_result *r, bool *ok,
		       struct vmx_msr_set *sys, char *err, size_t len)
{
	struct model_opts o = { .rules_changed = changed };

	if (kv) {
		/* a release in between is an upstream one, whoever built A and B */
		o.kver = *kv;
		o.have_kver = true;
		o.distro = KVER_UPSTREAM;
		o.have_distro = true;
	}
	*ok = !model_predict(s, &o, r, err, len) && r->loads && r->nested;
	if (*ok)
		*sys = r->sys;
	else if (!*err)
		snprintf(err, len, "%s", r->loads ? "nested=N" : r->refusal);
}

static void model_pair(struct tl_model *m, const struct rep_snap *a,
		       const struct rep_snap *b)
{
	struct model_result *tmp = xcalloc(1, sizeof(*tmp));
	struct kver s = kver_series_after(series_of(a->kv));
	unsigned int i, rd;
	char err[300] = "";

	m->n = 0;
	m->failed = false;
	*m->err = '\0';
	m->kv[m->n++] = a->kv;
	while (kver_cmp(s, series_of(b->kv)) < 0 && m->n < TL_MAX_KERNELS - 1) {
		m->kv[m->n++] = s;
		s = kver_series_after(s);
	}
	m->kv[m->n++] = b->kv;

	for (rd = 0; rd < 2; rd++) {
		*err = '\0';
		predict_at(a->s, NULL, rd, rd ? tmp : m->ra, &m->ok[0][rd],
			   &m->sys[0][rd], err, sizeof(err));
		if (!m->ok[0][rd] && !m->failed) {
			m->failed = true;
			snprintf(m->err, sizeof(m->err), "%s: %s", a->kernel, err);
		}
		for (i = 1; i < m->n; i++) {
			bool last = i == m->n - 1;

			*err = '\0';
			predict_at(b->s, last ? NULL : &m->kv[i], rd,
				   last && !rd ? m->rb : tmp, &m->ok[i][rd],
				   &m->sys[i][rd], err, sizeof(err));
			if (last && !m->ok[i][rd] && !m->failed) {
				m->failed = true;
				snprintf(m->err, sizeof(m->err), "%s: %s", b->kernel, err);
			}
		}
	}
	free(tmp);
}

/* ---- one change ---- */

/* The event's field in a set; absent when the MSR is. */
static bool field_in(const struct tl_event *e, const struct vmx_msr_set *set,
		     bool ok, uint64_t *v)
{
	if (!ok || !msrs_has(set, e->msr))
		return false;
	*v = e->lo < 0 ? set->val[e->msr] :
		(set->val[e->msr] & GENMASK_ULL(e->hi, e->lo)) >> e->lo;
	return true;
}

static bool same_value(const struct tl_event *e, const struct vmx_msr_set *set,
		       bool ok, bool absent, uint64_t want)
{
	uint64_t v = 0;
	bool has = field_in(e, set, ok, &v);

	if (!has || absent)
		return !has && absent;
	return v == want;
}

static void value_text(const struct tl_event *e, bool absent, uint64_t v,
		       char *buf, size_t len)
{
	if (absent)
		snprintf(buf, len, "absent");
	else if (e->lo < 0)
		snprintf(buf, len, "0x%016llx", (unsigned long long)v);
	else
		field_value_str(buf, len, v, e->hi - e->lo + 1);
}

static const char *kernel_name(const struct rep_set *set, const struct tl_model *m,
			       const struct tl_event *e, unsigned int p,
			       char *buf, size_t len)
{
	if (p == 0)
		return set->series[e->sa].label;
	if (p == m->n - 1)
		return set->series[e->sb].label;
	return kver_str(m->kv[p], buf, len);
}

/*
 * The first release from which the model gives B's value for good, in
 * one reading; m->n when it never does.
 */
static unsigned int first_new(const struct tl_model *m, const struct tl_event *e,
			      unsigned int rd)
{
	unsigned int p = m->n;

	while (p > 0 && same_value(e, &m->sys[p - 1][rd], m->ok[p - 1][rd],
				   e->absent_b, e->b))
		p--;
	return p;
}

static void model_sentence(const struct rep_set *set, const struct tl_model *m,
			   struct tl_event *e)
{
	char k1[24], k2[24], va[40], vb[40];
	const char *n1, *n2;
	unsigned int early, late, rd;
	bool repro = true;

	if (m->failed) {
		snprintf(e->model, sizeof(e->model), "the model cannot serve this pair: %s",
			 m->err);
		return;
	}
	for (rd = 0; rd < 2; rd++)
		repro = repro && same_value(e, &m->sys[0][rd], m->ok[0][rd], e->absent_a, e->a) &&
			same_value(e, &m->sys[m->n - 1][rd], m->ok[m->n - 1][rd],
				   e->absent_b, e->b);
	if (!repro) {
		uint64_t x = 0, y = 0;
		bool hx = field_in(e, &m->sys[0][0], m->ok[0][0], &x);
		bool hy = field_in(e, &m->sys[m->n - 1][0], m->ok[m->n - 1][0], &y);

		value_text(e, !hx, x, va, sizeof(va));
		value_text(e, !hy, y, vb, sizeof(vb));
		snprintf(e->model, sizeof(e->model),
			 "the model does not reproduce this change: it gives %s on %s and %s on %s",
			 va, set->series[e->sa].label, vb, set->series[e->sb].label);
		return;
	}
	early = first_new(m, e, 1);
	late = first_new(m, e, 0);
	if (early > late)	/* readings that cross: the later one bounds it */
		early = late;
	n1 = kernel_name(set, m, e, early, k1, sizeof(k1));
	n2 = kernel_name(set, m, e, late, k2, sizeof(k2));
	if (early != late)
		snprintf(e->model, sizeof(e->model),
			 "its rules place it in a release from %s to %s: the rule's change is dated only to that window",
			 n1, n2);
	else if (m->n > 3)
		snprintf(e->model, sizeof(e->model),
			 "its rules date it to %s (unchecked: no snapshot of %s to %s)", n2,
			 kver_str(m->kv[1], k1, sizeof(k1)), kver_str(m->kv[m->n - 2], va, sizeof(va)));
	else if (m->n == 3)
		snprintf(e->model, sizeof(e->model),
			 "its rules date it to %s (unchecked: no snapshot of %s)", n2,
			 kver_str(m->kv[1], k1, sizeof(k1)));
	else
		snprintf(e->model, sizeof(e->model), "its rules date it to %s as well", n2);
}

/* The rule of the event's bits: the lowest bit's, for a field. */
static void rule_text(const struct model_result *r, const struct tl_event *e,
		      bool ok, char *buf, size_t len)
{
	if (!ok || e->lo < 0)
		snprintf(buf, len, "%s", ok ? "(the whole MSR)" : "");
	else
		snprintf(buf, len, "%s", r->why[e->msr][e->lo]);
}

static void event_from(struct tl_event *e, const struct diff_item *d,
		       const struct rep_snap *a, const struct rep_snap *b)
{
	e->sa = a->series;
	e->sb = b->series;
	e->cpu = a->cpu;
	e->params = a->params;
	e->msr = d->msr;
	e->lo = d->lo;
	e->hi = d->hi;
	e->absent_a = d->absent_a;
	e->absent_b = d->absent_b;
	e->a = d->a;
	e->b = d->b;
	snprintf(e->what, sizeof(e->what), "%s", d->text);
}

static bool same_change(const struct tl_event *x, const struct tl_event *y)
{
	return x->msr == y->msr && x->lo == y->lo && x->hi == y->hi &&
		x->absent_a == y->absent_a && x->absent_b == y->absent_b &&
		x->a == y->a && x->b == y->b && x->host_changed == y->host_changed;
}

/* Into the grouped list: a new entry, or one more CPU model of an equal one. */
static void group(struct tl_list *g, const struct tl_event *e)
{
	struct tl_event *x = NULL;
	unsigned int i;
	size_t o;

	for (i = 0; i < g->nr; i++) {
		x = &g->v[i];
		if (x->sa == e->sa && x->sb == e->sb && same_change(x, e) &&
		    !strcmp(x->why_a, e->why_a) && !strcmp(x->why_b, e->why_b) &&
		    !strcmp(x->model, e->model))
			break;
	}
	if (i == g->nr) {
		x = tl_add(g);
		*x = *e;
		x->nr_cpus = 0;
		*x->cpus = '\0';
	}
	o = strlen(x->cpus);
	snprintf(x->cpus + o, sizeof(x->cpus) - o, "%s%s", x->nr_cpus ? ", " : "", e->cpu);
	x->nr_cpus++;
}

static bool hw_differs(const struct diff_list *hw, int msr)
{
	unsigned int i;

	for (i = 0; i < hw->nr; i++)
		if (hw->v[i].msr == msr)
			return true;
	return false;
}

/*
 * The changes of one CPU model's chain of snapshots with one parameter
 * set, as raw events; with m, each gets the model's dating and rules and
 * goes into the grouped list too.
 */
static unsigned int chain(const struct rep_set *set, unsigned int first,
			  unsigned int end, const char *params,
			  struct tl_list *raw, struct tl_list *grouped,
			  struct tl_model *m)
{
	const struct rep_snap *prev = NULL;
	unsigned int i, j, compared = 0;

	for (i = first; i < end; i++) {
		const struct rep_snap *cur = &set->v[i];
		struct diff_list l = { 0 }, hw = { 0 };

		if (strcmp(cur->params, params))
			continue;
		if (msrs_empty(&cur->s->msrs[VIEW_SYS])) {
			prev = NULL;	/* nothing to compare across a gap in KVM's answers */
			continue;
		}
		if (!prev) {
			prev = cur;
			continue;
		}
		compared++;
		diff_views(prev->s, VIEW_SYS, cur->s, VIEW_SYS, &l);
		if (l.nr_msr)
			diff_views(prev->s, VIEW_HW, cur->s, VIEW_HW, &hw);
		if (l.nr_msr && m)
			model_pair(m, prev, cur);
		for (j = 0; j < l.nr; j++) {
			struct tl_event *e;

			if (l.v[j].msr < 0)
				continue;
			e = tl_add(raw);
			event_from(e, &l.v[j], prev, cur);
			e->host_changed = hw_differs(&hw, l.v[j].msr);
			if (!m)
				continue;
			rule_text(m->ra, e, m->ok[0][0], e->why_a, sizeof(e->why_a));
			rule_text(m->rb, e, m->ok[m->n - 1][0], e->why_b, sizeof(e->why_b));
			model_sentence(set, m, e);
			group(grouped, e);
		}
		diff_list_free(&l);
		diff_list_free(&hw);
		prev = cur;
	}
	return compared;
}

/* ---- writing it ---- */

static void snapshots_sentence(struct doc *d, const struct rep_set *set,
			       const struct tl_event *e)
{
	const struct rep_series *a = &set->series[e->sa], *b = &set->series[e->sb];
	struct kver from = kver_series_after(series_of(a->kv));
	struct kver to = kver_series_before(series_of(b->kv));
	char va[40], vb[40], f[24], t[24], kb[24];

	value_text(e, e->absent_a, e->a, va, sizeof(va));
	value_text(e, e->absent_b, e->b, vb, sizeof(vb));
	kver_str(b->kv, kb, sizeof(kb));
	if (!kver_cmp(series_of(a->kv), series_of(b->kv)))
		doc_item(d, "snapshots: %s on %s, %s on %s, the same series: a late change of %u.%u (a fix after the release candidate, or a stable update)",
			 va, a->label, vb, b->title, b->kv.major, b->kv.minor);
	else if (kver_cmp(from, series_of(b->kv)) >= 0)
		doc_item(d, "snapshots: %s on %s, %s on %s: first in %s",
			 va, a->label, vb, b->label, b->label);
	else if (!kver_cmp(from, to))
		doc_item(d, "snapshots: %s on %s, %s on %s; %s was not captured: the change came in %s or %s",
			 va, a->label, vb, b->label, kver_str(from, f, sizeof(f)), f,
			 b->label);
	else
		doc_item(d, "snapshots: %s on %s, %s on %s; %s to %s were not captured: the change came in one release from %s to %s",
			 va, a->label, vb, b->label, kver_str(from, f, sizeof(f)),
			 kver_str(to, t, sizeof(t)), f, b->label);
}

static int cmp_event(const void *x, const void *y)
{
	const struct tl_event *a = x, *b = y;

	if (a->sb != b->sb)
		return a->sb < b->sb ? -1 : 1;
	if (a->msr != b->msr)
		return a->msr - b->msr;
	if (a->lo != b->lo)
		return a->lo - b->lo;
	if (a->sa != b->sa)
		return a->sa < b->sa ? -1 : 1;
	return strcmp(a->cpus, b->cpus);
}

static void write_event(struct doc *d, const struct rep_set *set,
			const struct tl_event *e)
{
	const char *la = set->series[e->sa].label, *lb = set->series[e->sb].label;

	doc_item(d, "%s on %s", e->what, e->cpus);
	doc_list_begin(d);
	snapshots_sentence(d, set, e);
	if (e->host_changed)
		doc_item(d, "host: the hardware's own value of this MSR differs between the two snapshots (they were captured under different emulator builds or CPUs): not the kernel's change alone");
	doc_item(d, "model: %s", e->model);
	if (!strcmp(e->why_a, e->why_b))
		doc_item(d, "rule in %s and %s: %s", la, lb, e->why_b);
	else {
		doc_item(d, "rule in %s: %s", lb, *e->why_b ? e->why_b : "none");
		doc_item(d, "rule in %s: %s", la, *e->why_a ? e->why_a : "none");
	}
	doc_list_end(d);
}

/* Series in which no CPU model changed anything, as one line. */
static void quiet_series(struct doc *d, const struct rep_set *set,
			 const struct tl_list *g)
{
	char line[1024] = "";
	unsigned int s, i, n = 0;
	size_t o = 0;

	for (s = 0; s < set->nr_series; s++) {
		bool changed = false;

		for (i = 0; i < g->nr; i++)
			changed |= g->v[i].sb == s;
		if (changed || !s)
			continue;
		if (o < sizeof(line))
			o += snprintf(line + o, sizeof(line) - o, "%s%s", n ? ", " : "",
				      set->series[s].label);
		n++;
	}
	if (n)
		doc_para(d, "No CPU model reports anything new in %s (with default parameters, against the series before it).",
			 line);
}

/* Parameter sets: each of their changes must be one of the default timeline's. */
static void other_params(struct doc *d, const struct rep_set *set,
			 const struct tl_list *def_raw)
{
	struct tl_list raw = { 0 };
	unsigned int i = 0, k, chains = 0, pairs = 0, agree = 0, odd = 0;

	while (i < set->nr) {
		unsigned int j = i, p;

		while (j < set->nr && !strcmp(set->v[j].cpu, set->v[i].cpu))
			j++;
		for (p = i; p < j; p++) {
			unsigned int q;

			/* each parameter set once, from its first snapshot */
			for (q = i; q < p && strcmp(set->v[q].params, set->v[p].params); q++)
				;
			if (q < p || rep_is_default(&set->v[p]))
				continue;
			chains++;
			pairs += chain(set, i, j, set->v[p].params, &raw, NULL, NULL);
		}
		i = j;
	}
	for (k = 0; k < raw.nr; k++) {
		const struct tl_event *e = &raw.v[k];
		unsigned int x;

		for (x = 0; x < def_raw->nr; x++) {
			const struct tl_event *f = &def_raw->v[x];

			/* the two windows (sa, sb] overlap */
			if (!strcmp(f->cpu, e->cpu) && same_change(f, e) &&
			    f->sa < e->sb && e->sa < f->sb)
				break;
		}
		if (x < def_raw->nr)
			agree++;
		else
			raw.v[k].unexplained = true;
	}
	doc_heading(d, 2, "The timeline and the other parameter sets");
	doc_para(d, "Each parameter set besides the defaults, compared from series to series the same way (%u chains of snapshots, %u pairs; they were captured on fewer series, so their windows are wider): %u changes, %u of them a change of the timeline above on the same CPU model within their window.",
		 chains, pairs, raw.nr, agree);
	for (k = 0; k < raw.nr; k++) {
		const struct tl_event *e = &raw.v[k];

		if (!e->unexplained)
			continue;
		if (!odd++) {
			doc_para(d, "Changes the default parameters do not show:");
			doc_list_begin(d);
		}
		doc_item(d, "%s with %s: %s, after %s and by %s", e->cpu, e->params,
			 e->what, set->series[e->sa].label, set->series[e->sb].label);
	}
	if (odd)
		doc_list_end(d);
	else if (raw.nr)
		doc_para(d, "No parameter set shows a change between series of its own.");
	free(raw.v);
}

void report_timeline(struct doc *d, const struct rep_set *set)
{
	struct tl_list raw = { 0 }, g = { 0 };
	struct tl_model *m = xcalloc(1, sizeof(*m));
	char quiet[1024] = "", single[1024] = "";
	unsigned int i = 0, k, nq = 0, ns = 0;
	size_t oq = 0, os = 0;

	m->ra = xcalloc(1, sizeof(*m->ra));
	m->rb = xcalloc(1, sizeof(*m->rb));
	while (i < set->nr) {
		unsigned int j = i, before = raw.nr, n = 0, p;

		while (j < set->nr && !strcmp(set->v[j].cpu, set->v[i].cpu))
			j++;
		for (p = i; p < j; p++)
			n += rep_is_default(&set->v[p]) && !msrs_empty(&set->v[p].s->msrs[VIEW_SYS]);
		chain(set, i, j, "default", &raw, &g, m);
		if (n < 2 && os < sizeof(single))
			os += snprintf(single + os, sizeof(single) - os, "%s%s", ns++ ? ", " : "",
				       set->v[i].cpu);
		else if (raw.nr == before && oq < sizeof(quiet))
			oq += snprintf(quiet + oq, sizeof(quiet) - oq, "%s%s", nq++ ? ", " : "",
				       set->v[i].cpu);
		i = j;
	}
	qsort(g.v, g.nr, sizeof(*g.v), cmp_event);

	doc_heading(d, 2, "Timeline");
	doc_para(d, "Each change in the system view (default parameters) from one kernel series of a CPU model to the next, under the series where it first shows, and grouped across CPU models. 'snapshots' says how exactly the captured series pin it; 'model' when the model's rules date it (the model run on the later snapshot's inputs with every release in between); 'rule' is the model's reason for the bit in each of the two series, with the kernels that rule holds for in parentheses.");
	quiet_series(d, set, &g);
	for (k = 0; k < g.nr; k++) {
		if (!k || g.v[k].sb != g.v[k - 1].sb) {
			if (k)
				doc_list_end(d);
			doc_heading(d, 3, "%s", set->series[g.v[k].sb].title);
			doc_list_begin(d);
		}
		write_event(d, set, &g.v[k]);
	}
	if (g.nr)
		doc_list_end(d);
	else
		doc_para(d, "No CPU model reports a difference between its kernel series.");
	if (nq)
		doc_para(d, "Every series reports the same on %s.", quiet);
	if (ns)
		doc_para(d, "Fewer than two series with default parameters, so no timeline: %s.",
			 single);
	other_params(d, set, &raw);

	free(m->ra);
	free(m->rb);
	free(m);
	free(raw.v);
	free(g.v);
}
