// SPDX-License-Identifier: GPL-2.0-only
/*
 * Decode one MSR across the three views of a snapshot, in rows: one per
 * named bit or field of the one table (x86_64/tables/vmx_msr_table.c), plus one
 * per unnamed bit that some view sets, so that nothing a CPU or KVM
 * reports goes unseen.
 *
 * Control bits are labelled as QEMU's vmxcap does:
 *   no       allowed-1 is 0: the control must be 0
 *   forced   allowed-0 is 1: the control must be 1
 *   default  the non-TRUE MSR forces it, the TRUE MSR lets it be 0: a
 *            default1 control that a VMM unaware of TRUE MSRs must set
 *   yes      it may be either
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nvmx.h"

const char *cell_class_word(enum cell_class c)
{
	static const char *const w[] = {
		[CELL_ABSENT] = "-", [CELL_NO] = "no", [CELL_FORCED] = "forced",
		[CELL_DEFAULT] = "default", [CELL_YES] = "yes",
		[CELL_FIXED0] = "fixed-0", [CELL_FIXED1] = "fixed-1",
		[CELL_FREE] = "free", [CELL_NUMBER] = "",
	};

	return w[c];
}

static bool reserved_id(const char *id)
{
	return !strncmp(id, "reserved", 8) || !strcmp(id, "zero");
}

static void ctl_cell(const struct vmx_msr_set *set, enum vmx_msr_id id,
		     unsigned int bit, struct dec_cell *c)
{
	const struct vmx_msr_info *m = vmx_msr(id);
	uint64_t v = msrs_get(set, id);
	uint32_t b = 1U << bit;

	c->val = !!(vmx_allowed1(v) & b);
	if (vmx_allowed0(v) & b) {
		c->cls = CELL_FORCED;
		if (!m->is_true && m->twin >= 0 && msrs_has(set, m->twin) &&
		    (m->default1 & b) &&
		    !(vmx_allowed0(msrs_get(set, m->twin)) & b))
			c->cls = CELL_DEFAULT;
	} else {
		c->cls = c->val ? CELL_YES : CELL_NO;
	}
}

static const char *memtype_name(uint64_t t)
{
	switch (t) {
	case 0: return "UC";
	case 6: return "WB";
	default: return "reserved";
	}
}

/* A multi-bit field as text, in the units the SDM gives it. */
static void field_text(enum vmx_msr_id id, const struct vmx_field *f,
		       uint64_t x, char *buf, size_t len)
{
	if (id == VMX_BASIC && !strcmp(f->id, "vmcs_size"))
		snprintf(buf, len, "%llu bytes", (unsigned long long)x);
	else if (id == VMX_BASIC && !strcmp(f->id, "mem_type"))
		snprintf(buf, len, "%s (%llu)", memtype_name(x),
			 (unsigned long long)x);
	else if (id == VMX_MISC && !strcmp(f->id, "preemption_timer_rate"))
		snprintf(buf, len, "TSC/2^%llu", (unsigned long long)x);
	else if (id == VMX_MISC && !strcmp(f->id, "cr3_target_count"))
		snprintf(buf, len, "%llu", (unsigned long long)x);
	else if (id == VMX_MISC && !strcmp(f->id, "msr_list_size"))
		snprintf(buf, len, "%llu MSRs", 512ULL * (x + 1));
	else
		snprintf(buf, len, "0x%llx", (unsigned long long)x);
}

static void other_cell(const struct vmx_msr_set *set, enum vmx_msr_id id,
		       const struct dec_row *r, struct dec_cell *c)
{
	const struct vmx_msr_info *m = vmx_msr(id);
	uint64_t v = msrs_get(set, id);
	unsigned int w = r->hi - r->lo + 1;
	uint64_t mask = (w == 64 ? ~0ULL : (1ULL << w) - 1);
	const struct vmx_field *f;

	c->val = (v >> r->lo) & mask;
	if (m->layout == VMX_LAYOUT_FIXED0) {
		c->cls = c->val ? CELL_FIXED1 : CELL_FREE;
		return;
	}
	if (m->layout == VMX_LAYOUT_FIXED1) {
		c->cls = c->val ? CELL_FREE : CELL_FIXED0;
		return;
	}
	f = vmx_field_at(id, r->lo);
	if (r->lo == r->hi && f && !reserved_id(f->id)) {
		c->cls = c->val ? CELL_YES : CELL_NO;
		return;
	}
	c->cls = CELL_NUMBER;
	if (f && r->lo != r->hi)
		field_text(id, f, c->val, c->text, sizeof(c->text));
	else
		snprintf(c->text, sizeof(c->text), "%llu",
			 (unsigned long long)c->val);
}

/* Whether any view has a 1 in the bits lo..hi (for controls: either half). */
static bool any_set(const struct vmx_msr_set *const *sets, unsigned int n,
		    enum vmx_msr_id id, unsigned int lo, unsigned int hi)
{
	unsigned int w = hi - lo + 1, v;
	uint64_t mask = (w == 64 ? ~0ULL : ((1ULL << w) - 1) << lo);

	if (vmx_is_ctls(id))
		mask |= mask << 32;
	for (v = 0; v < n; v++)
		if (msrs_get(sets[v], id) & mask)
			return true;
	return false;
}

static int cmp_row(const void *a, const void *b)
{
	return ((const struct dec_row *)a)->lo - ((const struct dec_row *)b)->lo;
}

unsigned int decode_sets(const struct vmx_msr_set *const *sets,
			 unsigned int nsets, enum vmx_msr_id id,
			 struct dec_row *rows, unsigned int max)
{
	const struct vmx_msr_info *m = vmx_msr(id);
	unsigned int nbits = vmx_is_ctls(id) ? 32 : 64;
	unsigned int n = 0, i, bit, v;

	if (nsets > DEC_MAX_COLS)
		nsets = DEC_MAX_COLS;
	for (i = 0; i < m->nr_fields && n < max; i++) {
		const struct vmx_field *f = &m->fields[i];

		if (reserved_id(f->id) && !any_set(sets, nsets, id, f->lo, f->hi))
			continue;
		rows[n++] = (struct dec_row){ .lo = f->lo, .hi = f->hi,
					      .id = f->id, .desc = f->desc };
	}
	for (bit = 0; bit < nbits && n < max; bit++) {
		if ((vmx_is_ctls(id) ? vmx_ctl_field(id, bit) :
		     vmx_field_at(id, bit)) || !any_set(sets, nsets, id, bit, bit))
			continue;
		rows[n++] = (struct dec_row){
			.lo = bit, .hi = bit, .id = NULL,
			.desc = vmx_is_ctls(id) && (m->default1 & (1U << bit)) ?
				"reserved, default-1" : "reserved",
		};
	}
	qsort(rows, n, sizeof(*rows), cmp_row);

	for (i = 0; i < n; i++) {
		for (v = 0; v < nsets; v++) {
			struct dec_cell *c = &rows[i].cell[v];

			memset(c, 0, sizeof(*c));
			if (!msrs_has(sets[v], id))
				c->cls = CELL_ABSENT;
			else if (vmx_is_ctls(id))
				ctl_cell(sets[v], id, rows[i].lo, c);
			else
				other_cell(sets[v], id, &rows[i], c);
			if (!*c->text)
				snprintf(c->text, sizeof(c->text), "%s",
					 cell_class_word(c->cls));
		}
	}
	return n;
}

unsigned int decode_msr(const struct vmx_snapshot *s, enum vmx_msr_id id,
			struct dec_row *rows, unsigned int max)
{
	const struct vmx_msr_set *sets[NR_SNAP_VIEWS];
	int v;

	for (v = 0; v < NR_SNAP_VIEWS; v++)
		sets[v] = &s->msrs[v];
	return decode_sets(sets, NR_SNAP_VIEWS, id, rows, max);
}
