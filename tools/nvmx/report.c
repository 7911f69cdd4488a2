// SPDX-License-Identifier: GPL-2.0-only
/*
 * The content of the cross-kernel report.  Per CPU model: which nested
 * VMX bits each kernel exposes on the system fd with default parameters,
 * where the kernels differ (first, since that is what a reader comes
 * for), what each parameter set changes, and last every bit.  Bits are
 * labelled and named exactly as nvmx show does, from the one table.
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
	char names[MAX_KERNELS][48];
	unsigned int dropped;	/* kernels beyond the columns a table has */
};

static bool is_default(const struct rep_snap *r)
{
	return !strcmp(r->params, "default");
}

static int cmp_snap(const void *a, const void *b)
{
	const struct rep_snap *x = a, *y = b;
	int c = strcmp(x->cpu, y->cpu);

	if (c)
		return c;
	c = kver_cmp(x->kv, y->kv);
	if (c)
		return c;
	if (is_default(x) != is_default(y))
		return is_default(x) ? -1 : 1;
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

static void diff_items(struct doc *d, const struct vmx_snapshot *a,
		       const struct vmx_snapshot *b)
{
	struct diff_list l = { 0 };
	unsigned int i;

	diff_views(a, VIEW_SYS, b, VIEW_SYS, &l);
	if (!l.nr_msr) {
		doc_para(d, "no difference");
	} else {
		doc_list_begin(d);
		for (i = 0; i < l.nr; i++)
			doc_item(d, "%s", l.v[i].text);
		doc_list_end(d);
	}
	diff_list_free(&l);
}

static void steps(struct doc *d, const struct cpu_view *cv)
{
	unsigned int i;

	for (i = 1; i < cv->nk; i++) {
		const struct vmx_snapshot *a = cv->k[i - 1]->s, *b = cv->k[i]->s;

		if (msrs_empty(&a->msrs[VIEW_SYS]) || msrs_empty(&b->msrs[VIEW_SYS]))
			continue;
		doc_heading(d, 4, "From %s to %s", cv->names[i - 1], cv->names[i]);
		diff_items(d, a, b);
	}
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
					struct kver kv)
{
	unsigned int i;

	for (i = 0; i < set->nr; i++)
		if (!strcmp(set->v[i].cpu, cpu) && !strcmp(set->v[i].params, params) &&
		    !kver_cmp(set->v[i].kv, kv))
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
	unsigned int np = 0, i, k, k2;
	bool more = false;

	for (i = 0; i < set->nr; i++) {
		const struct rep_snap *r = &set->v[i];

		if (strcmp(r->cpu, cv->cpu) || is_default(r))
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
	if (!np || !cv->nk)
		return;
	doc_heading(d, 3, "Parameter sets against the defaults (system view)");
	doc_para(d, "Bits of the system view that differ from the same kernel with default parameters.");
	if (more)
		doc_para(d, "Only the first %d parameter sets are shown.", MAX_PARAM_SETS);
	cols[0] = "parameter set";
	for (k = 0; k < cv->nk; k++)
		cols[1 + k] = cv->names[k];
	doc_table_head(d, cols, cv->nk + 1);
	for (i = 0; i < np; i++) {
		const char *row[MAX_KERNELS + 1];

		row[0] = names[i];
		for (k = 0; k < cv->nk; k++) {
			const struct rep_snap *r = find_snap(set, cv->cpu, names[i], cv->k[k]->kv);
			const struct vmx_snapshot *def = cv->k[k]->s;
			unsigned int n;

			row[1 + k] = cells[k];
			if (!r)
				snprintf(cells[k], sizeof(cells[k]), "not captured");
			else if (msrs_empty(&r->s->msrs[VIEW_SYS]))
				snprintf(cells[k], sizeof(cells[k]), "no VMX MSRs");
			else if (msrs_empty(&def->msrs[VIEW_SYS]))
				snprintf(cells[k], sizeof(cells[k]), "no default to compare");
			else if (!(text[i][k] = diff_lines(def, r->s, &n)) || !n)
				snprintf(cells[k], sizeof(cells[k]), "same");
			else
				snprintf(cells[k], sizeof(cells[k]), "%u bit%s", n,
					 n == 1 ? "" : "s");
		}
		doc_table_row(d, row, NULL, cv->nk + 1, false);
	}
	doc_table_end(d);

	for (i = 0; i < np; i++) {
		bool done[MAX_KERNELS] = { false };

		for (k = 0; k < cv->nk; k++) {
			char kernels[256];
			size_t o;

			if (done[k] || !text[i][k] || !*text[i][k])
				continue;
			o = snprintf(kernels, sizeof(kernels), "%s", cv->k[k]->kernel);
			for (k2 = k + 1; k2 < cv->nk; k2++) {
				if (!text[i][k2] || strcmp(text[i][k], text[i][k2]))
					continue;
				done[k2] = true;
				if (o < sizeof(kernels))
					o += snprintf(kernels + o, sizeof(kernels) - o, ", %s",
						      cv->k[k2]->kernel);
			}
			doc_heading(d, 4, "%s on %s", names[i], kernels);
			doc_list_begin(d);
			{
				char *p = text[i][k], *nl;

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
		for (k = 0; k < cv->nk; k++)
			free(text[i][k]);
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
		char ver[24];

		if (!is_default(r))
			continue;
		if (cv->nk == MAX_KERNELS) {
			cv->dropped++;
			continue;
		}
		cv->k[cv->nk] = r;
		kver_str(r->kv, ver, sizeof(ver));
		if (!strcmp(ver, r->kernel))
			snprintf(cv->names[cv->nk], sizeof(cv->names[0]), "%.40s", r->kernel);
		else
			snprintf(cv->names[cv->nk], sizeof(cv->names[0]), "%.20s (%.20s)",
				 r->kernel, ver);
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

/* One line per CPU model: which bits the kernels disagree on. */
static void at_a_glance(struct doc *d, const struct rep_set *set)
{
	unsigned int i = 0;

	doc_heading(d, 2, "At a glance");
	doc_para(d, "Bits of the system view (default parameters) on which the kernels of a CPU model disagree; the sections below say which kernel has what.");
	doc_list_begin(d);
	while (i < set->nr) {
		struct vmx_msr_set none;
		struct cpu_view cv;
		char line[2048] = "";
		unsigned int j = i, id, n = 0;
		size_t o = 0;

		while (j < set->nr && !strcmp(set->v[j].cpu, set->v[i].cpu))
			j++;
		cpu_view_init(&cv, &none, set, i, j);
		for (id = 0; id < NR_VMX_MSRS && cv.nk > 1; id++) {
			struct dec_row rows[DEC_MAX_ROWS];
			unsigned int nr = decode_sets(cv.sets, cv.nk + 1, id, rows,
						      DEC_MAX_ROWS), r;

			for (r = 0; r < nr; r++) {
				char bit[16];

				if (!kernels_differ(&rows[r], cv.nk + 1))
					continue;
				bit_text(&rows[r], vmx_is_ctls(id), bit, sizeof(bit));
				if (o < sizeof(line))
					o += snprintf(line + o, sizeof(line) - o, "%s%s %s%s (%s)",
						      n ? "; " : "", vmx_msr(id)->short_name,
						      rows[r].lo == rows[r].hi ? "" : "bits ",
						      bit, rows[r].desc);
				n++;
			}
		}
		if (cv.nk < 2)
			doc_item(d, "%s: fewer than two kernels with default parameters", cv.cpu);
		else if (!n)
			doc_item(d, "%s: every kernel reports the same", cv.cpu);
		else
			doc_item(d, "%s (%u): %s", cv.cpu, n, line);
		i = j;
	}
	doc_list_end(d);
}

static void write_cpu(struct doc *d, const struct rep_set *set, unsigned int first,
		      unsigned int end)
{
	const struct vmx_snapshot *any = set->v[first].s;
	struct vmx_msr_set none;
	struct cpu_view cv;
	unsigned int n;

	cpu_view_init(&cv, &none, set, first, end);
	doc_heading(d, 2, "%s", cv.cpu);
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

	doc_heading(d, 3, "Where the kernels differ (system view, default parameters)");
	n = bit_table(d, &cv, true);
	if (!n)
		doc_para(d, "Every kernel reports the same nested VMX MSRs on this CPU model.");
	steps(d, &cv);
	param_sets(d, set, &cv);

	doc_heading(d, 3, "Every bit (system view, default parameters)");
	doc_details_begin(d, "All MSRs and bits; rows where the kernels differ are marked");
	bit_table(d, &cv, false);
	doc_details_end(d);
}

static void overview(struct doc *d, const struct rep_set *set)
{
	static const char *const cols[] = {
		"CPU model", "kernels", "parameter sets besides the defaults", "snapshots"
	};
	unsigned int i = 0;

	doc_table_head(d, cols, 4);
	while (i < set->nr) {
		char kernels[256] = "", params[512] = "", count[16];
		unsigned int j = i;

		for (; j < set->nr && !strcmp(set->v[j].cpu, set->v[i].cpu); j++) {
			const struct rep_snap *r = &set->v[j];
			bool def = is_default(r);
			char *dst = def ? kernels : params;
			size_t cap = def ? sizeof(kernels) : sizeof(params);
			size_t o = strlen(dst);
			char word[80];

			snprintf(word, sizeof(word), "%s", def ? r->kernel : r->params);
			if (flags_line_has(dst, word))
				continue;
			snprintf(dst + o, cap - o, "%s%s", o ? " " : "", word);
		}
		snprintf(count, sizeof(count), "%u", j - i);
		{
			const char *cells[] = { set->v[i].cpu, kernels,
						*params ? params : "-", count };

			doc_table_row(d, cells, NULL, 4, false);
		}
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
	doc_para(d, "What KVM reports to L1 hypervisors as nested VMX capabilities (the IA32_VMX_* MSRs on KVM's system fd, KVM_GET_MSRS on /dev/kvm), per CPU model and kernel, from %u snapshots (%s). The emulated runner captures them with nvmx capture in every configuration of its matrix.",
		 set.nr, set.source);
	doc_code_para(d, "Generated by ", "make report", " (nvmx report); do not edit by hand.");
	doc_para(d, "Labels, as QEMU's vmxcap and nvmx show print them: for controls, no (must be 0), forced (must be 1), default (must be 1 unless the L1 uses the TRUE MSRs), yes (either); for CR0/CR4 bits, fixed-0, fixed-1 or free; fields in the SDM's units; '-' means the MSR is absent. The hardware column is the emulated CPU's raw MSR, where it was readable.");
	overview(d, &set);
	at_a_glance(d, &set);
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
