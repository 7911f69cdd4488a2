// SPDX-License-Identifier: GPL-2.0-only
/*
 * The invariants of KVM's nested VMX MSRs (nested-vmx-rules.md section E,
 * re-read in nested_vmx_setup_ctls_msrs(), vmx_get_vmx_msr(),
 * setup_vmcs_config() and hardware_setup() of each modelled source).
 *
 * The per-version facts below are a second transcription, independent of
 * model_versions.c: every model prediction must satisfy them, and so must
 * every KVM.
 */
#include <stdio.h>
#include <string.h>

#include "x86_64/kvm_nested_invariants.h"

/* The facts for one kernel, folded from the rows below. */
struct inv_facts {
	uint32_t misc_max;		/* every MISC bit KVM may set */
	uint32_t vmcs_enum;		/* the value, or with TSC scaling */
	bool enum_follows_tsc_scaling;	/* else 0x2e */
	uint32_t exit_bound, entry_bound, proc2_bound;
	uint32_t exit_emulated, entry_emulated;	/* beyond default1 */
	uint32_t ept_bound;
	bool from_vmcs_config;		/* required bits, pairs, TPR needs */
	bool pin_lo_from_hw;		/* 5.10: raw lo | default1 */
	bool cr4_umip;			/* CR4_FIXED1 may add UMIP */
	bool basic56;			/* BASIC bit 56 from the hardware */
	bool sgx, mbec;			/* parameters that set CTLS2 bits */
	uint32_t cet_pair;		/* entry and exit CET bits, paired */
};

/*
 * What each fact is, for the rows: a set of bits that grows (OR of the
 * rows that hold), a value (the last row that holds), or a yes/no.
 */
enum inv_fact {
	INV_MISC_BITS,		/* bits of misc_max */
	INV_EXIT_BITS,		/* bits of exit_bound */
	INV_ENTRY_BITS,
	INV_PROC2_BITS,
	INV_EXIT_EMULATED,
	INV_ENTRY_EMULATED,
	INV_EPT_BITS,
	INV_VMCS_ENUM,		/* value */
	INV_CET_PAIR,		/* value: the entry bit of the pair */
	INV_ENUM_FOLLOWS_TSC_SCALING,
	INV_FROM_VMCS_CONFIG,
	INV_PIN_LO_FROM_HW,
	INV_CR4_UMIP,
	INV_BASIC56,
	INV_SGX_PARAM,
	INV_MBEC_PARAM,
};

struct inv_row {
	enum inv_fact fact;
	struct kver_range kernels;
	uint32_t value;		/* bits, a value, or 1 for a yes */
};

/*
 * As in the model's tables (x86_64/model/rules.c, where each is cited): a
 * change seen between two sources read, or dated to its release.
 */
#define IN_6_1		KV_WINDOW(5, 10, 6, 1)
#define AT_6_18		KV_AT(6, 18)	/* nested CET, BASIC bit 56 */
#define AT_7_0		KV_AT(7, 0)	/* vmcs12 fields follow the hardware */
#define AT_7_2		KV_AT(7, 2)	/* MBEC, advanced EPT exit information */
#define ALL		KVR_ALL
#define FROM		KVR_FROM
#define UNTIL		KVR_UNTIL

#define EXIT_EMU	(VM_EXIT_ACK_INTR_ON_EXIT | VM_EXIT_SAVE_IA32_EFER | \
			 VM_EXIT_LOAD_IA32_EFER | VM_EXIT_SAVE_VMX_PREEMPTION_TIMER)
#define EPT_BOUND	(VMX_CAP_EPT_EXECUTE_ONLY | VMX_CAP_EPT_PAGE_WALK_4 | \
			 VMX_CAP_EPT_PAGE_WALK_5 | VMX_CAP_EPT_MT_WB | \
			 VMX_CAP_EPT_2MB_PAGE | VMX_CAP_EPT_1GB_PAGE | \
			 VMX_CAP_INVEPT | VMX_CAP_EPT_AD | \
			 VMX_CAP_INVEPT_SINGLE_CONTEXT | VMX_CAP_INVEPT_ALL_CONTEXT)
/* the secondary controls nested_vmx_setup_secondary_ctls() can pass on */
#define PROC2_BOUND	(SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES | \
			 SECONDARY_EXEC_ENABLE_EPT | SECONDARY_EXEC_DESC | \
			 SECONDARY_EXEC_ENABLE_RDTSCP | \
			 SECONDARY_EXEC_VIRTUALIZE_X2APIC_MODE | \
			 SECONDARY_EXEC_ENABLE_VPID | \
			 SECONDARY_EXEC_WBINVD_EXITING | \
			 SECONDARY_EXEC_UNRESTRICTED_GUEST | \
			 SECONDARY_EXEC_APIC_REGISTER_VIRT | \
			 SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY | \
			 SECONDARY_EXEC_RDRAND_EXITING | \
			 SECONDARY_EXEC_ENABLE_INVPCID | \
			 SECONDARY_EXEC_ENABLE_VMFUNC | SECONDARY_EXEC_SHADOW_VMCS | \
			 SECONDARY_EXEC_RDSEED_EXITING | SECONDARY_EXEC_ENABLE_PML | \
			 SECONDARY_EXEC_ENABLE_XSAVES)

static const struct inv_row inv_rows[] = {
	{ .fact = INV_MISC_BITS, .kernels = ALL,
	  .value = VMX_MISC_VMWRITE_ANY_FIELD |
	  VMX_MISC_ACTIVITY_HLT | VMX_MISC_SAVE_EFER_LMA |
	  VMX_MISC_EMULATED_PREEMPTION_TIMER_RATE },
	{ .fact = INV_MISC_BITS, .kernels = FROM(IN_6_1),
	  .value = VMX_MISC_ACTIVITY_WAIT_SIPI },

	{ .fact = INV_VMCS_ENUM, .kernels = UNTIL(IN_6_1),
	  .value = 0x2e },
	{ .fact = INV_VMCS_ENUM, .kernels = FROM(IN_6_1),
	  .value = 0x32 },
	{ .fact = INV_ENUM_FOLLOWS_TSC_SCALING, .kernels = FROM(AT_7_0),
	  .value = 1 },

	/* every exit control up to bit 23, whatever the version */
	{ .fact = INV_EXIT_BITS, .kernels = ALL,
	  .value = GENMASK(23, 0) },
	{ .fact = INV_EXIT_BITS, .kernels = FROM(AT_6_18),
	  .value = VM_EXIT_LOAD_CET_STATE },
	{ .fact = INV_ENTRY_BITS, .kernels = ALL,
	  .value = GENMASK(9, 0) | GENMASK(16, 12) },
	{ .fact = INV_ENTRY_BITS, .kernels = FROM(AT_6_18),
	  .value = VM_ENTRY_LOAD_CET_STATE },
	{ .fact = INV_PROC2_BITS, .kernels = ALL,
	  .value = PROC2_BOUND },
	{ .fact = INV_PROC2_BITS, .kernels = FROM(IN_6_1),
	  .value = SECONDARY_EXEC_PAUSE_LOOP_EXITING |
	  SECONDARY_EXEC_ENCLS_EXITING | SECONDARY_EXEC_TSC_SCALING |
	  SECONDARY_EXEC_ENABLE_USR_WAIT_PAUSE },
	{ .fact = INV_PROC2_BITS, .kernels = FROM(AT_7_2),
	  .value = SECONDARY_EXEC_MODE_BASED_EPT_EXEC },

	{ .fact = INV_EXIT_EMULATED, .kernels = ALL,
	  .value = EXIT_EMU },
	{ .fact = INV_EXIT_EMULATED, .kernels = FROM(IN_6_1),
	  .value = VM_EXIT_LOAD_IA32_PERF_GLOBAL_CTRL },
	{ .fact = INV_ENTRY_EMULATED, .kernels = ALL,
	  .value = VM_ENTRY_LOAD_IA32_EFER },
	{ .fact = INV_ENTRY_EMULATED, .kernels = FROM(IN_6_1),
	  .value = VM_ENTRY_LOAD_IA32_PERF_GLOBAL_CTRL },

	{ .fact = INV_EPT_BITS, .kernels = ALL,
	  .value = EPT_BOUND },
	{ .fact = INV_EPT_BITS, .kernels = FROM(AT_7_2),
	  .value = VMX_CAP_EPT_ADVANCED_EXIT_INFO },

	{ .fact = INV_PIN_LO_FROM_HW, .kernels = UNTIL(IN_6_1),
	  .value = 1 },
	{ .fact = INV_FROM_VMCS_CONFIG, .kernels = FROM(IN_6_1),
	  .value = 1 },
	{ .fact = INV_CR4_UMIP, .kernels = FROM(IN_6_1),
	  .value = 1 },
	{ .fact = INV_SGX_PARAM, .kernels = FROM(IN_6_1),
	  .value = 1 },
	{ .fact = INV_BASIC56, .kernels = FROM(AT_6_18),
	  .value = 1 },
	{ .fact = INV_MBEC_PARAM, .kernels = FROM(AT_7_2),
	  .value = 1 },
	{ .fact = INV_CET_PAIR, .kernels = FROM(AT_6_18),
	  .value = VM_ENTRY_LOAD_CET_STATE },
};

/* The facts that hold at kernel kv. */
static void inv_fold(struct kver kv, bool changed, struct inv_facts *out)
{
	uint32_t *bits[] = {
		[INV_MISC_BITS] = &out->misc_max,
		[INV_EXIT_BITS] = &out->exit_bound,
		[INV_ENTRY_BITS] = &out->entry_bound,
		[INV_PROC2_BITS] = &out->proc2_bound,
		[INV_EXIT_EMULATED] = &out->exit_emulated,
		[INV_ENTRY_EMULATED] = &out->entry_emulated,
		[INV_EPT_BITS] = &out->ept_bound,
		[INV_VMCS_ENUM] = &out->vmcs_enum,
		[INV_CET_PAIR] = &out->cet_pair,
	};
	bool *flags[] = {
		[INV_ENUM_FOLLOWS_TSC_SCALING] = &out->enum_follows_tsc_scaling,
		[INV_FROM_VMCS_CONFIG] = &out->from_vmcs_config,
		[INV_PIN_LO_FROM_HW] = &out->pin_lo_from_hw,
		[INV_CR4_UMIP] = &out->cr4_umip,
		[INV_BASIC56] = &out->basic56,
		[INV_SGX_PARAM] = &out->sgx,
		[INV_MBEC_PARAM] = &out->mbec,
	};
	unsigned int i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < ARRAY_SIZE(inv_rows); i++) {
		const struct inv_row *r = &inv_rows[i];

		if (!kver_range_holds(r->kernels, kv, changed))
			continue;
		if (r->fact == INV_VMCS_ENUM || r->fact == INV_CET_PAIR)
			*bits[r->fact] = r->value;
		else if (r->fact < ARRAY_SIZE(bits) && bits[r->fact])
			*bits[r->fact] |= r->value;
		else
			*flags[r->fact] = true;
	}
}

/* KVM_REQUIRED_VMX_*, as far as the nested masks let them through */
#define PROC_REQUIRED	(CPU_BASED_INTR_WINDOW_EXITING | \
			 CPU_BASED_USE_TSC_OFFSETTING | CPU_BASED_HLT_EXITING | \
			 CPU_BASED_INVLPG_EXITING | CPU_BASED_MWAIT_EXITING | \
			 CPU_BASED_RDPMC_EXITING | CPU_BASED_CR3_LOAD_EXITING | \
			 CPU_BASED_CR3_STORE_EXITING | \
			 CPU_BASED_CR8_LOAD_EXITING | \
			 CPU_BASED_CR8_STORE_EXITING | \
			 CPU_BASED_MOV_DR_EXITING | \
			 CPU_BASED_UNCOND_IO_EXITING | CPU_BASED_MONITOR_EXITING)

struct inv {
	const struct vmx_msr_set *m;
	const struct kvm_inv_ctx *ctx;
	const struct inv_facts *kv;
	const char *vname;
	struct inv_facts facts;
	struct check_list *out;
};

/* A check; a skip when an MSR it needs is absent or the view forbids it. */
static struct check *begin(struct inv *k, enum vmx_msr_id id, const char *rule,
			   bool sys_only, int need1, int need2)
{
	struct check *c = check_new(k->out, "%s.kvm_%s", vmx_msr_name(id), rule);
	int need[3] = { id, need1, need2 };
	unsigned int i;

	for (i = 0; i < 3; i++) {
		if (need[i] < 0 || msrs_has(k->m, need[i]))
			continue;
		check_skip(c, "%s is absent from this set of values",
			   vmx_msr_name(need[i]));
		return NULL;
	}
	if (sys_only && k->ctx->restricted) {
		check_skip(c, "holds for KVM's own values only; userspace may have restricted these (vmx_set_vmx_msr())");
		return NULL;
	}
	return c;
}

static uint64_t val(const struct inv *k, enum vmx_msr_id id)
{
	return msrs_get(k->m, id);
}

static uint32_t hi(const struct inv *k, enum vmx_msr_id id)
{
	return vmx_allowed1(msrs_get(k->m, id));
}

static bool have_hw(const struct inv *k, enum vmx_msr_id id)
{
	return k->ctx->hw && msrs_has(k->ctx->hw, id);
}

static void check_controls(struct inv *k)
{
	static const struct {
		enum vmx_msr_id id;
		uint32_t lo;
		const char *lo_why;
	} lows[] = {
		{ VMX_TRUE_PINBASED_CTLS, PIN_BASED_ALWAYSON_WITHOUT_TRUE_MSR,
		  "the default1 class" },
		{ VMX_TRUE_PROCBASED_CTLS, 0x04006172,
		  "default1 minus CR3-load/store exiting" },
		{ VMX_TRUE_EXIT_CTLS, 0x00036dfb,
		  "default1 minus 'save debug controls'" },
		{ VMX_TRUE_ENTRY_CTLS, 0x000011fb,
		  "default1 minus 'load debug controls'" },
		{ VMX_PROCBASED_CTLS2, 0, "nothing" },
	};
	const struct inv_facts *kv = k->kv;
	uint32_t bounds[NR_VMX_MSRS] = {
		[VMX_TRUE_PINBASED_CTLS] = 0xff,
		[VMX_TRUE_PROCBASED_CTLS] = 0xfff9fffe,
		[VMX_TRUE_EXIT_CTLS] = kv->exit_bound,
		[VMX_TRUE_ENTRY_CTLS] = kv->entry_bound,
		[VMX_PROCBASED_CTLS2] = kv->proc2_bound,
	};
	uint32_t forced[NR_VMX_MSRS] = {
		[VMX_TRUE_PINBASED_CTLS] = PIN_BASED_ALWAYSON_WITHOUT_TRUE_MSR |
					   PIN_BASED_VMX_PREEMPTION_TIMER,
		[VMX_TRUE_PROCBASED_CTLS] = CPU_BASED_ALWAYSON_WITHOUT_TRUE_MSR |
					    CPU_BASED_USE_MSR_BITMAPS,
		[VMX_TRUE_EXIT_CTLS] = VM_EXIT_ALWAYSON_WITHOUT_TRUE_MSR |
				       kv->exit_emulated,
		[VMX_TRUE_ENTRY_CTLS] = VM_ENTRY_ALWAYSON_WITHOUT_TRUE_MSR |
					kv->entry_emulated,
		[VMX_PROCBASED_CTLS2] = SECONDARY_EXEC_SHADOW_VMCS,
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(lows); i++) {
		enum vmx_msr_id id = lows[i].id;
		const struct vmx_msr_info *mi = vmx_msr(id);
		uint64_t v = val(k, id);
		uint32_t lo = lows[i].lo;
		struct check *c;

		if (kv->pin_lo_from_hw && id == VMX_TRUE_PINBASED_CTLS &&
		    have_hw(k, VMX_PINBASED_CTLS))
			lo |= vmx_allowed0(msrs_get(k->ctx->hw, VMX_PINBASED_CTLS));
		c = begin(k, id, "constant_must_be_1_bits", false, -1, -1);
		if (c && k->ctx->restricted)
			check_set(c, id, lo, v,
				  "userspace may add must-be-1 bits but never remove KVM's: %s (%s)",
				  lows[i].lo_why, k->vname);
		else if (c)
			check_bits(c, id, GENMASK_ULL(31, 0), lo, v,
				   "KVM's must-be-1 bits are a constant: %s (%s)",
				   lows[i].lo_why, k->vname);

		c = begin(k, id, "allowed1_within_kvm_bound", false, -1, -1);
		if (c)
			check_clear(c, id, HI(~bounds[id]), v,
				    "KVM never exposes this control to L1 (%s)",
				    k->vname);

		c = begin(k, id, "emulated_bits_allowed", true, -1, -1);
		if (c)
			check_set(c, id, HI(forced[id]), v,
				  "KVM emulates this control or it is default1: always allowed (%s)",
				  k->vname);

		if (!mi->is_true)
			continue;
		c = begin(k, mi->twin, "non_true_is_true_plus_default1", false,
			  id, -1);
		if (c)
			check_value(c, mi->twin, v | mi->default1,
				    val(k, mi->twin),
				    "vmx_get_vmx_msr() reports %s with the default1 class 0x%x as must-be-1",
				    mi->name, mi->default1);

		c = begin(k, id, "allowed1_within_hardware", false, -1, -1);
		if (c && !have_hw(k, mi->twin))
			check_skip(c, "no hardware value of %s", vmx_msr_name(mi->twin));
		else if (c)
			check_clear(c, id, HI(~(forced[id] | mi->default1)) &
				    ~msrs_get(k->ctx->hw, mi->twin), v,
				    "only controls KVM emulates may be allowed without hardware support");
	}
	{
		struct check *c = begin(k, VMX_PROCBASED_CTLS2,
					"allowed1_within_hardware", false, -1, -1);
		uint64_t emu = HI(forced[VMX_PROCBASED_CTLS2] |
				  SECONDARY_EXEC_ENABLE_PML);

		if (c && !k->ctx->hw)
			check_skip(c, "no hardware values");
		else if (c && !have_hw(k, VMX_PROCBASED_CTLS2))
			check_clear(c, VMX_PROCBASED_CTLS2,
				    GENMASK_ULL(63, 32) & ~emu,
				    val(k, VMX_PROCBASED_CTLS2),
				    "the hardware has no secondary controls: only emulated ones may be allowed");
		else if (c)
			check_clear(c, VMX_PROCBASED_CTLS2,
				    GENMASK_ULL(63, 32) & ~emu &
				    ~msrs_get(k->ctx->hw, VMX_PROCBASED_CTLS2),
				    val(k, VMX_PROCBASED_CTLS2),
				    "only controls KVM emulates (VMCS shadowing, PML) may be allowed without hardware support");
	}
}

/* 6.1+: the nested controls start from vmcs_config, which KVM checked */
static void check_vmcs_config_derived(struct inv *k)
{
	const struct inv_facts *kv = k->kv;
	const char *why = "kvm_intel requires it to load (KVM_REQUIRED_VMX_*), and the nested value starts from vmcs_config";
	struct check *c;

	if (!kv->from_vmcs_config)
		return;
	c = begin(k, VMX_TRUE_PROCBASED_CTLS, "required_controls_allowed", true, -1, -1);
	if (c)
		check_set(c, VMX_TRUE_PROCBASED_CTLS, HI(PROC_REQUIRED),
			  val(k, VMX_TRUE_PROCBASED_CTLS), "%s (%s)", why, k->vname);
	c = begin(k, VMX_TRUE_PINBASED_CTLS, "required_controls_allowed", true, -1, -1);
	if (c)
		check_set(c, VMX_TRUE_PINBASED_CTLS,
			  HI(PIN_BASED_EXT_INTR_MASK | PIN_BASED_NMI_EXITING),
			  val(k, VMX_TRUE_PINBASED_CTLS), "%s (%s)", why, k->vname);
	c = begin(k, VMX_TRUE_EXIT_CTLS, "required_controls_allowed", true, -1, -1);
	if (c)
		check_set(c, VMX_TRUE_EXIT_CTLS, HI(VM_EXIT_HOST_ADDR_SPACE_SIZE),
			  val(k, VMX_TRUE_EXIT_CTLS), "%s (%s)", why, k->vname);
	c = begin(k, VMX_TRUE_ENTRY_CTLS, "required_controls_allowed", true, -1, -1);
	if (c)
		check_set(c, VMX_TRUE_ENTRY_CTLS, HI(VM_ENTRY_IA32E_MODE),
			  val(k, VMX_TRUE_ENTRY_CTLS), "%s (%s)", why, k->vname);

	c = begin(k, VMX_TRUE_ENTRY_CTLS, "entry_exit_pairs_match", true,
		  VMX_TRUE_EXIT_CTLS, -1);
	if (c) {
		uint32_t n = hi(k, VMX_TRUE_ENTRY_CTLS), x = hi(k, VMX_TRUE_EXIT_CTLS);
		uint32_t want = 0;

		/* entry bit -> exit bit: PAT 14->19, BNDCFGS 16->23, CET 20->28 */
		if (x & VM_EXIT_LOAD_IA32_PAT)
			want |= VM_ENTRY_LOAD_IA32_PAT;
		if (x & VM_EXIT_CLEAR_BNDCFGS)
			want |= VM_ENTRY_LOAD_BNDCFGS;
		if (kv->cet_pair && (x & VM_EXIT_LOAD_CET_STATE))
			want |= VM_ENTRY_LOAD_CET_STATE;
		check_bits(c, VMX_TRUE_ENTRY_CTLS,
			   HI(VM_ENTRY_LOAD_IA32_PAT | VM_ENTRY_LOAD_BNDCFGS |
			      kv->cet_pair), HI(want), HI(n),
			   "setup_vmcs_config() keeps VM-entry/VM-exit pairs together, and %s has the exit half (%s)",
			   vmx_msr_name(VMX_TRUE_EXIT_CTLS), k->vname);
	}
	c = begin(k, VMX_PROCBASED_CTLS2, "apic_virtualization_needs_tpr_shadow",
		  true, VMX_TRUE_PROCBASED_CTLS, -1);
	if (c && !(hi(k, VMX_TRUE_PROCBASED_CTLS) & CPU_BASED_TPR_SHADOW))
		check_clear(c, VMX_PROCBASED_CTLS2,
			    HI(SECONDARY_EXEC_VIRTUALIZE_X2APIC_MODE |
			       SECONDARY_EXEC_APIC_REGISTER_VIRT |
			       SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY),
			    val(k, VMX_PROCBASED_CTLS2),
			    "setup_vmcs_config() drops them without a TPR shadow, which %s lacks (%s)",
			    vmx_msr_name(VMX_TRUE_PROCBASED_CTLS), k->vname);
}

static void check_dependencies(struct inv *k)
{
	uint32_t p2 = hi(k, VMX_PROCBASED_CTLS2);
	struct check *c;

	c = begin(k, VMX_PROCBASED_CTLS2, "ug_and_pml_need_ept", true, -1, -1);
	if (c && !(p2 & SECONDARY_EXEC_ENABLE_EPT))
		check_clear(c, VMX_PROCBASED_CTLS2,
			    HI(SECONDARY_EXEC_UNRESTRICTED_GUEST |
			       SECONDARY_EXEC_ENABLE_PML), val(k, VMX_PROCBASED_CTLS2),
			    "hardware_setup() clears unrestricted_guest and eptad without EPT, and they gate these bits");
	c = begin(k, VMX_PROCBASED_CTLS2, "flexpriority_needs_tpr_shadow", true,
		  VMX_TRUE_PROCBASED_CTLS, -1);
	if (c && !(hi(k, VMX_TRUE_PROCBASED_CTLS) & CPU_BASED_TPR_SHADOW))
		check_clear(c, VMX_PROCBASED_CTLS2,
			    HI(SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES),
			    val(k, VMX_PROCBASED_CTLS2),
			    "flexpriority=Y needs the TPR shadow, which %s lacks",
			    vmx_msr_name(VMX_TRUE_PROCBASED_CTLS));
	c = begin(k, VMX_TRUE_PINBASED_CTLS, "posted_interrupts_need_apicv",
		  true, VMX_PROCBASED_CTLS2, -1);
	if (c && (hi(k, VMX_TRUE_PINBASED_CTLS) & PIN_BASED_POSTED_INTR))
		check_set(c, VMX_PROCBASED_CTLS2,
			  HI(SECONDARY_EXEC_APIC_REGISTER_VIRT |
			     SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY), val(k, VMX_PROCBASED_CTLS2),
			  "posted interrupts are exposed only with enable_apicv=Y, which needs both");
}

static void check_ept_vpid(struct inv *k)
{
	const struct inv_facts *kv = k->kv;
	uint32_t p2 = hi(k, VMX_PROCBASED_CTLS2);
	uint64_t cap = val(k, VMX_EPT_VPID_CAP);
	bool ept = p2 & SECONDARY_EXEC_ENABLE_EPT;
	struct check *c;

	c = begin(k, VMX_EPT_VPID_CAP, "ept_caps_within_kvm_bound", false, -1, -1);
	if (c)
		check_clear(c, VMX_EPT_VPID_CAP, GENMASK_ULL(31, 0) & ~(uint64_t)kv->ept_bound,
			    cap, "KVM never reports this EPT capability to L1 (%s)",
			    k->vname);
	c = begin(k, VMX_EPT_VPID_CAP, "vpid_caps_within_kvm_bound", false, -1, -1);
	if (c)
		check_clear(c, VMX_EPT_VPID_CAP,
			    ~(VMX_CAP_INVVPID | VMX_CAP_INVVPID_TYPES) &
			    GENMASK_ULL(63, 32), cap,
			    "KVM reports only INVVPID and its four types");
	c = begin(k, VMX_EPT_VPID_CAP, "ept_caps_follow_enable_ept", true,
		  VMX_PROCBASED_CTLS2, -1);
	if (c && !ept)
		check_clear(c, VMX_EPT_VPID_CAP, GENMASK_ULL(31, 0), cap,
			    "ept=N (no 'enable EPT' in %s): KVM reports no EPT capability",
			    vmx_msr_name(VMX_PROCBASED_CTLS2));
	else if (c)
		check_set(c, VMX_EPT_VPID_CAP,
			  VMX_CAP_EPT_PAGE_WALK_4 | VMX_CAP_EPT_MT_WB |
			  VMX_CAP_EPT_2MB_PAGE | VMX_CAP_EPT_1GB_PAGE |
			  VMX_CAP_INVEPT_SINGLE_CONTEXT | VMX_CAP_INVEPT_ALL_CONTEXT, cap,
			  "ept=Y: 2M/1G pages and both INVEPT types are emulated, 4-level walks and WB are required of the hardware");
	c = begin(k, VMX_EPT_VPID_CAP, "ept_ad_matches_pml", true,
		  VMX_PROCBASED_CTLS2, -1);
	if (c && ept)
		check_bits(c, VMX_EPT_VPID_CAP, VMX_CAP_EPT_AD,
			   p2 & SECONDARY_EXEC_ENABLE_PML ? VMX_CAP_EPT_AD : 0, cap,
			   "both follow eptad=Y: EPT A/D and the emulated PML come together");
	c = begin(k, VMX_EPT_VPID_CAP, "vpid_caps_follow_enable_vpid", true,
		  VMX_PROCBASED_CTLS2, -1);
	if (c)
		check_bits(c, VMX_EPT_VPID_CAP, GENMASK_ULL(63, 32),
			   p2 & SECONDARY_EXEC_ENABLE_VPID ?
			   (VMX_CAP_INVVPID | VMX_CAP_INVVPID_TYPES) : 0,
			   cap, "vpid=%s: KVM reports INVVPID with all four types, or nothing",
			   p2 & SECONDARY_EXEC_ENABLE_VPID ? "Y" : "N");
	c = begin(k, VMX_VMFUNC, "eptp_switching_only", false, -1, -1);
	if (c)
		check_clear(c, VMX_VMFUNC, ~(uint64_t)VMX_VMFUNC_EPTP_SWITCHING,
			    val(k, VMX_VMFUNC), "KVM emulates EPTP switching and no other VM function");
	c = begin(k, VMX_VMFUNC, "eptp_switching_with_ept_and_vmfunc", true,
		  VMX_PROCBASED_CTLS2, -1);
	if (c)
		check_bits(c, VMX_VMFUNC, VMX_VMFUNC_EPTP_SWITCHING,
			   ept && (p2 & SECONDARY_EXEC_ENABLE_VMFUNC) ?
			   VMX_VMFUNC_EPTP_SWITCHING : 0, val(k, VMX_VMFUNC),
			   "EPTP switching is reported iff ept=Y and VM functions are exposed");
	c = begin(k, VMX_EPT_VPID_CAP, "ept_caps_within_hardware", false, -1, -1);
	if (c && !have_hw(k, VMX_EPT_VPID_CAP))
		check_skip(c, "no hardware value of %s", vmx_msr_name(VMX_EPT_VPID_CAP));
	else if (c)
		check_clear(c, VMX_EPT_VPID_CAP,
			    GENMASK_ULL(31, 0) & ~(uint64_t)(VMX_CAP_EPT_2MB_PAGE |
			    VMX_CAP_EPT_1GB_PAGE | VMX_CAP_INVEPT_SINGLE_CONTEXT |
			    VMX_CAP_INVEPT_ALL_CONTEXT) &
			    ~msrs_get(k->ctx->hw, VMX_EPT_VPID_CAP), cap,
			    "only 2M/1G pages and the INVEPT types are emulated; the rest needs the hardware");
}

static void check_others(struct inv *k)
{
	const struct inv_facts *kv = k->kv;
	uint64_t basic = val(k, VMX_BASIC), misc = val(k, VMX_MISC);
	const struct vmx_msr_set *hw = k->ctx->hw;
	struct check *c;

	c = begin(k, VMX_BASIC, "vmcs12_revision_and_layout", false, -1, -1);
	if (c) {
		check_bits(c, VMX_BASIC, GENMASK_ULL(31, 0) | GENMASK_ULL(48, 45),
			   VMCS12_REVISION, basic,
			   "VMCS12_REVISION and 64-bit addresses: userspace cannot change them");
		check_clear(c, VMX_BASIC, GENMASK_ULL(63, 57) |
			    (kv->basic56 ? 0 : VMX_BASIC_NO_HW_ERROR_CODE_CC), basic,
			    "never reported to L1 (%s)", k->vname);
	}
	c = begin(k, VMX_BASIC, "vmcs12_size_type_true_ctls", true, -1, -1);
	if (c)
		check_bits(c, VMX_BASIC, VMX_BASIC_VMCS_SIZE_MASK |
			   VMX_BASIC_MEM_TYPE_MASK | VMX_BASIC_TRUE_CTLS,
			   (VMCS12_SIZE << 32) | ((uint64_t)VMX_MEMTYPE_WB << 50) |
			   VMX_BASIC_TRUE_CTLS, basic,
			   "vmcs12 is 4096 bytes of write-back memory, and the TRUE controls are always reported");
	c = begin(k, VMX_BASIC, "hardware_bits_copied", true, -1, -1);
	if (c && !(hw && msrs_has(hw, VMX_BASIC)))
		check_skip(c, "no hardware value of %s", vmx_msr_name(VMX_BASIC));
	else if (c)
		check_bits(c, VMX_BASIC, VMX_BASIC_INOUT |
			   (kv->basic56 ? VMX_BASIC_NO_HW_ERROR_CODE_CC : 0),
			   msrs_get(hw, VMX_BASIC), basic,
			   "copied from the hardware's %s (%s)",
			   vmx_msr_name(VMX_BASIC), k->vname);

	c = begin(k, VMX_MISC, "within_kvm_bound", false, -1, -1);
	if (c)
		check_clear(c, VMX_MISC, ~(uint64_t)(kv->misc_max | 0x1f), misc,
			    "KVM never reports this MISC bit to L1 (%s)", k->vname);
	c = begin(k, VMX_MISC, "emulated_values", true, -1, -1);
	if (c)
		check_bits(c, VMX_MISC, ~(uint64_t)VMX_MISC_SAVE_EFER_LMA,
			   kv->misc_max & ~VMX_MISC_SAVE_EFER_LMA, misc,
			   "KVM emulates the preemption timer (rate 5), HLT%s and VMWRITE to any field (%s)",
			   kv->misc_max & VMX_MISC_ACTIVITY_WAIT_SIPI ? ", wait-for-SIPI" : "",
			   k->vname);
	c = begin(k, VMX_MISC, "save_efer_lma_from_hardware", true, -1, -1);
	if (c && !(hw && msrs_has(hw, VMX_MISC)))
		check_skip(c, "no hardware value of %s", vmx_msr_name(VMX_MISC));
	else if (c)
		check_bits(c, VMX_MISC, VMX_MISC_SAVE_EFER_LMA,
			   msrs_get(hw, VMX_MISC), misc,
			   "copied from the hardware's %s", vmx_msr_name(VMX_MISC));

	c = begin(k, VMX_CR0_FIXED0, "pe_ne_pg", false, -1, -1);
	if (c && k->ctx->restricted)
		check_set(c, VMX_CR0_FIXED0, X86_CR0_PE | X86_CR0_NE | X86_CR0_PG,
			  val(k, VMX_CR0_FIXED0), "userspace may only add fixed-1 bits");
	else if (c)
		check_value(c, VMX_CR0_FIXED0, X86_CR0_PE | X86_CR0_NE | X86_CR0_PG,
			    val(k, VMX_CR0_FIXED0), "VMXON_CR0_ALWAYSON, KVM's constant");
	c = begin(k, VMX_CR4_FIXED0, "vmxe", false, -1, -1);
	if (c && k->ctx->restricted)
		check_set(c, VMX_CR4_FIXED0, X86_CR4_VMXE, val(k, VMX_CR4_FIXED0),
			  "userspace may only add fixed-1 bits");
	else if (c)
		check_value(c, VMX_CR4_FIXED0, X86_CR4_VMXE, val(k, VMX_CR4_FIXED0),
			    "VMXON_CR4_ALWAYSON, KVM's constant");
	c = begin(k, VMX_CR0_FIXED1, "copied_from_hardware", true, -1, -1);
	if (c && !(hw && msrs_has(hw, VMX_CR0_FIXED1)))
		check_skip(c, "no hardware value of %s", vmx_msr_name(VMX_CR0_FIXED1));
	else if (c)
		check_value(c, VMX_CR0_FIXED1, msrs_get(hw, VMX_CR0_FIXED1),
			    val(k, VMX_CR0_FIXED1), "the system value is the hardware's");
	c = begin(k, VMX_CR4_FIXED1, "copied_from_hardware", true, -1, -1);
	if (c && !(hw && msrs_has(hw, VMX_CR4_FIXED1)))
		check_skip(c, "no hardware value of %s", vmx_msr_name(VMX_CR4_FIXED1));
	else if (c)
		check_bits(c, VMX_CR4_FIXED1,
			   kv->cr4_umip ? ~(uint64_t)X86_CR4_UMIP : ~0ULL,
			   msrs_get(hw, VMX_CR4_FIXED1), val(k, VMX_CR4_FIXED1),
			   "the system value is the hardware's%s (%s)",
			   kv->cr4_umip ? ", plus UMIP when KVM emulates it" : "",
			   k->vname);

	c = begin(k, VMX_VMCS_ENUM, "highest_vmcs12_index", true,
		  VMX_PROCBASED_CTLS2, -1);
	if (c) {
		bool tsc = hi(k, VMX_PROCBASED_CTLS2) & SECONDARY_EXEC_TSC_SCALING;
		uint64_t want = !kv->enum_follows_tsc_scaling || tsc ?
				kv->vmcs_enum : 0x2e;

		check_value(c, VMX_VMCS_ENUM, want, val(k, VMX_VMCS_ENUM),
			    "the highest field index of vmcs12, shifted left by 1 (%s%s)",
			    k->vname, kv->enum_follows_tsc_scaling ?
			    ", TSC_MULTIPLIER only with TSC scaling" : "");
	}
}

static int param(const struct inv *k, const char *name)
{
	return k->ctx->params ? snap_param_bool(k->ctx->params, name) : -1;
}

/* CTLS2 bits that follow a parameter exactly (hardware_setup() cleared it) */
static void check_params(struct inv *k)
{
	const struct inv_facts *kv = k->kv;
	int ept = param(k, "ept"), ad = param(k, "eptad");
	const struct {
		const char *name;
		uint32_t bit;
		int value;
		bool present;
	} follow[] = {
		{ "ept", SECONDARY_EXEC_ENABLE_EPT, ept, true },
		{ "vpid", SECONDARY_EXEC_ENABLE_VPID, param(k, "vpid"), true },
		{ "unrestricted_guest", SECONDARY_EXEC_UNRESTRICTED_GUEST,
		  param(k, "unrestricted_guest"), true },
		{ "flexpriority", SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES,
		  param(k, "flexpriority"), true },
		{ "eptad", SECONDARY_EXEC_ENABLE_PML,
		  ept < 0 || ad < 0 ? -1 : ept && ad, true },
		{ "sgx", SECONDARY_EXEC_ENCLS_EXITING, param(k, "sgx"), kv->sgx },
		{ "mbec", SECONDARY_EXEC_MODE_BASED_EPT_EXEC,
		  ept < 0 || param(k, "mbec") < 0 ? -1 : ept && param(k, "mbec"),
		  kv->mbec },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(follow); i++) {
		char rule[64];
		struct check *c;

		if (!follow[i].present)
			continue;
		snprintf(rule, sizeof(rule), "follows_param_%s", follow[i].name);
		c = begin(k, VMX_PROCBASED_CTLS2, rule, true, -1, -1);
		if (c && follow[i].value < 0)
			check_skip(c, "kvm_intel parameter %s unknown", follow[i].name);
		else if (c)
			check_bits(c, VMX_PROCBASED_CTLS2, HI(follow[i].bit),
				   follow[i].value ? HI(follow[i].bit) : 0,
				   val(k, VMX_PROCBASED_CTLS2),
				   "set iff %s=Y (after hardware_setup()), here %s",
				   follow[i].name, follow[i].value ? "Y" : "N");
	}
	{
		int apicv = param(k, "enable_apicv");
		struct check *c = begin(k, VMX_TRUE_PINBASED_CTLS,
					"posted_intr_needs_param_enable_apicv",
					true, -1, -1);

		if (c && apicv < 0)
			check_skip(c, "kvm_intel parameter enable_apicv unknown");
		else if (c && !apicv)
			check_clear(c, VMX_TRUE_PINBASED_CTLS, HI(PIN_BASED_POSTED_INTR),
				    val(k, VMX_TRUE_PINBASED_CTLS),
				    "posted interrupts are exposed only with enable_apicv=Y, here N");
	}
}

void kvm_nested_check_invariants(const struct vmx_msr_set *m,
				 const struct kvm_inv_ctx *ctx,
				 struct check_list *out)
{
	const struct model_rules *rules = ctx->rules ? ctx->rules :
					  &model_rules_default;
	struct inv k = { .m = m, .ctx = ctx, .out = out };
	const char *name;

	if (ctx->version >= rules->nr_versions) {
		check_skip(check_new(out, "kvm_nested_invariants"),
			   "no modelled version %u", ctx->version);
		return;
	}
	name = rules->versions[ctx->version].name;
	inv_fold(ctx->kv.major ? ctx->kv : rules->versions[ctx->version].source,
		 ctx->changed, &k.facts);
	k.kv = &k.facts;
	k.vname = name;
	check_controls(&k);
	check_vmcs_config_derived(&k);
	check_dependencies(&k);
	check_ept_vpid(&k);
	check_others(&k);
	check_params(&k);
}
