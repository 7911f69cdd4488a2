/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * KVM's derivation of the nested VMX MSRs, as data.
 *
 * Every rule carries the kernels it holds for (a struct kver_range,
 * include/kver.h), the kernel function it comes from, and for the nested
 * MSRs a short text that becomes the "why" of each bit.  The engine (x86_64/model_*.c) walks these tables
 * for one version and contains no version numbers of its own; what
 * changed between 5.10, 6.1, 6.12 and 7.2 is visible here and only here.
 *
 * The tables are public so that tests can copy one, break one rule and
 * show that the comparison names the bit it affects.
 */
#ifndef NVMX_MODEL_RULES_H
#define NVMX_MODEL_RULES_H

#include <stdbool.h>
#include <stdint.h>

#include "kver.h"
#include "test_util.h"
#include "x86_64/processor.h"
#include "x86_64/vmx_table.h"

/* KVM's own constants (arch/x86/kvm/vmx/vmcs12.h, nested.c, vmx.h). */
#define VMCS12_REVISION				0x11e57ed0ULL
#define VMCS12_SIZE				0x1000ULL
#define VMX_MISC_EMULATED_PREEMPTION_TIMER_RATE	5U
/* the one tertiary control KVM uses; IA32_VMX_PROCBASED_CTLS3 is not captured */
#define TERTIARY_EXEC_IPI_VIRT			BIT_ULL(4)

/* A modelled kernel: the Debian source package that was read. */
struct model_version {
	const char *name;	/* "6.12" */
	struct kver source;	/* 6.12.117: the version whose rules were checked */
	const char *basis;	/* "linux-source-6.12 6.12.117", or how it was dated */
};

/* The VMCS control words of vmcs_config, in setup_vmcs_config() order. */
enum vmcs_word {
	WORD_PROC,
	WORD_PROC2,
	WORD_EXIT,
	WORD_PIN,
	WORD_ENTRY,
	NR_VMCS_WORDS,
};

/* setup_vmcs_config(): what KVM requires (min) or wants (opt) per word. */
enum vmcs_role {
	CTL_REQUIRED,		/* missing in hardware: kvm_intel refuses */
	CTL_OPTIONAL,		/* kept when the hardware allows it */
	CTL_OPTIONAL_IF_SGX,	/* optional only when CPUID.0x12:EAX[0] */
};

struct vmcs_ctl_rule {
	uint8_t word;		/* enum vmcs_word */
	uint8_t role;		/* enum vmcs_role */
	struct kver_range v;
	uint32_t bits;
	const char *cite;
};

/*
 * Behaviours that exist in some versions only: the clean-ups of
 * setup_vmcs_config(), the parameter clearing of hardware_setup(), the
 * vCPU adjustments.  The engine implements each one; the data says where
 * it applies.
 */
enum model_feature {
	/* setup_vmcs_config(), in the order the kernel applies them */
	STEP_CR8_EXITING_OFF_WITH_TPR_SHADOW,
	STEP_EPT_VE_NEEDS_PROVE_VE,
	STEP_APICV_NEEDS_TPR_SHADOW,
	STEP_CAPS_WITHOUT_CONTROL_ZEROED,		/* silently */
	STEP_CAPS_WITHOUT_CONTROL_CHECKED,	/* error_on_inconsistent_vmcs_config */
	STEP_CR3_INVLPG_EXITING_OFF_WITH_EPT,
	STEP_MBEC_NEEDS_ADVANCED_EXIT_INFO,
	STEP_ENCLS_NEEDS_SGX,
	STEP_TERTIARY_CONTROLS,
	STEP_BROKEN_PREEMPTION_TIMER,
	STEP_POSTED_INTR_NEEDS_VID,
	STEP_ENTRY_EXIT_PAIRS,
	STEP_PERF_GLOBAL_ERRATUM,
	/* hardware_setup() */
	STEP_NX_REQUIRED_WITHOUT_EPT,
	STEP_VNMI_NEEDS_NMI_WINDOW,
	STEP_SMALLER_MAXPHYADDR_BEFORE_SETUP,	/* vmx_init() order */
	STEP_KVM_CET,		/* KVM virtualizes CET (vmx_set_cpu_caps()) */
	STEP_CET_PARAM,		/* ... and has a "cet" parameter */
	STEP_MBEC_PARAM,
	STEP_SGX_PARAM,
	STEP_IPIV_PARAM,
	/* vCPU, KVM_SET_CPUID2 */
	STEP_VCPU_CTL2_ONLY_WITHIN_SYS,
	STEP_VCPU_MPX_ENTRY_EXIT,
	STEP_VCPU_PMU_ENTRY_EXIT,
	NR_MODEL_STEPS,
};

struct model_feature_rule {
	uint8_t id;		/* enum model_feature */
	struct kver_range v;
	uint32_t arg;		/* feature-specific (extra bits to clear) */
	const char *cite;
};

/* setup_vmcs_config()'s VM-entry/VM-exit pairs (bits of each word). */
struct pair_rule {
	uint32_t entry, exit;	/* VM_ENTRY_* and VM_EXIT_* masks */
	struct kver_range v;
};

/*
 * A kvm_intel parameter and its default, for dumps without sysfs.  absent:
 * the value when a loaded kvm_intel of this version shows no such
 * parameter (the feature is compiled out), or NULL.
 */
struct param_rule {
	const char *name;
	const char *def;
	struct kver_range v;
	const char *absent;
};

/*
 * nested_vmx_setup_ctls_msrs(): one rule for some bits of one stored MSR
 * (the TRUE controls, PROCBASED_CTLS2 and the others; the non-TRUE ones
 * are derived by vmx_get_vmx_msr()).  A bit is the OR of the rules that
 * cover it; a bit no rule covers is never exposed to L1.
 */
enum nested_kind {
	NESTED_CONST,	/* bits of mask take value */
	NESTED_FORCED,	/* bits of mask are 1 (when the gate is open) */
	NESTED_COPY,	/* bits of mask come from the source */
};

enum nested_src {
	SRC_NONE,
	SRC_HW_ALLOWED1,	/* raw non-TRUE MSR of the word, bits 63:32 */
	SRC_HW_ALLOWED0,	/* raw non-TRUE MSR of the word, bits 31:0 */
	SRC_VMCS_CONFIG,	/* vmcs_config's word (allowed-1 half) */
	SRC_HW_SAME,	/* the same bits of the raw MSR of the same index */
	SRC_EPT_CAPS,	/* vmx_capability.ept, after setup_vmcs_config() */
};

enum nested_gate {
	WHEN_ALWAYS,
	WHEN_EPT,			/* ept=Y */
	WHEN_EPT_AD,		/* ept=Y and eptad=Y */
	WHEN_VPID,
	WHEN_UG,
	WHEN_FLEXPRIORITY,
	WHEN_APICV,
	WHEN_SGX,
	WHEN_EPT_MBEC,		/* ept=Y and mbec=Y */
	WHEN_EPT_VMFUNC,		/* ept=Y and vmcs_config has VMFUNC */
	WHEN_UMIP_DESC,		/* vmx_umip_emulated(): DESC exiting */
	WHEN_UMIP_DESC_NO_HOST_UMIP, /* ... and the host lacks UMIP */
	WHEN_KVM_CET,		/* kvm_cpu_cap_has(SHSTK) || (IBT) */
	WHEN_TSC_SCALING,		/* vmcs_config has TSC scaling */
	WHEN_NO_TSC_SCALING,
	WHEN_HW_SECONDARY,	/* raw PROCBASED_CTLS allows secondary */
	NR_NESTED_WHENS,
};

struct nested_rule {
	uint8_t msr;		/* enum vmx_msr_id */
	uint8_t kind, src, gate;
	struct kver_range v;
	uint64_t mask, value;
	const char *why;	/* "emulated: always 1" */
	const char *cite;
};

/* vCPU features the rules look at (guest CPUID, host, KVM's caps). */
enum model_cpu_feat {
	CPU_FEAT_XSAVE, CPU_FEAT_XSAVES, CPU_FEAT_RDTSCP, CPU_FEAT_RDPID, CPU_FEAT_INVPCID, CPU_FEAT_PCID,
	CPU_FEAT_RDRAND, CPU_FEAT_RDSEED, CPU_FEAT_WAITPKG, CPU_FEAT_MPX, CPU_FEAT_VMX,
	NR_CPU_FEATS,
};

#define CPU_FEAT_BIT(f)	(1U << (f))

/* The CPUID bit of a model_cpu_feat (tests clear it to exercise a rule). */
struct x86_feature model_cpu_feature(enum model_cpu_feat f);

/*
 * vmx_adjust_secondary_exec_control(): after KVM_SET_CPUID2 the vCPU's
 * PROCBASED_CTLS2 allowed-1 bit follows guest CPUID, when vmcs_config has
 * the control.  The bit is 1 iff the guest has all of all_of, one of
 * any_of (if any), the host all of host_of, and KVM supports kvm_of.
 */
struct vcpu_ctl2_rule {
	uint8_t bit;
	struct kver_range v;
	uint16_t all_of, any_of, host_of, kvm_of;
	const char *why;
};

/* nested_vmx_cr_fixed1_bits_update(): CR4 bit allowed iff guest CPUID bit. */
struct cr4_fixed1_rule {
	uint8_t cr4_bit;
	struct kver_range v;
	struct x86_feature feature;	/* X86_FEATURE_* of processor.h */
};

struct model_rules {
	const struct model_version *versions;
	unsigned int nr_versions;
	const struct vmcs_ctl_rule *ctl;
	unsigned int nr_ctl;
	const struct model_feature_rule *features;
	unsigned int nr_features;
	const struct pair_rule *pairs;
	unsigned int nr_pairs;
	const struct param_rule *params;
	unsigned int nr_params;
	const struct nested_rule *nested;
	unsigned int nr_nested;
	const struct vcpu_ctl2_rule *vcpu_ctl2;
	unsigned int nr_vcpu_ctl2;
	const struct cr4_fixed1_rule *cr4;
	unsigned int nr_cr4;
	/* CPUID.1:EAX signatures whose preemption timer KVM distrusts */
	const uint32_t *broken_timer_sigs;
	unsigned int nr_broken_timer_sigs;
	/* family-6 models with the PERF_GLOBAL_CTRL entry/exit erratum */
	const uint8_t *perf_global_erratum_models;
	unsigned int nr_perf_global_erratum_models;
};

extern const struct model_rules model_rules_default;

/* "6.1+", "5.10", "6.1-6.12": a rule's kernels, for rule texts. */
const char *model_range_str(const struct model_rules *rules,
			    struct kver_range r, char *buf, size_t len);

/*
 * The first rule of a feature that holds at kernel kv (changed: how to
 * read a change whose release is not known; see kver_range_holds()).
 */
const struct model_feature_rule *model_feature(const struct model_rules *rules,
					       struct kver kv, bool changed,
					       enum model_feature id);

/* The raw non-TRUE MSR that setup_vmcs_config() reads for a word. */
enum vmx_msr_id vmcs_word_msr(enum vmcs_word w);
/* The word a control MSR (TRUE or not, or CTLS2) describes, or -1. */
int vmcs_word_of_msr(enum vmx_msr_id id);

#endif
