// SPDX-License-Identifier: GPL-2.0-only
/*
 * A vCPU's VMX MSRs right after KVM_SET_CPUID2.
 *
 * The vCPU starts with vmcs_config.nested (a copy at creation, or at
 * RESET from 5.16 on; 6.12 and later only while the default-on
 * KVM_X86_QUIRK_STUFF_FEATURE_MSRS is on, as here).  KVM_SET_CPUID2 then
 * makes some secondary controls follow guest CPUID
 * (vmx_adjust_secondary_exec_control()), rebuilds CR0/CR4_FIXED1 from it
 * (nested_vmx_cr_fixed1_bits_update()), and in 5.10 also ties the
 * BNDCFGS and PERF_GLOBAL_CTRL entry/exit controls to guest CPUID.
 */
#include <stdio.h>
#include <string.h>

#include "model_priv.h"

struct x86_feature model_cpu_feature(enum model_cpu_feat f)
{
	switch (f) {
	case CPU_FEAT_XSAVE:		return X86_FEATURE_XSAVE;
	case CPU_FEAT_XSAVES:		return X86_FEATURE_XSAVES;
	case CPU_FEAT_RDTSCP:		return X86_FEATURE_RDTSCP;
	case CPU_FEAT_RDPID:		return X86_FEATURE_RDPID;
	case CPU_FEAT_INVPCID:	return X86_FEATURE_INVPCID;
	case CPU_FEAT_PCID:		return X86_FEATURE_PCID;
	case CPU_FEAT_RDRAND:		return X86_FEATURE_RDRAND;
	case CPU_FEAT_RDSEED:		return X86_FEATURE_RDSEED;
	case CPU_FEAT_WAITPKG:	return X86_FEATURE_WAITPKG;
	case CPU_FEAT_MPX:		return X86_FEATURE_MPX;
	default:		return X86_FEATURE_VMX;
	}
}

/* guest CPUID has f, and KVM supports it if the rule asks */
static bool guest_has(const struct model_result *r, const struct cpuid_set *g,
		      const struct vcpu_ctl2_rule *vr, unsigned int f)
{
	if (cpuid_set_has(g, model_cpu_feature(f)) != 1)
		return false;
	if (!(vr->kvm_of & CPU_FEAT_BIT(f)) || !r->vcpu_facts.have_kvm_caps)
		return true;
	return cpuid_set_has(&r->vcpu_facts.kvm_caps, model_cpu_feature(f)) == 1;
}

static bool ctl2_enabled(const struct model_result *r, const struct cpuid_set *g,
			 const struct vcpu_ctl2_rule *vr)
{
	bool any = !vr->any_of;
	unsigned int f;

	for (f = 0; f < NR_CPU_FEATS; f++) {
		if ((vr->all_of & CPU_FEAT_BIT(f)) && !guest_has(r, g, vr, f))
			return false;
		if ((vr->any_of & CPU_FEAT_BIT(f)) && guest_has(r, g, vr, f))
			any = true;
	}
	if ((vr->host_of & CPU_FEAT_BIT(CPU_FEAT_XSAVE)) && !r->vcpu_facts.host_xsave)
		return false;
	return any;
}

static void adjust_ctl2(const struct model_result *r, const struct cpuid_set *g,
			struct vmx_msr_set *out, model_why_t *why)
{
	const struct model_rules *rules = r->rules;
	bool within_sys = model_feature(rules, r->rules_kv, r->rules_changed,
					STEP_VCPU_CTL2_ONLY_WITHIN_SYS);
	uint64_t v = msrs_get(out, VMX_PROCBASED_CTLS2);
	unsigned int i;

	/* vmx_vcpu_after_set_cpuid(): only if cpu_has_secondary_exec_ctrls() */
	if (!(r->vmcs_config.proc & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS))
		return;
	for (i = 0; i < rules->nr_vcpu_ctl2; i++) {
		const struct vcpu_ctl2_rule *vr = &rules->vcpu_ctl2[i];
		uint64_t bit = HI(BIT(vr->bit));
		char *w = why ? why[VMX_PROCBASED_CTLS2][32 + vr->bit] : NULL;
		bool on;

		/* the cpu_has_vmx_*() of the control */
		if (!model_rule_holds(r, vr->v) ||
		    !(r->vmcs_config.proc2 & BIT(vr->bit)))
			continue;
		on = ctl2_enabled(r, g, vr);
		if (on && within_sys &&
		    !(msrs_get(&r->sys, VMX_PROCBASED_CTLS2) & bit)) {
			on = false;
			if (w)
				model_why(w, rules, vr->v,
					  "%s, but never beyond the system value", vr->why);
		} else if (w) {
			model_why(w, rules, vr->v, "%s%s", vr->why,
				  vr->kvm_of && !r->vcpu_facts.have_kvm_caps ?
				  " (KVM's supported CPUID unknown: assumed to have it)" : "");
		}
		v = on ? v | bit : v & ~bit;
	}
	msrs_set(out, VMX_PROCBASED_CTLS2, v);
}

static void cr_fixed1(const struct model_result *r, const struct cpuid_set *g,
		      struct vmx_msr_set *out, model_why_t *why)
{
	const struct model_rules *rules = r->rules;
	struct kver_range all = KVR_ALL;
	uint64_t cr4 = X86_CR4_PCE;
	unsigned int b, i;

	msrs_set(out, VMX_CR0_FIXED1, 0xffffffffULL);
	for (i = 0; i < rules->nr_cr4; i++) {
		const struct cr4_fixed1_rule *cr = &rules->cr4[i];

		if (model_rule_holds(r, cr->v) && cpuid_set_has(g, cr->feature) == 1)
			cr4 |= BIT_ULL(cr->cr4_bit);
	}
	msrs_set(out, VMX_CR4_FIXED1, cr4);
	if (!why)
		return;
	for (b = 0; b < 64; b++) {
		model_why(why[VMX_CR0_FIXED1][b], rules, all,
			  "rebuilt at KVM_SET_CPUID2: CR0 bits 31:0 allowed, 63:32 not");
		model_why(why[VMX_CR4_FIXED1][b], rules, all,
			  b == 8 ? "rebuilt at KVM_SET_CPUID2: PCE always allowed" :
			  "rebuilt at KVM_SET_CPUID2: no guest CPUID bit allows it");
	}
	for (i = 0; i < rules->nr_cr4; i++) {
		const struct cr4_fixed1_rule *cr = &rules->cr4[i];
		char name[32];

		if (model_rule_holds(r, cr->v))
			model_why(why[VMX_CR4_FIXED1][cr->cr4_bit], rules, cr->v,
				  "rebuilt at KVM_SET_CPUID2: allowed iff guest CPUID has %s",
				  x86_feature_upper(cr->feature, name, sizeof(name)));
	}
}

/* 5.10: entry/exit controls that follow guest CPUID and vPMU */
static void entry_exit(const struct model_result *r, const struct cpuid_set *g,
		       struct vmx_msr_set *out, model_why_t *why)
{
	const struct model_rules *rules = r->rules;
	const struct model_feature_rule *fr;
	uint64_t entry = msrs_get(out, VMX_TRUE_ENTRY_CTLS);
	uint64_t exit = msrs_get(out, VMX_TRUE_EXIT_CTLS);

	fr = model_feature(rules, r->rules_kv, r->rules_changed, STEP_VCPU_PMU_ENTRY_EXIT);
	if (fr) {
		const struct cpuid_leaf *a = cpuid_set_find(g, 0xa, 0);
		unsigned int ver = a ? a->eax & 0xff : 0;

		/* intel_pmu_refresh() returns early without a vPMU */
		if (ver) {
			uint64_t e = HI(VM_ENTRY_LOAD_IA32_PERF_GLOBAL_CTRL);
			uint64_t x = HI(VM_EXIT_LOAD_IA32_PERF_GLOBAL_CTRL);

			entry = ver > 1 ? entry | e : entry & ~e;
			exit = ver > 1 ? exit | x : exit & ~x;
			if (why) {
				model_why(why[VMX_TRUE_ENTRY_CTLS][45], rules, fr->v,
					  "follows the guest vPMU: 1 iff CPUID.0xA version > 1");
				memcpy(why[VMX_TRUE_EXIT_CTLS][44],
				       why[VMX_TRUE_ENTRY_CTLS][45], MODEL_WHY_LEN);
			}
		}
	}
	fr = model_feature(rules, r->rules_kv, r->rules_changed, STEP_VCPU_MPX_ENTRY_EXIT);
	if (fr && r->vcpu_facts.kvm_mpx) {
		bool mpx = cpuid_set_has(g, X86_FEATURE_MPX) == 1;
		uint64_t e = HI(VM_ENTRY_LOAD_BNDCFGS), x = HI(VM_EXIT_CLEAR_BNDCFGS);

		entry = mpx ? entry | e : entry & ~e;
		exit = mpx ? exit | x : exit & ~x;
		if (why) {
			model_why(why[VMX_TRUE_ENTRY_CTLS][48], rules, fr->v,
				  "follows guest CPUID MPX (kvm_mpx_supported())");
			memcpy(why[VMX_TRUE_EXIT_CTLS][55],
			       why[VMX_TRUE_ENTRY_CTLS][48], MODEL_WHY_LEN);
		}
	}
	msrs_set(out, VMX_TRUE_ENTRY_CTLS, entry);
	msrs_set(out, VMX_TRUE_EXIT_CTLS, exit);
}

void model_predict_vcpu(const struct model_result *r,
			const struct vmx_snapshot *s,
			const struct cpuid_set *guest_cpuid,
			struct vmx_msr_set *out, model_why_t *why)
{
	unsigned int id;

	(void)s;
	memset(out, 0, sizeof(*out));
	/* nested_vmx_allowed() / guest_cpu_cap_has(X86_FEATURE_VMX) */
	if (!r->loads || !r->nested ||
	    cpuid_set_has(guest_cpuid, X86_FEATURE_VMX) != 1)
		return;
	*out = r->sys;
	if (why)
		memcpy(why, r->why, sizeof(r->why));
	adjust_ctl2(r, guest_cpuid, out, why);
	cr_fixed1(r, guest_cpuid, out, why);
	entry_exit(r, guest_cpuid, out, why);

	/* vmx_get_vmx_msr() derives the non-TRUE twins at read time */
	for (id = 0; id < NR_KVM_VMX_MSRS; id++) {
		const struct vmx_msr_info *m = vmx_msr(id);

		if (!vmx_is_ctls(id) || m->is_true || m->twin < 0)
			continue;
		msrs_set(out, id, msrs_get(out, m->twin) | m->default1);
		if (why)
			memcpy(why[id][32], why[m->twin][32], 32 * MODEL_WHY_LEN);
	}
}
