// SPDX-License-Identifier: GPL-2.0-only
/*
 * For a kernel the model does not know exactly: what the other readings
 * of the rules give on the same host.  The newer neighbour's reading of
 * every rule dated only to a window around the kernel gives the bits that
 * are "either"; the rules of every modelled series give the values some
 * known kernel would report.  A value none of them gives is still a
 * failure (model_compare_set()).
 */
#include <stdlib.h>
#include <string.h>

#include "model_priv.h"

/* One more reading: its system-fd values, or its vCPU's for guest_cpuid. */
static bool reading(const struct vmx_snapshot *s, const struct model_opts *o,
		    struct kver kv, bool changed,
		    const struct cpuid_set *guest_cpuid,
		    struct vmx_msr_set *out)
{
	struct model_result *r = malloc(sizeof(*r));
	struct model_opts ro = o ? *o : (struct model_opts){ 0 };
	char err[300];
	bool ok;

	if (!r)
		return false;
	ro.kver = kv;
	ro.have_kver = true;
	ro.rules_changed = changed;
	/* the other readings are of upstream kernels */
	ro.distro = KVER_UPSTREAM;
	ro.have_distro = true;
	ok = !model_predict(s, &ro, r, err, sizeof(err)) && r->loads && r->nested;
	if (ok && guest_cpuid)
		model_predict_vcpu(r, s, guest_cpuid, out, NULL);
	else if (ok)
		*out = r->sys;
	free(r);
	return ok;
}

static void accept(struct model_tolerance *t, const struct vmx_msr_set *v)
{
	unsigned int id;

	for (id = 0; id < NR_VMX_MSRS; id++) {
		if (!msrs_has(v, id))
			continue;
		t->can1[id] |= msrs_get(v, id);
		t->can0[id] |= ~msrs_get(v, id);
	}
}

void model_tolerance(const struct vmx_snapshot *s, const struct model_opts *o,
		     const struct model_result *r,
		     const struct cpuid_set *guest_cpuid,
		     struct model_tolerance *t)
{
	const struct model_rules *rules = r->rules;
	struct vmx_msr_set mine, other;
	const char *strict = getenv("NVMX_STRICT");
	unsigned int i, id;

	memset(t, 0, sizeof(*t));
	t->fit = r->fit;
	t->note = r->version_note;
	t->strict = strict && !strcmp(strict, "1");
	if (r->fit == MODEL_EXACT || !r->loads || !r->nested)
		return;
	if (guest_cpuid)
		model_predict_vcpu(r, s, guest_cpuid, &mine, NULL);
	else
		mine = r->sys;
	accept(t, &mine);

	/* the newer neighbour's reading of the rules dated around this kernel */
	if (r->fit == MODEL_BETWEEN &&
	    reading(s, o, r->rules_kv, true, guest_cpuid, &other)) {
		for (id = 0; id < NR_VMX_MSRS; id++)
			if (msrs_has(&mine, id) && msrs_has(&other, id))
				t->either[id] = msrs_get(&mine, id) ^
						msrs_get(&other, id);
		accept(t, &other);
	}
	/* what each modelled series would report here */
	for (i = 0; i < rules->nr_versions; i++)
		if (reading(s, o, rules->versions[i].source, false, guest_cpuid,
			    &other))
			accept(t, &other);
}
