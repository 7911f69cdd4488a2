// SPDX-License-Identifier: GPL-2.0-only
/*
 * The differences between two snapshots, bit by bit and named through the
 * one table, in the wording the checks use:
 *   IA32_VMX_BASIC bit 56 (no error code required on hardware-exception
 *   injection): 0 → 1
 *   IA32_VMX_PROCBASED_CTLS2 allowed-1 bit 18 (EPT-violation #VE): 1 → 0
 *   IA32_VMX_MISC bits 4:0 (VMX-preemption timer rate): 0x5 → 0x0
 * A multi-bit field is one difference, as a number; a control differs in
 * its allowed-0 half, its allowed-1 half, or both (two items).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nvmx.h"

static struct diff_item *add(struct diff_list *l)
{
	struct diff_item *d;

	if (l->nr == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 32;
		l->v = realloc(l->v, l->cap * sizeof(*l->v));
		if (!l->v) {
			fprintf(stderr, "nvmx: out of memory\n");
			exit(EXIT_BAD_INPUT);
		}
	}
	d = &l->v[l->nr++];
	memset(d, 0, sizeof(*d));
	d->msr = d->lo = d->hi = -1;
	return d;
}

static void fmt(struct diff_item *d, const char *f, ...)
	__attribute__((format(printf, 2, 3)));
static void fmt(struct diff_item *d, const char *f, ...)
{
	va_list ap;

	va_start(ap, f);
	vsnprintf(d->text, sizeof(d->text), f, ap);
	va_end(ap);
}

static void diff_msr(enum vmx_msr_id id, uint64_t a, uint64_t b, int va,
		     int vb, struct diff_list *out)
{
	unsigned int pos = 0, lo, hi;

	while (vmx_next_field(id, a ^ b, &pos, &lo, &hi)) {
		const struct vmx_field *f = vmx_field_at(id, lo);
		uint64_t m = GENMASK_ULL(hi, lo), fa, fb;
		struct diff_item *d;
		char what[200], sa[24], sb[24];

		fa = (a & m) >> lo;
		fb = (b & m) >> lo;
		vmx_describe_bit(id, lo, what, sizeof(what));
		if (hi != lo && !f)
			snprintf(what, sizeof(what), "bits %u:%u (reserved)", hi, lo);
		field_value_str(sa, sizeof(sa), fa, hi - lo + 1);
		field_value_str(sb, sizeof(sb), fb, hi - lo + 1);
		d = add(out);
		d->view_a = va;
		d->view_b = vb;
		d->msr = id;
		d->lo = lo;
		d->hi = hi;
		d->a = fa;
		d->b = fb;
		fmt(d, "%s %s: %s %s %s", vmx_msr_name(id), what, sa, out_arrow(), sb);
		out->nr_msr++;
	}
}

void diff_views(const struct vmx_snapshot *a, int va,
		const struct vmx_snapshot *b, int vb, struct diff_list *out)
{
	const struct vmx_msr_set *ma = &a->msrs[va], *mb = &b->msrs[vb];
	int id;

	out->views_compared++;
	for (id = 0; id < NR_VMX_MSRS; id++) {
		bool ha = msrs_has(ma, id), hb = msrs_has(mb, id);
		struct diff_item *d;
		char sa[24] = "absent", sb[24] = "absent";

		if (ha && hb) {
			diff_msr(id, ma->val[id], mb->val[id], va, vb, out);
			continue;
		}
		if (!ha && !hb)
			continue;
		/* one side lacks the MSR: that is the difference, not its bits */
		if (ha)
			snprintf(sa, sizeof(sa), "0x%016llx", (unsigned long long)ma->val[id]);
		if (hb)
			snprintf(sb, sizeof(sb), "0x%016llx", (unsigned long long)mb->val[id]);
		d = add(out);
		d->view_a = va;
		d->view_b = vb;
		d->msr = id;
		d->absent_a = !ha;
		d->absent_b = !hb;
		d->a = msrs_get(ma, id);
		d->b = msrs_get(mb, id);
		fmt(d, "%s: %s %s %s", vmx_msr_name(id), sa, out_arrow(), sb);
		out->nr_msr++;
	}
}

static struct diff_item *ctx_item(struct diff_list *out)
{
	struct diff_item *d = add(out);

	d->view_a = d->view_b = -1;
	return d;
}

static void ctx(struct diff_list *out, const char *what, const char *a,
		const char *b)
{
	struct diff_item *d;

	if (!strcmp(a, b))
		return;
	d = ctx_item(out);
	fmt(d, "%s: %s %s %s", what, *a ? a : "(none)", out_arrow(),
	    *b ? b : "(none)");
}

/* Words of line a missing from line b. */
static void words_missing(const char *a, const char *b, char *out, size_t len)
{
	const char *p = a;
	size_t o = 0;

	*out = '\0';
	while (*p) {
		char w[128];
		size_t n;

		p += strspn(p, " \t");
		n = strcspn(p, " \t");
		if (!n)
			break;
		if (n < sizeof(w)) {
			memcpy(w, p, n);
			w[n] = '\0';
			if (!flags_line_has(b, w) && o + n + 2 < len) {
				o += snprintf(out + o, len - o, "%s%s", o ? " " : "", w);
			}
		}
		p += n;
	}
}

static void diff_cpuid(const struct cpuid_set *a, const struct cpuid_set *b,
		       struct diff_list *out)
{
	static const char *const reg[] = { "eax", "ebx", "ecx", "edx" };
	unsigned int i, r;

	for (i = 0; i < a->nr; i++) {
		const struct cpuid_leaf *la = &a->e[i];
		const struct cpuid_leaf *lb = cpuid_set_find(b, la->function, la->index);
		uint32_t va[4] = { la->eax, la->ebx, la->ecx, la->edx };
		char what[64], sa[16], sb[16];

		if (!lb) {
			snprintf(what, sizeof(what), "KVM CPUID 0x%x.%u", la->function,
				 la->index);
			ctx(out, what, "present", "");
			continue;
		}
		{
			uint32_t vb[4] = { lb->eax, lb->ebx, lb->ecx, lb->edx };

			for (r = 0; r < 4; r++) {
				snprintf(what, sizeof(what), "KVM CPUID 0x%x.%u %s",
					 la->function, la->index, reg[r]);
				snprintf(sa, sizeof(sa), "0x%08x", va[r]);
				snprintf(sb, sizeof(sb), "0x%08x", vb[r]);
				ctx(out, what, sa, sb);
			}
		}
	}
	for (i = 0; i < b->nr; i++) {
		char what[64];

		if (cpuid_set_find(a, b->e[i].function, b->e[i].index))
			continue;
		snprintf(what, sizeof(what), "KVM CPUID 0x%x.%u", b->e[i].function,
			 b->e[i].index);
		ctx(out, what, "", "present");
	}
}

void diff_context(const struct vmx_snapshot *a, const struct vmx_snapshot *b,
		  struct diff_list *out)
{
	char sa[64], sb[64], w[2048];
	unsigned int i;

	ctx(out, "kernel", a->kernel_release, b->kernel_release);
	ctx(out, "cpu", a->cpu_model, b->cpu_model);
	*sa = *sb = '\0';
	if (a->have_signature)
		snprintf(sa, sizeof(sa), "0x%08x", a->cpu_signature);
	if (b->have_signature)
		snprintf(sb, sizeof(sb), "0x%08x", b->cpu_signature);
	ctx(out, "cpu signature", sa, sb);
	ctx(out, "kvm module", a->kvm_module, b->kvm_module);
	for (i = 0; i < a->nr_params; i++) {
		const char *vb = snap_param(b, a->params[i].name);

		snprintf(sa, sizeof(sa), "param %s", a->params[i].name);
		if (b->have_params)
			ctx(out, sa, a->params[i].value, vb ? vb : "");
	}
	for (i = 0; i < b->nr_params; i++) {
		if (!a->have_params || snap_param(a, b->params[i].name))
			continue;
		snprintf(sb, sizeof(sb), "param %s", b->params[i].name);
		ctx(out, sb, "", b->params[i].value);
	}
	if (a->have_vmx_flags && b->have_vmx_flags) {
		words_missing(a->vmx_flags, b->vmx_flags, w, sizeof(w));
		if (*w)
			fmt(ctx_item(out), "vmx flags only in A: %s", w);
		words_missing(b->vmx_flags, a->vmx_flags, w, sizeof(w));
		if (*w)
			fmt(ctx_item(out), "vmx flags only in B: %s", w);
	}
	if (a->kvm_cpuid.nr && b->kvm_cpuid.nr)
		diff_cpuid(&a->kvm_cpuid, &b->kvm_cpuid, out);
}

void diff_list_free(struct diff_list *l)
{
	free(l->v);
	memset(l, 0, sizeof(*l));
}
