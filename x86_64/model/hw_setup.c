// SPDX-License-Identifier: GPL-2.0-only
/*
 * The rest of kvm_intel's load: the checks before setup_vmcs_config()
 * (kvm_arch_init() in 5.10, kvm_is_vmx_supported() and
 * kvm_x86_vendor_init() later), and hardware_setup(), which clears every
 * parameter the hardware cannot back.  nested_vmx_setup_ctls_msrs() runs
 * after it and sees the final values, as sysfs shows them.
 */
#include <stdio.h>
#include <string.h>

#include "model_priv.h"

int model_check_load(struct model_ctx *c)
{
	struct model_result *r = c->r;

	/* evmcs_sanitize_exec_ctrls() under Hyper-V is not modelled */
	if (snap_param_bool(c->s, "enlightened_vmcs") == 1)
		model_assume(r, "enlightened_vmcs=Y: Hyper-V's eVMCS sanitising of vmcs_config is not modelled; predictions may be too generous");

	if (!cpuid_set_find(&c->s->host_cpuid, 1, 0) && !c->s->have_cpu_flags)
		model_assume(r, "host CPUID and flags unknown: VMX assumed present and enabled in IA32_FEAT_CTL, FPU, FXSR and NX present");
	if (!c->host.cpu_vmx) {
		snprintf(r->refusal, sizeof(r->refusal),
			 "no VMX in CPUID.1:ECX (cpu_has_kvm_support() / kvm_is_vmx_supported()): -EOPNOTSUPP");
		return -1;
	}
	if (!c->host.vmx_enabled) {
		snprintf(r->refusal, sizeof(r->refusal),
			 "VMX is not enabled in IA32_FEAT_CTL: the kernel cleared X86_FEATURE_VMX (feat_ctl.c), no 'vmx' in the flags: -EOPNOTSUPP");
		return -1;
	}
	if (!c->host.fpu_fxsr) {
		snprintf(r->refusal, sizeof(r->refusal),
			 "no FXSR (\"inadequate fpu\"): -EOPNOTSUPP");
		return -1;
	}
	return 0;
}

/*
 * KVM's own supported CPUID (kvm_cpu_caps) is in a live snapshot, but it
 * reflects the running kernel and its parameters: use it only when that
 * is what is being modelled.
 */
static bool caps_match(struct model_ctx *c)
{
	return c->s->kvm_cpuid.nr && !c->params_overridden &&
	       model_snapshot_is_modelled_kernel(c);
}

static bool kvm_cap(struct model_ctx *c, struct x86_feature f)
{
	return cpuid_set_has(&c->s->kvm_cpuid, f) == 1;
}

/* kvm_cpu_cap_has(X86_FEATURE_SHSTK) || kvm_cpu_cap_has(X86_FEATURE_IBT) */
static void resolve_kvm_cet(struct model_ctx *c)
{
	if (caps_match(c)) {
		c->kvm_cet = kvm_cap(c, X86_FEATURE_SHSTK) ||
			     kvm_cap(c, X86_FEATURE_IBT);
		return;
	}
	/*
	 * kvm_set_cpu_caps(), vmx_set_cpu_caps() and kvm_setup_xss_caps():
	 * SHSTK needs TDP (ept=Y); both need allow_smaller_maxphyaddr=N, the
	 * cet parameter (7.1+, else Y), unrestricted guest, BASIC bit 56, and
	 * CET_USER and CET_KERNEL in the host's IA32_XSS (not captured).
	 */
	c->kvm_cet = model_has(c, STEP_KVM_CET) &&
		     ((c->host.shstk && c->p.ept) || c->host.ibt) &&
		     !c->p.allow_smaller_maxphyaddr && c->p.cet && c->p.ug &&
		     (msrs_get(&c->host.hw, VMX_BASIC) & VMX_BASIC_NO_HW_ERROR_CODE_CC);
	if (model_has(c, STEP_KVM_CET) && (c->host.shstk || c->host.ibt))
		model_assume(c->r, "KVM's supported CPUID unknown: CET assumed %ssupported (host CET, SHSTK needs ept, allow_smaller_maxphyaddr=N, cet, unrestricted_guest, BASIC bit 56; host XSS assumed to have CET state)",
			     c->kvm_cet ? "" : "not ");
}

/* kvm_mpx_supported(): supported_xcr0 has BNDREGS and BNDCSR */
static void resolve_kvm_mpx(struct model_ctx *c)
{
	struct model_result *r = c->r;
	const struct cpuid_leaf *d;

	if (caps_match(c) && (d = cpuid_set_find(&c->s->kvm_cpuid, 0xd, 0))) {
		r->vcpu_facts.kvm_mpx = (d->eax & 0x18) == 0x18;
		return;
	}
	r->vcpu_facts.kvm_mpx = c->host.mpx &&
		(c->word[WORD_EXIT] & VM_EXIT_CLEAR_BNDCFGS) &&
		(c->word[WORD_ENTRY] & VM_ENTRY_LOAD_BNDCFGS);
}

/* hardware_setup() only ever clears a parameter the hardware cannot back */
static void keep_if(bool *p, bool ok)
{
	if (!ok)
		*p = false;
}

int model_hardware_setup(struct model_ctx *c)
{
	struct model_params *p = &c->p;
	struct model_result *r = c->r;
	uint32_t proc = c->word[WORD_PROC], proc2 = c->word[WORD_PROC2];
	uint32_t pin = c->word[WORD_PIN], entry = c->word[WORD_ENTRY];
	uint64_t misc = msrs_get(&c->host.hw, VMX_MISC);
	bool ept_hw = (proc2 & SECONDARY_EXEC_ENABLE_EPT) &&
		      (c->ept_caps & VMX_CAP_EPT_PAGE_WALK_4) &&
		      (c->ept_caps & VMX_CAP_EPT_MT_WB) &&
		      (c->ept_caps & VMX_CAP_INVEPT_ALL_CONTEXT);
	/*
	 * ept as loaded, before hardware_setup() clears it; a sysfs N on
	 * hardware without EPT is that clearing, not the user's choice.
	 */
	bool ept_asked = p->ept || (c->live_params && !ept_hw);

	keep_if(&p->vpid, (proc2 & SECONDARY_EXEC_ENABLE_VPID) &&
		  (c->vpid_caps & (VMX_CAP_INVVPID >> 32)) &&
		  (c->vpid_caps & ((VMX_CAP_INVVPID_SINGLE_CONTEXT |
				    VMX_CAP_INVVPID_ALL_CONTEXT) >> 32)));
	keep_if(&p->ept, ept_hw);
	/* without the parameter (6.18 to 7.0) KVM behaves as cet=Y */
	if (model_has(c, STEP_CET_PARAM))
		keep_if(&p->cet, entry & VM_ENTRY_LOAD_CET_STATE);
	else
		p->cet = model_has(c, STEP_KVM_CET) &&
			 (entry & VM_ENTRY_LOAD_CET_STATE);
	/*
	 * Without EPT a smaller MAXPHYADDR is allowed; 6.1's vmx_init() sets
	 * it before hardware_setup() clears ept, so there only ept=N asked
	 * for by the user counts.
	 */
	if (!(model_has(c, STEP_SMALLER_MAXPHYADDR_BEFORE_SETUP) ? ept_asked : p->ept))
		p->allow_smaller_maxphyaddr = true;
	if (model_has(c, STEP_NX_REQUIRED_WITHOUT_EPT) && !p->ept && !c->host.nx) {
		snprintf(r->refusal, sizeof(r->refusal),
			 "hardware_setup(): ept=N (or no usable EPT) and no NX: shadow paging needs NX: -EOPNOTSUPP");
		return -1;
	}
	keep_if(&p->eptad, p->ept && (c->ept_caps & VMX_CAP_EPT_AD));
	if (model_has(c, STEP_MBEC_PARAM))
		keep_if(&p->mbec, p->ept &&
			  (proc2 & SECONDARY_EXEC_MODE_BASED_EPT_EXEC));
	else
		p->mbec = false;
	keep_if(&p->ug, p->ept &&
		  (proc2 & SECONDARY_EXEC_UNRESTRICTED_GUEST));
	keep_if(&p->flexpriority, (proc & CPU_BASED_TPR_SHADOW) &&
		  (proc2 & SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES));
	keep_if(&p->vnmi, (pin & PIN_BASED_VIRTUAL_NMIS) &&
		  (!model_has(c, STEP_VNMI_NEEDS_NMI_WINDOW) ||
		   (proc & CPU_BASED_NMI_WINDOW_EXITING)));
	if (model_has(c, STEP_SGX_PARAM))
		keep_if(&p->sgx, proc2 & SECONDARY_EXEC_ENCLS_EXITING);
	else
		p->sgx = false;
	keep_if(&p->apicv, (proc2 & SECONDARY_EXEC_APIC_REGISTER_VIRT) &&
		  (proc2 & SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY) &&
		  (pin & PIN_BASED_POSTED_INTR));
	if (model_has(c, STEP_IPIV_PARAM))
		keep_if(&p->ipiv, p->apicv &&
			  (r->vmcs_config.proc3 & TERTIARY_EXEC_IPI_VIRT));
	else
		p->ipiv = false;
	keep_if(&p->pml, p->ept && p->eptad &&
		  (proc2 & SECONDARY_EXEC_ENABLE_PML));
	/* the TSC-rate test after this one needs tsc_khz: not modelled */
	keep_if(&p->preemption_timer, pin & PIN_BASED_VMX_PREEMPTION_TIMER);
	if (p->pt_mode != 0 && p->pt_mode != 1) {
		snprintf(r->refusal, sizeof(r->refusal),
			 "hardware_setup(): pt_mode=%ld is neither 0 (system) nor 1 (host-guest): -EINVAL",
			 p->pt_mode);
		return -1;
	}
	if (!p->ept || !(misc & VMX_MISC_INTEL_PT) ||
	    !(proc2 & SECONDARY_EXEC_PT_USE_GPA) ||
	    !(entry & VM_ENTRY_LOAD_IA32_RTIT_CTL))
		p->pt_mode = 0;
	/* nested_vmx_hardware_setup(): cpu_has_vmx_shadow_vmcs() */
	if (p->nested)
		keep_if(&p->shadow_vmcs,
			(misc & VMX_MISC_VMWRITE_ANY_FIELD) &&
			(proc2 & SECONDARY_EXEC_SHADOW_VMCS));

	resolve_kvm_cet(c);
	resolve_kvm_mpx(c);
	r->vcpu_facts.host_xsave = c->host.xsave;
	if (caps_match(c)) {
		r->vcpu_facts.have_kvm_caps = true;
		r->vcpu_facts.kvm_caps = c->s->kvm_cpuid;
	}
	return 0;
}

void model_write_final_params(struct model_ctx *c)
{
	const struct model_rules *rules = c->rules;
	struct vmx_snapshot *fp = &c->r->final_params;
	unsigned int i;

	for (i = 0; i < rules->nr_params; i++) {
		const struct param_rule *pr = &rules->params[i];
		char v[24];

		if (!model_holds(c, pr->v) ||
		    (c->ipiv_unknown && !strcmp(pr->name, "enable_ipiv")))
			continue;
		if (!strcmp(pr->name, "pt_mode")) {
			snprintf(v, sizeof(v), "%ld", c->p.pt_mode);
		} else {
			const bool *b = model_param_slot(&c->p, pr->name);

			snprintf(v, sizeof(v), "%s", b && *b ? "Y" : "N");
		}
		snap_param_set(fp, pr->name, v);
	}
}
