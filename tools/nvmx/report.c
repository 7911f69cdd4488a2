// SPDX-License-Identifier: GPL-2.0-only
/*
 * The content of the cross-kernel report.  First the kernel series and
 * what was captured on each, then the timeline (report_timeline.c: what
 * changed in which series, and the model's rule for it), since that is
 * what a reader comes for.  Then per CPU model: which nested VMX bits
 * each series exposes on the system fd with default parameters, where
 * they differ, what each parameter set changes, and last every bit.
 * Bits are labelled and named exactly as nvmx show does, from the one
 * table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

#define MAX_KERNELS	(DEC_MAX_COLS - 1)	/* one column is the hardware */

struct cpu_view {
	const char *cpu;
	const struct rep_snap *k[MAX_KERNELS];	/* default params, by version */
	unsigned int nk;
	const struct vmx_msr_set *sets[DEC_MAX_COLS];	/* hw, then kernels */
	const char *cols[DEC_MAX_COLS + 3];
	const char *names[MAX_KERNELS];	/* the series' titles, for columns */
	const char *labels[MAX_KERNELS];	/* and their short names */
	unsigned int dropped;	/* kernels beyond the columns a table has */
};

/* By CPU model, then series (in version order), the defaults first. */
static int cmp_snap(const void *a, const void *b)
{
	const struct rep_snap *x = a, *y = b;
	int c = strcmp(x->cpu, y->cpu);

	if (c)
		return c;
	if (x->series != y->series)
		return x->series < y->series ? -1 : 1;
	if (rep_is_default(x) != rep_is_default(y))
		return rep_is_default(x) ? -1 : 1;
	return strcmp(x->params, y->params);
}

static const char *cls_of(const struct dec_cell *c)
{
	switch (c->cls) {
	case CELL_YES: case CELL_NO: case CELL_FORCED: case CELL_DEFAULT:
		return cell_class_word(c->cls);
	default:
		return "";
	}
}

/* Whether the kernels' columns (1..n-1) disagree on this row. */
static bool kernels_differ(const struct dec_row *r, unsigned int ncols)
{
	unsigned int i;

	for (i = 2; i < ncols; i++)
		if (strcmp(r->cell[i].text, r->cell[1].text))
			return true;
	return false;
}

static void bit_text(const struct dec_row *r, bool ctls, char *buf, size_t len)
{
	if (r->lo == r->hi)
		snprintf(buf, len, "%s %d", ctls ? "ctl" : "bit", r->lo);
	else
		snprintf(buf, len, "%d:%d", r->hi, r->lo);
}

/* Rows of every MSR, or only those where the kernels differ. */
static unsigned int bit_table(struct doc *d, const struct cpu_view *cv,
			      bool only_diff)
{
	unsigned int ncols = cv->nk + 1, shown = 0, id;

	doc_table_head(d, cv->cols, ncols + 3);
	for (id = 0; id < NR_VMX_MSRS; id++) {
		struct dec_row rows[DEC_MAX_ROWS];
		unsigned int n = decode_sets(cv->sets, ncols, id, rows, DEC_MAX_ROWS);
		unsigned int i, c;

		for (i = 0; i < n; i++) {
			const char *cells[DEC_MAX_COLS + 3], *cls[DEC_MAX_COLS + 3];
			bool differ = kernels_differ(&rows[i], ncols);
			char bit[16];

			if (only_diff && !differ)
				continue;
			bit_text(&rows[i], vmx_is_ctls(id), bit, sizeof(bit));
			cells[0] = vmx_msr(id)->short_name;
			cells[1] = bit;
			cells[2] = rows[i].desc;
			cls[0] = cls[1] = cls[2] = NULL;
			for (c = 0; c < ncols; c++) {
				cells[3 + c] = rows[i].cell[c].text;
				cls[3 + c] = cls_of(&rows[i].cell[c]);
			}
			doc_table_row(d, cells, cls, ncols + 3, differ && !only_diff);
			shown++;
		}
	}
	doc_table_end(d);
	return shown;
}

static unsigned int count_msrs(const struct vmx_msr_set *m)
{
	return __builtin_popcount(m->present);
}

/* Why a system view is empty, from the capture's own notes. */
static const char *empty_reason(const struct vmx_snapshot *s)
{
	unsigned int i;

	for (i = 0; i < s->nr_notes; i++)
		if (strstr(s->notes[i], "system fd") || strstr(s->notes[i], "/dev/kvm"))
			return s->notes[i];
	return "KVM reported no VMX MSR";
}

static void kernel_list(struct doc *d, const struct cpu_view *cv)
{
	unsigned int i;

	doc_list_begin(d);
	for (i = 0; i < cv->nk; i++) {
		const struct vmx_snapshot *s = cv->k[i]->s;

		if (msrs_empty(&s->msrs[VIEW_SYS]))
			doc_item(d, "%s: Linux %s; system view: none (%s)",
				 cv->names[i], s->kernel_release, empty_reason(s));
		else
			doc_item(d, "%s: Linux %s; system view: %u MSRs; vCPU view: %u MSRs; hardware view: %u MSRs",
				 cv->names[i], s->kernel_release,
				 count_msrs(&s->msrs[VIEW_SYS]),
				 count_msrs(&s->msrs[VIEW_VCPU]),
				 count_msrs(&s->msrs[VIEW_HW]));
	}
	doc_list_end(d);
}

/*
 * Each step from one series to the next as named diffs; the steps without
 * a difference in one line: with many series, most steps have none.
 */
static void steps(struct doc *d, const struct cpu_view *cv)
{
	char same[1024] = "";
	unsigned int i, j, n = 0;
	size_t o = 0;

	for (i = 1; i < cv->nk; i++) {
		const struct vmx_snapshot *a = cv->k[i - 1]->s, *b = cv->k[i]->s;
		struct diff_list l = { 0 };

		if (msrs_empty(&a->msrs[VIEW_SYS]) || msrs_empty(&b->msrs[VIEW_SYS]))
			continue;
		diff_views(a, VIEW_SYS, b, VIEW_SYS, &l);
		if (!l.nr_msr) {
			if (o < sizeof(same))
				o += snprintf(same + o, sizeof(same) - o, "%s%s to %s",
					      n++ ? ", " : "", cv->labels[i - 1], cv->labels[i]);
			diff_list_free(&l);
			continue;
		}
		doc_heading(d, 5, "From %s to %s", cv->labels[i - 1], cv->labels[i]);
		doc_list_begin(d);
		for (j = 0; j < l.nr; j++)
			doc_item(d, "%s", l.v[j].text);
		doc_list_end(d);
		diff_list_free(&l);
	}
	if (n)
		doc_para(d, "No difference from %s.", same);
}

/* The system-view differences of b against a, one per line; malloc'd. */
static char *diff_lines(const struct vmx_snapshot *a, const struct vmx_snapshot *b,
			unsigned int *nr)
{
	struct diff_list l = { 0 };
	size_t len = 1, o = 0;
	unsigned int i;
	char *t;

	diff_views(a, VIEW_SYS, b, VIEW_SYS, &l);
	for (i = 0; i < l.nr; i++)
		len += strlen(l.v[i].text) + 1;
	t = malloc(len);
	if (!t) {
		fprintf(stderr, "nvmx report: out of memory\n");
		exit(EXIT_BAD_INPUT);
	}
	*t = '\0';
	for (i = 0; i < l.nr; i++)
		o += sprintf(t + o, "%s\n", l.v[i].text);
	*nr = l.nr_msr;
	diff_list_free(&l);
	return t;
}

static const struct rep_snap *find_snap(const struct rep_set *set,
					const char *cpu, const char *params,
					unsigned int series)
{
	unsigned int i;

	for (i = 0; i < set->nr; i++)
		if (!strcmp(set->v[i].cpu, cpu) && !strcmp(set->v[i].params, params) &&
		    set->v[i].series == series)
			return &set->v[i];
	return NULL;
}

#define MAX_PARAM_SETS	32

/*
 * Each parameter set against the defaults of the same kernel: a table of
 * how many bits change per kernel, then the changes, once for all the
 * kernels where they are the same.
 */
static void param_sets(struct doc *d, const struct rep_set *set,
		       const struct cpu_view *cv)
{
	const char *names[MAX_PARAM_SETS], *cols[MAX_KERNELS + 1];
	char *text[MAX_PARAM_SETS][MAX_KERNELS] = { { 0 } };
	char cells[MAX_KERNELS][48];
	unsigned int np = 0, nc = 0, ks[MAX_KERNELS], i, c, c2, k;
	bool more = false;

	for (i = 0; i < set->nr; i++) {
		const struct rep_snap *r = &set->v[i];

		if (strcmp(r->cpu, cv->cpu) || rep_is_default(r))
			continue;
		for (k = 0; k < np && strcmp(names[k], r->params); k++)
			;
		if (k < np)
			continue;
		if (np == MAX_PARAM_SETS) {
			more = true;
			break;
		}
		names[np++] = r->params;
	}
	/* columns: only the series where some parameter set was captured */
	for (k = 0; k < cv->nk; k++) {
		for (i = 0; i < np && !find_snap(set, cv->cpu, names[i], cv->k[k]->series); i++)
			;
		if (i < np)
			ks[nc++] = k;
	}
	if (!np || !nc)
		return;
	doc_heading(d, 4, "Parameter sets against the defaults (system view)");
	doc_para(d, "Bits of the system view that differ from the same kernel with default parameters, on the series where parameter sets were captured.");
	if (more)
		doc_para(d, "Only the first %d parameter sets are shown.", MAX_PARAM_SETS);
	cols[0] = "parameter set";
	for (c = 0; c < nc; c++)
		cols[1 + c] = cv->names[ks[c]];
	doc_table_head(d, cols, nc + 1);
	for (i = 0; i < np; i++) {
		const char *row[MAX_KERNELS + 1];

		row[0] = names[i];
		for (c = 0; c < nc; c++) {
			const struct rep_snap *r = find_snap(set, cv->cpu, names[i],
							     cv->k[ks[c]]->series);
			const struct vmx_snapshot *def = cv->k[ks[c]]->s;
			unsigned int n;

			row[1 + c] = cells[c];
			if (!r)
				snprintf(cells[c], sizeof(cells[c]), "not captured");
			else if (msrs_empty(&r->s->msrs[VIEW_SYS]))
				snprintf(cells[c], sizeof(cells[c]), "no VMX MSRs");
			else if (msrs_empty(&def->msrs[VIEW_SYS]))
				snprintf(cells[c], sizeof(cells[c]), "no default to compare");
			else if (!(text[i][c] = diff_lines(def, r->s, &n)) || !n)
				snprintf(cells[c], sizeof(cells[c]), "same");
			else
				snprintf(cells[c], sizeof(cells[c]), "%u bit%s", n,
					 n == 1 ? "" : "s");
		}
		doc_table_row(d, row, NULL, nc + 1, false);
	}
	doc_table_end(d);

	for (i = 0; i < np; i++) {
		bool done[MAX_KERNELS] = { false };

		for (c = 0; c < nc; c++) {
			char kernels[256];
			size_t o;

			if (done[c] || !text[i][c] || !*text[i][c])
				continue;
			o = snprintf(kernels, sizeof(kernels), "%s",
				     set->series[cv->k[ks[c]]->series].label);
			for (c2 = c + 1; c2 < nc; c2++) {
				if (!text[i][c2] || strcmp(text[i][c], text[i][c2]))
					continue;
				done[c2] = true;
				if (o < sizeof(kernels))
					o += snprintf(kernels + o, sizeof(kernels) - o, ", %s",
						      set->series[cv->k[ks[c2]]->series].label);
			}
			doc_heading(d, 5, "%s on %s", names[i], kernels);
			doc_list_begin(d);
			{
				char *p = text[i][c], *nl;

				while ((nl = strchr(p, '\n'))) {
					*nl = '\0';
					doc_item(d, "%s", p);
					*nl = '\n';
					p = nl + 1;
				}
			}
			doc_list_end(d);
		}
	}
	for (i = 0; i < np; i++)
		for (c = 0; c < nc; c++)
			free(text[i][c]);
}

/* The default-parameter kernels of one CPU model, and the columns. */
static void cpu_view_init(struct cpu_view *cv, struct vmx_msr_set *none,
			  const struct rep_set *set, unsigned int first,
			  unsigned int end)
{
	static const char *const fixed[] = { "MSR", "bit", "meaning", "hardware" };
	unsigned int i;

	memset(cv, 0, sizeof(*cv));
	memset(none, 0, sizeof(*none));
	cv->cpu = set->v[first].cpu;
	for (i = first; i < end; i++) {
		const struct rep_snap *r = &set->v[i];

		if (!rep_is_default(r))
			continue;
		if (cv->nk == MAX_KERNELS) {
			cv->dropped++;
			continue;
		}
		cv->k[cv->nk] = r;
		cv->names[cv->nk] = set->series[r->series].title;
		cv->labels[cv->nk] = set->series[r->series].label;
		cv->nk++;
	}
	memcpy(cv->cols, fixed, sizeof(fixed));
	cv->sets[0] = none;
	for (i = cv->nk; i-- > 0;) {
		/* the hardware column: the newest kernel's raw values */
		if (!msrs_empty(&cv->k[i]->s->msrs[VIEW_HW])) {
			cv->sets[0] = &cv->k[i]->s->msrs[VIEW_HW];
			break;
		}
	}
	for (i = 0; i < cv->nk; i++) {
		cv->sets[1 + i] = &cv->k[i]->s->msrs[VIEW_SYS];
		cv->cols[4 + i] = cv->names[i];
	}
}

static void write_cpu(struct doc *d, const struct rep_set *set, unsigned int first,
		      unsigned int end)
{
	const struct vmx_snapshot *any = set->v[first].s;
	struct vmx_msr_set none;
	struct cpu_view cv;
	unsigned int n;

	cpu_view_init(&cv, &none, set, first, end);
	doc_heading(d, 3, "%s", cv.cpu);
	if (*any->cpu_model && any->have_signature)
		doc_para(d, "CPU: %s (CPUID.1:EAX 0x%08x)", any->cpu_model,
			 any->cpu_signature);
	else if (*any->cpu_model)
		doc_para(d, "CPU: %s", any->cpu_model);
	if (!cv.nk) {
		doc_para(d, "No snapshot with default parameters for this CPU model.");
		param_sets(d, set, &cv);
		return;
	}
	kernel_list(d, &cv);
	if (cv.dropped)
		doc_para(d, "%u more kernels with default parameters are not shown: a table has room for %d.",
			 cv.dropped, MAX_KERNELS);

	doc_heading(d, 4, "Where the kernels differ (system view, default parameters)");
	n = bit_table(d, &cv, true);
	if (!n)
		doc_para(d, "Every kernel reports the same nested VMX MSRs on this CPU model.");
	steps(d, &cv);
	param_sets(d, set, &cv);

	doc_heading(d, 4, "Every bit (system view, default parameters)");
	doc_details_begin(d, "All MSRs and bits; rows where the kernels differ are marked");
	bit_table(d, &cv, false);
	doc_details_end(d);
}

/* The kernel series, in the order every table and the timeline use. */
static void series_table(struct doc *d, const struct rep_set *set)
{
	const char *cols[] = { "series", "uname -r", "version",
			       "Debian package (kernels.lock)", "CPU models", "snapshots" };
	unsigned int s, i, nc = set->have_lock ? 6 : 5;

	if (!set->have_lock) {
		cols[3] = cols[4];
		cols[4] = cols[5];
	}
	doc_table_head(d, cols, nc);
	for (s = 0; s < set->nr_series; s++) {
		const struct rep_series *sr = &set->series[s];
		char ver[24], cpus[512] = "", count[16], name[80], rel[256] = "";
		const char *cells[6];
		unsigned int n = 0, c = 0;
		size_t o = 0, orel = 0;

		for (i = 0; i < set->nr; i++) {
			const struct rep_snap *r = &set->v[i];
			const char *kr = r->s->kernel_release;

			if (r->series != s)
				continue;
			n++;
			/* a series may hold several builds (6.1.0-56 and -57) */
			if (*kr && !flags_line_has(rel, kr) && orel < sizeof(rel))
				orel += snprintf(rel + orel, sizeof(rel) - orel, "%s%s",
						 orel ? " " : "", kr);
			if (!flags_line_has(cpus, r->cpu) && o < sizeof(cpus))
				o += snprintf(cpus + o, sizeof(cpus) - o, "%s%s", o ? " " : "",
					      r->cpu);
		}
		snprintf(count, sizeof(count), "%u", n);
		if (strcmp(sr->label, sr->name))
			snprintf(name, sizeof(name), "%s (%s)", sr->label, sr->name);
		else
			snprintf(name, sizeof(name), "%s", sr->label);
		cells[c++] = name;
		cells[c++] = *rel ? rel : "-";
		cells[c++] = kver_str(sr->kv, ver, sizeof(ver));
		if (set->have_lock)
			cells[c++] = *sr->package ? sr->package : "-";
		cells[c++] = cpus;
		cells[c++] = count;
		doc_table_row(d, cells, NULL, nc, false);
	}
	doc_table_end(d);
}

/* Per CPU model and series, how many snapshots: what the report can compare. */
static void overview(struct doc *d, const struct rep_set *set)
{
	const char *cols[MAX_KERNELS + 2];
	char cells[MAX_KERNELS][24];
	unsigned int i = 0, s, ns = set->nr_series;

	if (ns > MAX_KERNELS)
		ns = MAX_KERNELS;
	cols[0] = "CPU model";
	for (s = 0; s < ns; s++)
		cols[1 + s] = set->series[s].label;
	cols[1 + ns] = "parameter sets besides the defaults";
	doc_para(d, "Snapshots per CPU model and series (the default parameters and the parameter sets; '-': none, 'no default': only other parameter sets):");
	doc_table_head(d, cols, ns + 2);
	while (i < set->nr) {
		const char *row[MAX_KERNELS + 2];
		unsigned int j = i, n[MAX_KERNELS] = { 0 };
		bool def[MAX_KERNELS] = { false };
		char params[512] = "";

		for (; j < set->nr && !strcmp(set->v[j].cpu, set->v[i].cpu); j++) {
			const struct rep_snap *r = &set->v[j];
			size_t o = strlen(params);

			if (r->series < ns) {
				n[r->series]++;
				def[r->series] |= rep_is_default(r);
			}
			if (rep_is_default(r) || flags_line_has(params, r->params))
				continue;
			snprintf(params + o, sizeof(params) - o, "%s%s", o ? " " : "", r->params);
		}
		row[0] = set->v[i].cpu;
		for (s = 0; s < ns; s++) {
			if (!n[s])
				snprintf(cells[s], sizeof(cells[s]), "-");
			else
				snprintf(cells[s], sizeof(cells[s]), "%u%s", n[s],
					 def[s] ? "" : " no default");
			row[1 + s] = cells[s];
		}
		row[1 + ns] = *params ? params : "-";
		doc_table_row(d, row, NULL, ns + 2, false);
		i = j;
	}
	doc_table_end(d);
}

void report_write(struct doc *d, const struct rep_set *cset)
{
	struct rep_set set = *cset;
	unsigned int i = 0;

	/* sorted copy of the array of entries; the snapshots are shared */
	set.v = malloc(set.nr * sizeof(*set.v));
	if (!set.v && set.nr) {
		fprintf(stderr, "nvmx report: out of memory\n");
		exit(EXIT_BAD_INPUT);
	}
	memcpy(set.v, cset->v, set.nr * sizeof(*set.v));
	qsort(set.v, set.nr, sizeof(*set.v), cmp_snap);

	doc_begin(d, "Nested VMX capabilities across kernels");
	doc_heading(d, 1, "Nested VMX capabilities across kernels");
	doc_para(d, "What KVM reports to L1 hypervisors as nested VMX capabilities (the IA32_VMX_* MSRs on KVM's system fd, KVM_GET_MSRS on /dev/kvm), per CPU model and kernel series, from %u snapshots (%s) of %u series. The emulated runner captures them with nvmx capture in every configuration of its matrix.",
		 set.nr, set.source, set.nr_series);
	doc_code_para(d, "Generated by ", "make report", " (nvmx report); do not edit by hand.");
	if (set.have_lock)
		doc_para(d, "The kernel series, in version order (a release candidate before its release); the packages are those of %s.",
			 set.lock);
	else
		doc_para(d, "The kernel series, in version order:");
	series_table(d, &set);
	overview(d, &set);
	report_timeline(d, &set);
	doc_heading(d, 2, "Per CPU model");
	doc_para(d, "Labels, as QEMU's vmxcap and nvmx show print them: for controls, no (must be 0), forced (must be 1), default (must be 1 unless the L1 uses the TRUE MSRs), yes (either); for CR0/CR4 bits, fixed-0, fixed-1 or free; fields in the SDM's units; '-' means the MSR is absent. The hardware column is the emulated CPU's raw MSR, where it was readable.");
	while (i < set.nr) {
		unsigned int j = i;

		while (j < set.nr && !strcmp(set.v[j].cpu, set.v[i].cpu))
			j++;
		write_cpu(d, &set, i, j);
		i = j;
	}
	doc_end(d);
	free(set.v);
}
