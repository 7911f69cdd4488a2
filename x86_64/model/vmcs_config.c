// SPDX-License-Identifier: GPL-2.0-only
/*
 * setup_vmcs_config(): KVM's own VMCS configuration from the raw MSRs.
 *
 * adjust_vmx_controls() keeps the required and optional bits the hardware
 * allows, adds the bits it forces, and fails when a required bit is
 * missing; then come the clean-ups, each a model_feature of the rule
 * data.  Every bit of every word gets the reason it ended as it did, so
 * that a nested bit copied from vmcs_config can say why it is 0.
 */
#include <stdio.h>
#include <string.h>

#include "model_priv.h"

static void word_why(struct model_ctx *c, enum vmcs_word w, uint32_t bits,
		     struct kver_range v, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void word_why(struct model_ctx *c, enum vmcs_word w, uint32_t bits,
		     struct kver_range v, const char *fmt, ...)
{
	char text[MODEL_WHY_LEN];
	unsigned int b;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	for (b = 0; b < 32; b++)
		if (bits & BIT(b))
			model_why(c->r->vmcs_config_why[w][b], c->rules, v,
				  "%s", text);
}

/* The version range of the feature rule in force, for texts. */
static struct kver_range feature_range(struct model_ctx *c, enum model_feature f)
{
	const struct model_feature_rule *fr = model_feature(c->rules, c->r->rules_kv, c->r->rules_changed, f);
	struct kver_range only = model_only_range(c);

	return fr ? fr->v : only;
}

/* Clears bits of a word, recording the feature rule that did it. */
static void clear_bits(struct model_ctx *c, enum vmcs_word w, uint32_t bits,
		       enum model_feature f, const char *because)
{
	bits &= c->word[w];
	if (!bits)
		return;
	c->word[w] &= ~bits;
	word_why(c, w, bits, feature_range(c, f), "cleared: %s", because);
}

static void refuse(struct model_ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void refuse(struct model_ctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->r->refusal, sizeof(c->r->refusal), fmt, ap);
	va_end(ap);
}

/* The names of the bits of a control word, for a refusal. */
static void bit_names(enum vmcs_word w, uint32_t bits, char *buf, size_t len)
{
	enum vmx_msr_id id = vmcs_word_msr(w);
	size_t n = 0;
	unsigned int b;

	buf[0] = '\0';
	for (b = 0; b < 32 && n < len; b++) {
		const struct vmx_field *f;

		if (!(bits & BIT(b)))
			continue;
		f = vmx_ctl_field(id, b);
		n += snprintf(buf + n, len - n, "%sbit %u (%s)", n ? ", " : "",
			      b, f ? f->desc : "reserved");
	}
}

/* adjust_vmx_controls(min, opt, msr): 0, or -1 with the refusal set. */
static int adjust(struct model_ctx *c, enum vmcs_word w)
{
	const struct model_rules *rules = c->rules;
	uint64_t raw = msrs_get(&c->host.hw, vmcs_word_msr(w));
	uint32_t lo = vmx_allowed0(raw), hi = vmx_allowed1(raw);
	uint32_t min = 0, opt = 0, ctl;
	unsigned int i;

	for (i = 0; i < rules->nr_ctl; i++) {
		const struct vmcs_ctl_rule *r = &rules->ctl[i];

		if (r->word != w || !model_holds(c, r->v))
			continue;
		if (r->role == CTL_REQUIRED) {
			min |= r->bits;
			word_why(c, w, r->bits & hi, r->v,
				 "required by kvm_intel, allowed by the hardware");
			word_why(c, w, r->bits & ~hi, r->v,
				 "required by kvm_intel but not allowed by the hardware");
			continue;
		}
		if (r->role == CTL_OPTIONAL_IF_SGX && !c->host.sgx_leaf) {
			word_why(c, w, r->bits, r->v,
				 "optional only with SGX in CPUID.0x12 (cpu_has_sgx()), which this host lacks");
			continue;
		}
		opt |= r->bits;
		word_why(c, w, r->bits & hi, r->v,
			 "optional for kvm_intel, allowed by the hardware");
		word_why(c, w, r->bits & ~hi, r->v,
			 "optional for kvm_intel; the hardware does not allow it (allowed-1 is 0)");
	}
	for (i = 0; i < 32; i++) {
		struct kver_range all = model_only_range(c);

		if ((min | opt) & BIT(i))
			continue;
		word_why(c, w, BIT(i), all, "%s",
			 lo & BIT(i) ? "forced by the hardware (allowed-0 is 1)" :
				       "not among kvm_intel's required or optional controls");
	}
	ctl = ((min | opt) & hi) | lo;
	c->word[w] = ctl;
	if (min & ~ctl) {
		char names[200];

		bit_names(w, min & ~ctl, names, sizeof(names));
		refuse(c, "setup_vmcs_config(): %s does not allow controls kvm_intel requires: %s",
		       vmx_msr_name(vmcs_word_msr(w)), names);
		return -1;
	}
	return 0;
}

/* The EPT and VPID capabilities without their controls. */
static int caps_consistency(struct model_ctx *c)
{
	const struct model_feature_rule *chk =
		model_feature(c->rules, c->r->rules_kv, c->r->rules_changed, STEP_CAPS_WITHOUT_CONTROL_CHECKED);
	bool zero = model_has(c, STEP_CAPS_WITHOUT_CONTROL_ZEROED);
	bool no_ept = !(c->word[WORD_PROC2] & SECONDARY_EXEC_ENABLE_EPT);
	bool no_vpid = !(c->word[WORD_PROC2] & SECONDARY_EXEC_ENABLE_VPID);

	if ((no_ept && c->ept_caps) || (no_vpid && c->vpid_caps)) {
		const char *what = no_ept && c->ept_caps ? "EPT" : "VPID";

		if (chk && c->p.error_on_inconsistent) {
			refuse(c, "setup_vmcs_config(): %s capabilities without the 'enable %s' control, and error_on_inconsistent_vmcs_config=Y",
			       what, what);
			return -1;
		}
		if (!chk && !zero)
			return 0;
	}
	if (no_ept && c->ept_caps) {
		c->ept_caps = 0;
		if (chk)
			clear_bits(c, WORD_PROC2, chk->arg,
				   STEP_CAPS_WITHOUT_CONTROL_CHECKED,
				   "EPT capabilities without the EPT control");
	}
	if (no_vpid && c->vpid_caps)
		c->vpid_caps = 0;
	return 0;
}

/* cpu_has_broken_vmx_preemption_timer(): CPUID.1:EAX, reserved bits off */
static bool broken_timer(struct model_ctx *c)
{
	uint32_t eax = c->host.sig & ~(0x3U << 14 | 0xfU << 28);
	unsigned int i;

	if (!c->host.have_sig) {
		if (c->word[WORD_PIN] & PIN_BASED_VMX_PREEMPTION_TIMER)
			model_assume(c->r, "CPU signature unknown: assumed not one with a broken preemption timer");
		return false;
	}
	for (i = 0; i < c->rules->nr_broken_timer_sigs; i++)
		if (eax == c->rules->broken_timer_sigs[i])
			return true;
	return false;
}

static bool perf_global_erratum(struct model_ctx *c)
{
	unsigned int i;

	if (!c->host.have_sig) {
		model_assume(c->r, "CPU signature unknown: assumed not a Nehalem or Westmere (PERF_GLOBAL_CTRL erratum)");
		return false;
	}
	if (c->host.family != 6)
		return false;
	for (i = 0; i < c->rules->nr_perf_global_erratum_models; i++)
		if (c->host.model == c->rules->perf_global_erratum_models[i])
			return true;
	return false;
}

static int entry_exit_pairs(struct model_ctx *c)
{
	unsigned int i;

	for (i = 0; i < c->rules->nr_pairs; i++) {
		const struct pair_rule *p = &c->rules->pairs[i];
		bool n = c->word[WORD_ENTRY] & p->entry;
		bool x = c->word[WORD_EXIT] & p->exit;
		const struct vmx_field *fe, *fx;
		char why[160];

		if (!model_holds(c, p->v) || n == x)
			continue;
		fe = vmx_ctl_field(VMX_ENTRY_CTLS, __builtin_ctz(p->entry));
		fx = vmx_ctl_field(VMX_EXIT_CTLS, __builtin_ctz(p->exit));
		if (c->p.error_on_inconsistent) {
			snprintf(c->r->refusal, sizeof(c->r->refusal),
				 "setup_vmcs_config(): VM-entry '%s' and VM-exit '%s' are not both allowed, and error_on_inconsistent_vmcs_config=Y",
				 fe ? fe->desc : "?", fx ? fx->desc : "?");
			return -1;
		}
		snprintf(why, sizeof(why), "its VM-entry/VM-exit partner is missing (%s / %s)",
			 fe ? fe->desc : "?", fx ? fx->desc : "?");
		clear_bits(c, WORD_ENTRY, p->entry, STEP_ENTRY_EXIT_PAIRS, why);
		clear_bits(c, WORD_EXIT, p->exit, STEP_ENTRY_EXIT_PAIRS, why);
	}
	return 0;
}

static int basic_checks(struct model_ctx *c)
{
	uint64_t basic = msrs_get(&c->host.hw, VMX_BASIC);
	uint64_t size = (basic & VMX_BASIC_VMCS_SIZE_MASK) >> VMX_BASIC_VMCS_SIZE_SHIFT;
	uint64_t type = (basic & VMX_BASIC_MEM_TYPE_MASK) >> VMX_BASIC_MEM_TYPE_SHIFT;

	if (size > 4096) {
		refuse(c, "setup_vmcs_config(): %s reports a VMCS of %llu bytes, more than a page",
		       vmx_msr_name(VMX_BASIC), (unsigned long long)size);
		return -1;
	}
	if (basic & VMX_BASIC_PHYS_ADDR_32BIT) {
		refuse(c, "setup_vmcs_config(): %s bit 48 (32-bit physical addresses) is set, which a 64-bit kernel refuses",
		       vmx_msr_name(VMX_BASIC));
		return -1;
	}
	if (type != VMX_MEMTYPE_WB) {
		refuse(c, "setup_vmcs_config(): %s reports VMCS memory type %llu, not write-back (6)",
		       vmx_msr_name(VMX_BASIC), (unsigned long long)type);
		return -1;
	}
	return 0;
}

int model_setup_vmcs_config(struct model_ctx *c)
{
	struct vmcs_config_pred *vc = &c->r->vmcs_config;
	uint64_t cap = msrs_get(&c->host.hw, VMX_EPT_VPID_CAP);
	uint32_t *proc = &c->word[WORD_PROC], *proc2 = &c->word[WORD_PROC2];

	if (adjust(c, WORD_PROC))
		return -1;
	if (model_has(c, STEP_CR8_EXITING_OFF_WITH_TPR_SHADOW) &&
	    (*proc & CPU_BASED_TPR_SHADOW))
		clear_bits(c, WORD_PROC, CPU_BASED_CR8_LOAD_EXITING |
			   CPU_BASED_CR8_STORE_EXITING,
			   STEP_CR8_EXITING_OFF_WITH_TPR_SHADOW,
			   "the TPR shadow makes CR8 exits unnecessary");
	if (*proc & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS) {
		if (adjust(c, WORD_PROC2))
			return -1;
	} else {
		struct kver_range all = KVR_ALL;

		word_why(c, WORD_PROC2, ~0U, all,
			 "no secondary controls: the hardware does not allow them");
	}
	if (model_has(c, STEP_EPT_VE_NEEDS_PROVE_VE) &&
	    (*proc2 & SECONDARY_EXEC_EPT_VIOLATION_VE)) {
		clear_bits(c, WORD_PROC2, SECONDARY_EXEC_EPT_VIOLATION_VE,
			   STEP_EPT_VE_NEEDS_PROVE_VE,
			   "CONFIG_KVM_INTEL_PROVE_VE is off");
		model_assume(c->r, "CONFIG_KVM_INTEL_PROVE_VE is off, as in Debian's kernels");
	}
	if (model_has(c, STEP_APICV_NEEDS_TPR_SHADOW) &&
	    !(*proc & CPU_BASED_TPR_SHADOW))
		clear_bits(c, WORD_PROC2, SECONDARY_EXEC_APIC_REGISTER_VIRT |
			   SECONDARY_EXEC_VIRTUALIZE_X2APIC_MODE |
			   SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY,
			   STEP_APICV_NEEDS_TPR_SHADOW, "no TPR shadow");

	/* rdmsr_safe(): an absent MSR reads as 0 */
	c->ept_caps = (uint32_t)cap;
	c->vpid_caps = (uint32_t)(cap >> 32);
	if (caps_consistency(c))
		return -1;
	if (model_has(c, STEP_CR3_INVLPG_EXITING_OFF_WITH_EPT) &&
	    (*proc2 & SECONDARY_EXEC_ENABLE_EPT))
		clear_bits(c, WORD_PROC, CPU_BASED_CR3_LOAD_EXITING |
			   CPU_BASED_CR3_STORE_EXITING | CPU_BASED_INVLPG_EXITING,
			   STEP_CR3_INVLPG_EXITING_OFF_WITH_EPT,
			   "EPT makes CR3 and INVLPG exits unnecessary");
	if (model_has(c, STEP_MBEC_NEEDS_ADVANCED_EXIT_INFO) &&
	    !(c->ept_caps & VMX_CAP_EPT_ADVANCED_EXIT_INFO))
		clear_bits(c, WORD_PROC2, SECONDARY_EXEC_MODE_BASED_EPT_EXEC,
			   STEP_MBEC_NEEDS_ADVANCED_EXIT_INFO,
			   "no advanced EPT-violation exit information");
	if (model_has(c, STEP_ENCLS_NEEDS_SGX) && !c->host.sgx_leaf &&
	    (*proc2 & SECONDARY_EXEC_ENCLS_EXITING)) {
		if (!cpuid_set_find(&c->s->host_cpuid, 0, 0))
			model_assume(c->r, "host CPUID unknown: assumed no SGX in CPUID.0x12 (ENCLS exiting cleared)");
		clear_bits(c, WORD_PROC2, SECONDARY_EXEC_ENCLS_EXITING,
			   STEP_ENCLS_NEEDS_SGX, "no SGX in CPUID.0x12 (cpu_has_sgx())");
	}
	if (model_has(c, STEP_TERTIARY_CONTROLS) &&
	    (*proc & CPU_BASED_ACTIVATE_TERTIARY_CONTROLS)) {
		/* IA32_VMX_PROCBASED_CTLS3 (0x492) is not among the 18 */
		c->r->vmcs_config.proc3 = TERTIARY_EXEC_IPI_VIRT & c->host.ctls3;
		c->ipiv_unknown = true;
		model_assume(c->r, "IA32_VMX_PROCBASED_CTLS3 not captured: assumed 0, enable_ipiv not predicted (IPI virtualization never reaches L1)");
	}

	if (adjust(c, WORD_EXIT) || adjust(c, WORD_PIN))
		return -1;
	if (model_has(c, STEP_BROKEN_PREEMPTION_TIMER) && broken_timer(c))
		clear_bits(c, WORD_PIN, PIN_BASED_VMX_PREEMPTION_TIMER,
			   STEP_BROKEN_PREEMPTION_TIMER,
			   "this CPU's preemption timer is broken (vmx_preemption_cpu_tfms[])");
	if (model_has(c, STEP_POSTED_INTR_NEEDS_VID) &&
	    !(*proc2 & SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY))
		clear_bits(c, WORD_PIN, PIN_BASED_POSTED_INTR,
			   STEP_POSTED_INTR_NEEDS_VID, "no virtual-interrupt delivery");
	if (adjust(c, WORD_ENTRY))
		return -1;
	if (model_has(c, STEP_ENTRY_EXIT_PAIRS) && entry_exit_pairs(c))
		return -1;
	if (model_has(c, STEP_PERF_GLOBAL_ERRATUM) &&
	    ((c->word[WORD_ENTRY] & VM_ENTRY_LOAD_IA32_PERF_GLOBAL_CTRL) ||
	     (c->word[WORD_EXIT] & VM_EXIT_LOAD_IA32_PERF_GLOBAL_CTRL)) &&
	    perf_global_erratum(c)) {
		clear_bits(c, WORD_ENTRY, VM_ENTRY_LOAD_IA32_PERF_GLOBAL_CTRL,
			   STEP_PERF_GLOBAL_ERRATUM, "the PERF_GLOBAL_CTRL erratum of this CPU model");
		clear_bits(c, WORD_EXIT, VM_EXIT_LOAD_IA32_PERF_GLOBAL_CTRL,
			   STEP_PERF_GLOBAL_ERRATUM, "the PERF_GLOBAL_CTRL erratum of this CPU model");
	}
	if (basic_checks(c))
		return -1;

	vc->pin = c->word[WORD_PIN];
	vc->proc = c->word[WORD_PROC];
	vc->proc2 = c->word[WORD_PROC2];
	vc->exit = c->word[WORD_EXIT];
	vc->entry = c->word[WORD_ENTRY];
	vc->basic = msrs_get(&c->host.hw, VMX_BASIC);
	vc->misc = msrs_get(&c->host.hw, VMX_MISC);
	vc->ept_caps = c->ept_caps;
	vc->vpid_caps = c->vpid_caps;
	return 0;
}
