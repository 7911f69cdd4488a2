// SPDX-License-Identifier: GPL-2.0-only
/*
 * KVM's values against the model's: one check per MSR, one finding per
 * differing bit or field, each carrying the model's reason for the value
 * it expected, so that a failure reads as a sentence about KVM's rules.
 */
#include <stdio.h>

#include "model_priv.h"

void model_compare_set(const struct vmx_msr_set *want, const model_why_t *why,
		       const struct vmx_msr_set *got, const char *prefix,
		       const char *what, struct check_list *out)
{
	const char *got_label = what ? what : "KVM reports";
	unsigned int id, b;

	for (id = 0; id < NR_VMX_MSRS; id++) {
		struct check *c = check_new(out, "%s%s.matches_model",
					    prefix ? prefix : "", vmx_msr_name(id));
		bool w = msrs_has(want, id), g = msrs_has(got, id);
		const char *rules[64];

		if (!w && !g)
			continue;	/* both agree there is no value */
		if (!g) {
			check_fail(c, "%s: %s no value, model expects 0x%016llx",
				   vmx_msr_name(id), got_label,
				   (unsigned long long)msrs_get(want, id));
			continue;
		}
		if (!w) {
			check_fail(c, "%s: %s 0x%016llx, model expects no value",
				   vmx_msr_name(id), got_label,
				   (unsigned long long)msrs_get(got, id));
			continue;
		}
		for (b = 0; b < 64; b++)
			rules[b] = why ? why[id][b] : "";
		check_bits_why(c, id, ~0ULL, msrs_get(want, id),
			       msrs_get(got, id), rules, "model expects",
			       got_label);
	}
}

void model_compare(const struct model_result *r, const struct vmx_msr_set *got,
		   const char *what, struct check_list *out)
{
	model_compare_set(&r->sys, r->why, got, NULL, what, out);
}
