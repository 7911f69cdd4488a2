// SPDX-License-Identifier: GPL-2.0-only
/*
 * A snapshot with KVM's values against the model: the checks
 * nested_vs_host_test runs live and the snapshot unit test runs on the
 * emulated matrix's recorded snapshots, the same code on both paths.
 */
#include <stdio.h>
#include <string.h>

#include "x86_64/kvm_nested_invariants.h"
#include "x86_64/model.h"
#include "x86_64/vmx_flags.h"

/* A parameter the kernel may be built without (param_rule.absent). */
static bool compiled_out(const struct model_result *r, const char *name)
{
	unsigned int i;

	for (i = 0; i < r->rules->nr_params; i++)
		if (!strcmp(r->rules->params[i].name, name))
			return r->rules->params[i].absent != NULL;
	return false;
}

/* The parameters hardware_setup() would leave, against sysfs. */
static void check_params(const struct vmx_snapshot *s,
			 const struct model_result *r, struct check_list *out)
{
	unsigned int i;

	for (i = 0; i < r->final_params.nr_params; i++) {
		const struct kvm_param *p = &r->final_params.params[i];
		const char *live = snap_param(s, p->name);
		struct check *c;

		/* normal for this parameter: nothing to compare */
		if (!live && compiled_out(r, p->name))
			continue;
		c = check_new(out, "kvm_intel.%s.matches_model", p->name);
		if (!live) {
			check_skip(c, "this kvm_intel shows no parameter %s",
				   p->name);
		} else if (!strcmp(p->name, "preemption_timer") &&
			   !strcmp(p->value, "Y") && !strcmp(live, "N")) {
			/* hardware_setup() also drops a timer that ticks too
			 * fast for tsc_khz, which the model cannot know */
			check_skip(c, "preemption_timer=N with a hardware timer: KVM found it too fast for this TSC (not modelled)");
		} else if (strcmp(p->value, live)) {
			check_fail(c, "kvm_intel %s: sysfs says %s, model expects %s after hardware_setup()",
				   p->name, live, p->value);
		}
	}
}

/*
 * The KVM-nested invariants of the kernel r was predicted for.  Outside
 * MODEL_EXACT, a rule that fails there but holds under another reading
 * (the newer neighbour's rules, or a modelled series') is a skip that
 * says so; one that fails under every reading still fails.
 */
static void check_invariants_as_modelled(const struct model_result *r,
					 struct kvm_inv_ctx *kc,
					 const struct vmx_msr_set *sys,
					 struct check_list *out)
{
	const struct model_rules *rules = r->rules;
	struct check_list mine = { 0 }, other;
	unsigned int i, j, k;

	kc->version = r->version_index;
	kc->kv = r->rules_kv;
	kc->changed = r->rules_changed;
	kvm_nested_check_invariants(sys, kc, &mine);
	for (i = 0; r->fit != MODEL_EXACT && i < mine.nr; i++) {
		struct check *c = &mine.v[i];
		const char *holds = NULL;

		if (c->status != TAP_FAIL)
			continue;
		/* the newer neighbour's reading, then each modelled series */
		for (k = 0; !holds && k <= rules->nr_versions; k++) {
			struct kvm_inv_ctx oc = *kc;

			if (k == rules->nr_versions) {
				if (r->fit != MODEL_BETWEEN)
					break;
				oc.changed = true;
			} else {
				oc.version = k;
				oc.kv = rules->versions[k].source;
				oc.changed = false;
			}
			memset(&other, 0, sizeof(other));
			kvm_nested_check_invariants(sys, &oc, &other);
			for (j = 0; j < other.nr; j++)
				if (!strcmp(other.v[j].name, c->name) &&
				    other.v[j].status == TAP_PASS)
					holds = k == rules->nr_versions ?
						"the newer neighbour's rules" :
						rules->versions[k].name;
			check_list_free(&other);
		}
		if (!holds)
			continue;
		c->status = TAP_PASS;	/* check_skip() never hides a failure */
		check_skip(c, "holds under the rules of %s, not under those of %s; %s",
			   holds, r->version, r->version_note);
	}
	check_list_append(out, &mine, "");
}

int model_check_snapshot(const struct vmx_snapshot *s, struct model_result *r,
			 struct check_list *out, char *err, size_t errlen)
{
	static model_why_t vcpu_why[NR_VMX_MSRS];
	struct kvm_inv_ctx kc = { 0 };
	struct model_tolerance tol;
	struct vmx_msr_set vcpu;
	struct check *c;

	if (model_predict(s, NULL, r, err, errlen))
		return -1;

	/* every output says which rules judged the kernel, and how well */
	c = check_new(out, "kernel_modelled_exactly");
	if (r->fit != MODEL_EXACT)
		check_skip(c, "%s", r->version_note);

	/* KVM's values exist, so kvm_intel loaded: the model must agree */
	c = check_new(out, "kvm_intel.loads_as_modelled");
	if (!r->loads)
		check_fail(c, "kvm_intel is loaded, the model says it refuses: %s",
			   r->refusal);
	if (s->have_params)
		check_params(s, r, out);

	model_tolerance(s, NULL, r, NULL, &tol);
	model_compare(r, &s->msrs[VIEW_SYS], "KVM reports", &tol, out);

	if (!r->nested) {
		;	/* nested=N: no vCPU value is readable */
	} else if (msrs_empty(&s->msrs[VIEW_VCPU])) {
		check_skip(check_new(out, "vcpu.matches_model"),
			   "no vCPU values in the snapshot");
	} else if (!s->kvm_cpuid.nr) {
		check_skip(check_new(out, "vcpu.matches_model"),
			   "the snapshot lacks KVM's supported CPUID, which the vCPU was given");
	} else {
		model_predict_vcpu(r, s, &s->kvm_cpuid, &vcpu, vcpu_why);
		model_tolerance(s, NULL, r, &s->kvm_cpuid, &tol);
		model_compare_set(&vcpu, vcpu_why, &s->msrs[VIEW_VCPU], "vcpu.",
				  "KVM reports", &tol, out);
	}

	if (r->nested && !msrs_empty(&s->msrs[VIEW_SYS])) {
		kc.rules = r->rules;
		kc.hw = &s->msrs[VIEW_HW];
		kc.params = s->have_params ? s : NULL;
		check_invariants_as_modelled(r, &kc, &s->msrs[VIEW_SYS], out);
	}

	if (s->have_vmx_flags)
		vmx_flags_check(s->vmx_flags, &s->msrs[VIEW_HW], r->rules_kv,
				r->approximate, out);
	else
		check_skip(check_new(out, "vmx_flags"),
			   "no 'vmx flags' line (CONFIG_X86_VMX_FEATURE_NAMES off, or not captured)");
	return 0;
}

void model_check_without_raw(const struct vmx_snapshot *s, bool restricted,
			     const char *reason, struct check_list *out)
{
	const struct model_rules *rules = &model_rules_default;
	struct kvm_inv_ctx kc = {
		.params = s->have_params ? s : NULL,
		.restricted = restricted,
	};
	struct check_list l = { 0 };
	char note[200];
	unsigned int i;
	bool approx;
	int v;

	for (i = 0; i < NR_VMX_MSRS; i++)
		check_skip(check_new(out, "%s.matches_model", vmx_msr_name(i)),
			   "%s", reason);
	check_skip(check_new(out, "vmx_flags"), "%s", reason);

	if (s->have_kver) {
		v = model_resolve_version(rules, s->kver, &approx, note,
					  sizeof(note));
		if (v < 0) {
			check_skip(check_new(out, "kvm_nested_invariants"), "%s",
				   note);
			return;
		}
		kc.version = v;
		kc.kv = rules->versions[v].source;
		kvm_nested_check_invariants(&s->msrs[VIEW_SYS], &kc, out);
		if (approx)
			check_skip(check_new(out, "kvm_version_exact"), "%s", note);
		return;
	}
	/*
	 * The kernel is unknown (a dump from an L1 of some host): the values
	 * must fit at least one modelled version.  Report the first that
	 * fits, or the failures of the oldest when none does.
	 */
	for (i = 0; i < rules->nr_versions; i++) {
		kc.version = i;
		kc.kv = rules->versions[i].source;
		kvm_nested_check_invariants(&s->msrs[VIEW_SYS], &kc, &l);
		if (!checks_count(&l, TAP_FAIL))
			break;
		check_list_free(&l);
	}
	if (i == rules->nr_versions) {
		i = kc.version = 0;
		kc.kv = rules->versions[0].source;
		kvm_nested_check_invariants(&s->msrs[VIEW_SYS], &kc, &l);
		check_list_append(out, &l, "");
		check_skip(check_new(out, "kvm_version_known"),
			   "the snapshot names no kernel; KVM-nested invariants checked as %s, the oldest modelled version (no version fits)",
			   rules->versions[0].name);
		return;
	}
	check_list_append(out, &l, "");
	check_skip(check_new(out, "kvm_version_known"),
		   "the snapshot names no kernel; KVM-nested invariants checked as %s, the first modelled version they fit",
		   rules->versions[i].name);
}
