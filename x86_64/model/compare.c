// SPDX-License-Identifier: GPL-2.0-only
/*
 * The model against KVM: one check per MSR, one finding per differing bit
 * or field, worded with the rule behind the expected value; and, for a
 * kernel the model does not know exactly, one skip line per difference
 * that another reading of the rules explains (model_tolerance()).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_priv.h"

/*
 * Whether another reading of the rules gives got's value for every bit of
 * the field: "either" (the field's rule changed around this kernel),
 * "another" (some modelled series gives it), or NULL (none does).
 */
static const char *tolerated(const struct model_tolerance *tol,
			     enum vmx_msr_id id, uint64_t field_mask,
			     uint64_t got)
{
	uint64_t want1 = got & field_mask, want0 = ~got & field_mask;

	if (!tol || tol->fit == MODEL_EXACT)
		return NULL;
	if ((tol->either[id] & field_mask) == field_mask)
		return "either";
	/*
	 * Between two modelled series a rule dated outside the window is
	 * known: only "either" bits are open.  A newer or a RHEL kernel may
	 * have anything some modelled series has.
	 */
	if (tol->fit != MODEL_BETWEEN &&
	    (tol->can1[id] & want1) == want1 && (tol->can0[id] & want0) == want0)
		return "another";
	return NULL;
}

static void tolerance_line(struct check_list *out, const char *prefix,
			   const struct model_tolerance *tol, const char *how,
			   enum vmx_msr_id id, unsigned int lo, unsigned int hi,
			   uint64_t want, uint64_t got, const char *got_label,
			   const char *rule)
{
	bool either = !strcmp(how, "either");
	const char *kind = either ? "either" :
			   tol->fit == MODEL_NEWER ? "kernel_newer_than_model" :
			   "weak_approximation";
	uint64_t m = GENMASK_ULL(hi, lo);
	char what[200], w[24], g[24];
	struct check *c;

	c = check_new(out, "%s%s.bit%u.%s", prefix ? prefix : "",
		      vmx_msr_name(id), lo, kind);
	vmx_describe_bit(id, lo, what, sizeof(what));
	field_value_str(w, sizeof(w), (want & m) >> lo, hi - lo + 1);
	field_value_str(g, sizeof(g), (got & m) >> lo, hi - lo + 1);
	if (tol->strict && !either)
		check_fail(c, "%s %s: %s %s, the model's rules give %s: %s (NVMX_STRICT=1: %s)",
			   vmx_msr_name(id), what, got_label, g, w, rule, tol->note);
	else
		check_skip(c, "%s %s: %s %s, the model's rules give %s%s%s; %s",
			   vmx_msr_name(id), what, got_label, g, w,
			   *rule ? ": " : "", rule,
			   either ? "the rule for it changed in a release the model cannot pin near this kernel" :
			   tol->note);
}

void model_compare_set(const struct vmx_msr_set *want, const model_why_t *why,
		       const struct vmx_msr_set *got, const char *prefix,
		       const char *what, const struct model_tolerance *tol,
		       struct check_list *out)
{
	const char *got_label = what ? what : "KVM reports";
	unsigned int id, b;

	for (id = 0; id < NR_VMX_MSRS; id++) {
		struct check *c = check_new(out, "%s%s.matches_model",
					    prefix ? prefix : "", vmx_msr_name(id));
		bool w = msrs_has(want, id), g = msrs_has(got, id);
		const char *rules[64];
		uint64_t vw, vg, diff, strict_diff = 0;
		unsigned int pos = 0, lo, hi, ci = out->nr - 1;

		if (!w && !g)
			continue;	/* both agree there is no value */
		if (!g) {
			check_fail(c, "%s: %s no value, model expects 0x%016llx",
				   vmx_msr_name(id), got_label,
				   (unsigned long long)msrs_get(want, id));
			continue;
		}
		if (!w) {
			if (tol && (tol->fit == MODEL_NEWER || tol->fit == MODEL_WEAK) &&
			    !tol->strict) {
				check_skip(c, "%s: %s 0x%016llx, the model expects no value; %s",
					   vmx_msr_name(id), got_label,
					   (unsigned long long)msrs_get(got, id),
					   tol->note);
				continue;
			}
			check_fail(c, "%s: %s 0x%016llx, model expects no value",
				   vmx_msr_name(id), got_label,
				   (unsigned long long)msrs_get(got, id));
			continue;
		}
		vw = msrs_get(want, id);
		vg = msrs_get(got, id);
		diff = vw ^ vg;
		for (b = 0; b < 64; b++)
			rules[b] = why ? why[id][b] : "";
		/* what another reading explains gets a line of its own */
		while (vmx_next_field(id, diff, &pos, &lo, &hi)) {
			uint64_t m = GENMASK_ULL(hi, lo);
			const char *how = tolerated(tol, id, m, vg);

			if (how)
				tolerance_line(out, prefix, tol, how, id, lo, hi, vw,
					       vg, got_label,
					       rules[__builtin_ctzll(diff & m)]);
			else
				strict_diff |= diff & m;
		}
		/* check_new() may have moved the list */
		c = &out->v[ci];
		check_bits_why(c, id, strict_diff, vw, vg, rules, "model expects",
			       got_label);
	}
}

void model_compare(const struct model_result *r, const struct vmx_msr_set *got,
		   const char *what, const struct model_tolerance *tol,
		   struct check_list *out)
{
	model_compare_set(&r->sys, r->why, got, NULL, what, tol, out);
}
