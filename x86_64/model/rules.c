// SPDX-License-Identifier: GPL-2.0-only
/*
 * What KVM does, per modelled kernel: the rules of setup_vmcs_config(),
 * hardware_setup(), nested_vmx_setup_ctls_msrs() and the vCPU's CPUID
 * adjustments, transcribed from Debian's linux-source-5.10 (5.10.223),
 * -6.1 (6.1.192), -6.12 (6.12.117) and -7.2 (7.2.13).
 *
 * Each row holds for a range of the modelled versions; a change between
 * two versions is one row ending and another starting.  Read top to
 * bottom, a table is the kernel function it names; read by range, it is
 * the history of that function across the four sources.
 *
 * Bit sets use the kernel's names (model_bits.h); the engine that applies
 * the rows is in model_vmcs_config.c, model_nested.c and model_vcpu.c.
 */
#include "x86_64/model_rules.h"
#include "x86_64/processor.h"
#include "model_bits.h"


/*
 * When each change was made.  Reading two sources pins a change only to a
 * window between them (KV_WINDOW); where the upstream commit is known,
 * the edge is its release (KV_AT).  A kernel inside a window may or may
 * not have the change (include/kver.h).
 */
#define IN_6_1		KV_WINDOW(5, 10, 6, 1)	/* in 6.1.192, not 5.10.223 */
#define IN_6_12		KV_WINDOW(6, 1, 6, 12)	/* in 6.12.117, not 6.1.192 */
#define IN_7_2		KV_WINDOW(6, 12, 7, 2)	/* in 7.2.13, not 6.12.117 */

#define ALL		KVR_ALL
#define FROM		KVR_FROM
#define UNTIL		KVR_UNTIL
#define RANGE		KVR

static const struct model_version versions[] = {
	{ "5.10", { 5, 10, 223 } },
	{ "6.1", { 6, 1, 192 } },
	{ "6.12", { 6, 12, 117 } },
	{ "7.2", { 7, 2, 13 } },
};

/*
 * setup_vmcs_config(): the min and opt sets of adjust_vmx_controls(), a
 * 64-bit kernel.  5.10 writes them inline; 6.1 on uses the
 * KVM_REQUIRED_VMX_* and KVM_OPTIONAL_VMX_* macros of vmx.h.
 */
#define CTL(w, r, v, b, c)	{ VW_##w, VR_##r, v, b, c }

static const struct vmcs_ctl_rule ctl_rules[] = {
	CTL(PROC, REQUIRED, ALL,
	    CPU_BASED_HLT_EXITING | CPU_BASED_CR8_LOAD_EXITING |
	    CPU_BASED_CR8_STORE_EXITING | CPU_BASED_CR3_LOAD_EXITING |
	    CPU_BASED_CR3_STORE_EXITING | CPU_BASED_UNCOND_IO_EXITING |
	    CPU_BASED_MOV_DR_EXITING | CPU_BASED_USE_TSC_OFFSETTING |
	    CPU_BASED_MWAIT_EXITING | CPU_BASED_MONITOR_EXITING |
	    CPU_BASED_INVLPG_EXITING | CPU_BASED_RDPMC_EXITING,
	    "setup_vmcs_config() min / KVM_REQUIRED_VMX_CPU_BASED_VM_EXEC_CONTROL"),
	CTL(PROC, REQUIRED, FROM(IN_6_1), CPU_BASED_INTR_WINDOW_EXITING,
	    "KVM_REQUIRED_VMX_CPU_BASED_VM_EXEC_CONTROL"),
	CTL(PROC, OPTIONAL, ALL,
	    CPU_BASED_TPR_SHADOW | CPU_BASED_USE_MSR_BITMAPS |
	    CPU_BASED_ACTIVATE_SECONDARY_CONTROLS,
	    "setup_vmcs_config() opt / KVM_OPTIONAL_VMX_CPU_BASED_VM_EXEC_CONTROL"),
	CTL(PROC, OPTIONAL, FROM(IN_6_1),
	    CPU_BASED_RDTSC_EXITING | CPU_BASED_USE_IO_BITMAPS |
	    CPU_BASED_MONITOR_TRAP_FLAG | CPU_BASED_NMI_WINDOW_EXITING |
	    CPU_BASED_PAUSE_EXITING | CPU_BASED_ACTIVATE_TERTIARY_CONTROLS,
	    "KVM_OPTIONAL_VMX_CPU_BASED_VM_EXEC_CONTROL"),

	CTL(PROC2, OPTIONAL, ALL,
	    SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES |
	    SECONDARY_EXEC_VIRTUALIZE_X2APIC_MODE |
	    SECONDARY_EXEC_WBINVD_EXITING | SECONDARY_EXEC_ENABLE_VPID |
	    SECONDARY_EXEC_ENABLE_EPT | SECONDARY_EXEC_UNRESTRICTED_GUEST |
	    SECONDARY_EXEC_PAUSE_LOOP_EXITING | SECONDARY_EXEC_DESC |
	    SECONDARY_EXEC_ENABLE_RDTSCP | SECONDARY_EXEC_ENABLE_INVPCID |
	    SECONDARY_EXEC_APIC_REGISTER_VIRT |
	    SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY | SECONDARY_EXEC_SHADOW_VMCS |
	    SECONDARY_EXEC_ENABLE_XSAVES | SECONDARY_EXEC_RDSEED_EXITING |
	    SECONDARY_EXEC_RDRAND_EXITING | SECONDARY_EXEC_ENABLE_PML |
	    SECONDARY_EXEC_TSC_SCALING | SECONDARY_EXEC_ENABLE_USR_WAIT_PAUSE |
	    SECONDARY_EXEC_PT_USE_GPA | SECONDARY_EXEC_PT_CONCEAL_VMX |
	    SECONDARY_EXEC_ENABLE_VMFUNC,
	    "setup_vmcs_config() opt2 / KVM_OPTIONAL_VMX_SECONDARY_VM_EXEC_CONTROL"),
	CTL(PROC2, OPTIONAL_IF_SGX, UNTIL(IN_6_1), SECONDARY_EXEC_ENCLS_EXITING,
	    "setup_vmcs_config(): opt2 |= ENCLS_EXITING if cpu_has_sgx()"),
	CTL(PROC2, OPTIONAL, FROM(IN_6_1),
	    SECONDARY_EXEC_BUS_LOCK_DETECTION |
	    SECONDARY_EXEC_NOTIFY_VM_EXITING | SECONDARY_EXEC_ENCLS_EXITING,
	    "KVM_OPTIONAL_VMX_SECONDARY_VM_EXEC_CONTROL"),
	CTL(PROC2, OPTIONAL, FROM(IN_6_12), SECONDARY_EXEC_EPT_VIOLATION_VE,
	    "KVM_OPTIONAL_VMX_SECONDARY_VM_EXEC_CONTROL"),
	CTL(PROC2, OPTIONAL, FROM(IN_7_2), SECONDARY_EXEC_MODE_BASED_EPT_EXEC,
	    "KVM_OPTIONAL_VMX_SECONDARY_VM_EXEC_CONTROL"),

	CTL(EXIT, REQUIRED, ALL,
	    VM_EXIT_SAVE_DEBUG_CONTROLS | VM_EXIT_ACK_INTR_ON_EXIT |
	    VM_EXIT_HOST_ADDR_SPACE_SIZE,
	    "setup_vmcs_config() min / KVM_REQUIRED_VMX_VM_EXIT_CONTROLS"),
	CTL(EXIT, OPTIONAL, ALL,
	    VM_EXIT_LOAD_IA32_PERF_GLOBAL_CTRL | VM_EXIT_LOAD_IA32_PAT |
	    VM_EXIT_LOAD_IA32_EFER | VM_EXIT_CLEAR_BNDCFGS |
	    VM_EXIT_PT_CONCEAL_PIP | VM_EXIT_CLEAR_IA32_RTIT_CTL,
	    "setup_vmcs_config() opt / KVM_OPTIONAL_VMX_VM_EXIT_CONTROLS"),
	CTL(EXIT, OPTIONAL, FROM(IN_6_1),
	    VM_EXIT_SAVE_IA32_PAT | VM_EXIT_SAVE_IA32_EFER |
	    VM_EXIT_SAVE_VMX_PREEMPTION_TIMER,
	    "KVM_OPTIONAL_VMX_VM_EXIT_CONTROLS"),
	CTL(EXIT, OPTIONAL, FROM(IN_7_2),
	    VM_EXIT_LOAD_CET_STATE | VM_EXIT_SAVE_IA32_PERF_GLOBAL_CTRL,
	    "KVM_OPTIONAL_VMX_VM_EXIT_CONTROLS"),

	CTL(PIN, REQUIRED, ALL, PIN_BASED_EXT_INTR_MASK | PIN_BASED_NMI_EXITING,
	    "setup_vmcs_config() min / KVM_REQUIRED_VMX_PIN_BASED_VM_EXEC_CONTROL"),
	CTL(PIN, OPTIONAL, ALL,
	    PIN_BASED_VIRTUAL_NMIS | PIN_BASED_POSTED_INTR |
	    PIN_BASED_VMX_PREEMPTION_TIMER,
	    "setup_vmcs_config() opt / KVM_OPTIONAL_VMX_PIN_BASED_VM_EXEC_CONTROL"),

	CTL(ENTRY, REQUIRED, ALL, VM_ENTRY_LOAD_DEBUG_CONTROLS,
	    "setup_vmcs_config() min / KVM_REQUIRED_VMX_VM_ENTRY_CONTROLS"),
	CTL(ENTRY, REQUIRED, FROM(IN_6_1), VM_ENTRY_IA32E_MODE,
	    "KVM_REQUIRED_VMX_VM_ENTRY_CONTROLS"),
	CTL(ENTRY, OPTIONAL, ALL,
	    VM_ENTRY_LOAD_IA32_PERF_GLOBAL_CTRL | VM_ENTRY_LOAD_IA32_PAT |
	    VM_ENTRY_LOAD_IA32_EFER | VM_ENTRY_LOAD_BNDCFGS |
	    VM_ENTRY_PT_CONCEAL_PIP | VM_ENTRY_LOAD_IA32_RTIT_CTL,
	    "setup_vmcs_config() opt / KVM_OPTIONAL_VMX_VM_ENTRY_CONTROLS"),
	CTL(ENTRY, OPTIONAL, FROM(IN_7_2), VM_ENTRY_LOAD_CET_STATE,
	    "KVM_OPTIONAL_VMX_VM_ENTRY_CONTROLS"),
};

#define FEAT(id, v, arg, c)	{ MF_##id, v, arg, c }

static const struct model_feature_rule feature_rules[] = {
	/* 5.10: 64-bit, TPR shadow makes CR8 exits unnecessary; 6.1 does it
	 * at run time instead (e89e1e2302d3) */
	FEAT(CR8_EXITING_OFF_WITH_TPR_SHADOW, UNTIL(IN_6_1), 0,
	     "setup_vmcs_config()"),
	FEAT(EPT_VE_NEEDS_PROVE_VE, FROM(IN_6_12), 0,
	     "setup_vmcs_config(): !IS_ENABLED(CONFIG_KVM_INTEL_PROVE_VE)"),
	FEAT(APICV_NEEDS_TPR_SHADOW, ALL, 0, "setup_vmcs_config()"),
	FEAT(CAPS_WITHOUT_CONTROL_ZEROED, UNTIL(IN_6_1), 0,
	     "setup_vmcs_config(): pr_warn_once(\"EPT CAP should not exist ...\")"),
	FEAT(CAPS_WITHOUT_CONTROL_CHECKED, RANGE(IN_6_1, IN_6_12), 0,
	     "setup_vmcs_config(): error_on_inconsistent_vmcs_config"),
	FEAT(CAPS_WITHOUT_CONTROL_CHECKED, RANGE(IN_6_12, IN_7_2),
	     SECONDARY_EXEC_EPT_VIOLATION_VE,
	     "setup_vmcs_config(): error_on_inconsistent_vmcs_config"),
	FEAT(CAPS_WITHOUT_CONTROL_CHECKED, FROM(IN_7_2),
	     SECONDARY_EXEC_EPT_VIOLATION_VE | SECONDARY_EXEC_MODE_BASED_EPT_EXEC,
	     "setup_vmcs_config(): error_on_inconsistent_vmcs_config"),
	/* 5.10; 6.1 checks it at run time instead (64f80ea73b35) */
	FEAT(CR3_INVLPG_EXITING_OFF_WITH_EPT, UNTIL(IN_6_1), 0,
	     "setup_vmcs_config()"),
	FEAT(MBEC_NEEDS_ADVANCED_EXIT_INFO, FROM(IN_7_2), 0,
	     "setup_vmcs_config(): VMX_EPT_ADVANCED_VMEXIT_INFO_BIT"),
	FEAT(ENCLS_NEEDS_SGX, FROM(IN_6_1), 0,
	     "setup_vmcs_config(): !cpu_has_sgx()"),
	FEAT(TERTIARY_CONTROLS, FROM(IN_6_1), 0,
	     "setup_vmcs_config(): adjust_vmx_controls64()"),
	FEAT(BROKEN_PREEMPTION_TIMER, ALL, 0,
	     "setup_vmcs_config(): cpu_has_broken_vmx_preemption_timer()"),
	FEAT(POSTED_INTR_NEEDS_VID, ALL, 0, "setup_vmcs_config()"),
	FEAT(ENTRY_EXIT_PAIRS, FROM(IN_6_1), 0,
	     "setup_vmcs_config(): vmcs_entry_exit_pairs[]"),
	/*
	 * 6.1 only warns in hardware_setup() (cpu_has_perf_global_ctrl_bug())
	 * and masks the bits at run time; 5.10, 6.12 and 7.2 clear them
	 * from vmcs_config.
	 */
	FEAT(PERF_GLOBAL_ERRATUM, UNTIL(IN_6_1), 0, "setup_vmcs_config()"),
	FEAT(PERF_GLOBAL_ERRATUM, FROM(IN_6_12), 0, "setup_vmcs_config()"),

	FEAT(NX_REQUIRED_WITHOUT_EPT, FROM(IN_6_1), 0,
	     "hardware_setup(): \"NX (Execute Disable) not supported\""),
	FEAT(VNMI_NEEDS_NMI_WINDOW, FROM(IN_6_1), 0, "cpu_has_virtual_nmis()"),
	FEAT(CET_PARAM, FROM(IN_7_2), 0, "vmx_hardware_setup(): enable_cet"),
	FEAT(MBEC_PARAM, FROM(IN_7_2), 0, "vmx_hardware_setup(): enable_mbec"),
	FEAT(SGX_PARAM, FROM(IN_6_1), 0, "hardware_setup(): enable_sgx"),
	FEAT(IPIV_PARAM, FROM(IN_6_1), 0, "hardware_setup(): enable_ipiv"),

	/* the WARN_ON_ONCE() of vmx_adjust_secondary_exec_control() */
	FEAT(VCPU_CTL2_ONLY_WITHIN_SYS, FROM(IN_6_12), 0,
	     "vmx_adjust_secondary_exec_control()"),
	/* both reverted in 6.0 (8805875aa473, 9389d5774aca) */
	FEAT(VCPU_MPX_ENTRY_EXIT, UNTIL(IN_6_1), 0,
	     "nested_vmx_entry_exit_ctls_update()"),
	FEAT(VCPU_PMU_ENTRY_EXIT, UNTIL(IN_6_1), 0,
	     "intel_pmu_refresh() -> nested_vmx_pmu_entry_exit_ctls_update()"),
};

/* vmcs_entry_exit_pairs[] of setup_vmcs_config() (bit numbers) */
static const struct pair_rule pair_rules[] = {
	{ 13, 12, FROM(IN_6_1) },	/* LOAD_IA32_PERF_GLOBAL_CTRL */
	{ 14, 19, FROM(IN_6_1) },	/* LOAD_IA32_PAT */
	{ 15, 21, FROM(IN_6_1) },	/* LOAD_IA32_EFER */
	{ 16, 23, FROM(IN_6_1) },	/* LOAD_BNDCFGS / CLEAR_BNDCFGS */
	{ 18, 25, FROM(IN_6_1) },	/* LOAD / CLEAR_IA32_RTIT_CTL */
	{ 20, 28, FROM(IN_7_2) },	/* LOAD_CET_STATE */
};

/* module_param()s that the model reads, with their defaults */
static const struct param_rule param_rules[] = {
	{ "nested", "Y", ALL, NULL },
	{ "ept", "Y", ALL, NULL },
	{ "vpid", "Y", ALL, NULL },
	{ "unrestricted_guest", "Y", ALL, NULL },
	{ "eptad", "Y", ALL, NULL },
	{ "flexpriority", "Y", ALL, NULL },
	{ "vnmi", "Y", ALL, NULL },
	{ "enable_apicv", "Y", ALL, NULL },
	{ "pml", "Y", ALL, NULL },
	{ "preemption_timer", "Y", ALL, NULL },
	{ "enable_shadow_vmcs", "Y", ALL, NULL },
	/* module_param(pt_mode) only #ifdef CONFIG_BROKEN: normally absent */
	{ "pt_mode", "0", ALL, "0" },
	{ "enable_ipiv", "Y", FROM(IN_6_1), NULL },
	{ "error_on_inconsistent_vmcs_config", "Y", FROM(IN_6_1), NULL },
	/* without CONFIG_X86_SGX_KVM there is no parameter and enable_sgx is 0 */
	{ "sgx", "Y", FROM(IN_6_1), "N" },
	{ "cet", "Y", FROM(IN_7_2), NULL },
	{ "mbec", "Y", FROM(IN_7_2), NULL },
};

/*
 * nested_vmx_setup_ctls_msrs(): 5.10 re-reads the raw non-TRUE MSRs;
 * 6.1 starts from vmcs_config ("use sanitized allowed-1 bits"); 6.12
 * splits it into nested_vmx_setup_{pinbased,exit,entry,...}() with the
 * same result; 7.2 adds CET, advanced EPT exit information, MBEC and
 * BASIC bit 56, and a VMCS_ENUM that depends on the host.
 */
#define NR(m, k, s, g, v, mask, val, why, cite)				\
	{ VMX_##m, NK_##k, NS_##s, NG_##g, v, mask, val, why, cite }
#define FORCED(m, g, v, mask, why, cite)				\
	NR(m, FORCED, NONE, g, v, mask, 0, why, cite)
#define CONST(m, g, v, mask, val, why, cite)				\
	NR(m, CONST, NONE, g, v, mask, val, why, cite)
#define COPY(m, s, g, v, mask, why, cite)				\
	NR(m, COPY, s, g, v, mask, 0, why, cite)

#define FROM_RAW	"copied from the hardware's allowed-1 (raw MSR, not vmcs_config)"
#define FROM_VMCS	"copied from vmcs_config"

#define PIN_MASK	(PIN_BASED_EXT_INTR_MASK | PIN_BASED_NMI_EXITING | \
			 PIN_BASED_VIRTUAL_NMIS)
#define EXIT_MASK	(VM_EXIT_HOST_ADDR_SPACE_SIZE | VM_EXIT_LOAD_IA32_PAT | \
			 VM_EXIT_SAVE_IA32_PAT | VM_EXIT_CLEAR_BNDCFGS)
#define EXIT_FORCED	(VM_EXIT_ALWAYSON_WITHOUT_TRUE_MSR | \
			 VM_EXIT_LOAD_IA32_EFER | VM_EXIT_SAVE_IA32_EFER | \
			 VM_EXIT_SAVE_VMX_PREEMPTION_TIMER | \
			 VM_EXIT_ACK_INTR_ON_EXIT)
#define ENTRY_MASK	(VM_ENTRY_IA32E_MODE | VM_ENTRY_LOAD_IA32_PAT | \
			 VM_ENTRY_LOAD_BNDCFGS)
#define PROC_MASK	(CPU_BASED_INTR_WINDOW_EXITING | \
			 CPU_BASED_NMI_WINDOW_EXITING | \
			 CPU_BASED_USE_TSC_OFFSETTING | CPU_BASED_HLT_EXITING | \
			 CPU_BASED_INVLPG_EXITING | CPU_BASED_MWAIT_EXITING | \
			 CPU_BASED_CR3_LOAD_EXITING | \
			 CPU_BASED_CR3_STORE_EXITING | \
			 CPU_BASED_CR8_LOAD_EXITING | \
			 CPU_BASED_CR8_STORE_EXITING | \
			 CPU_BASED_MOV_DR_EXITING | \
			 CPU_BASED_UNCOND_IO_EXITING | \
			 CPU_BASED_USE_IO_BITMAPS | \
			 CPU_BASED_MONITOR_TRAP_FLAG | \
			 CPU_BASED_MONITOR_EXITING | CPU_BASED_RDPMC_EXITING | \
			 CPU_BASED_RDTSC_EXITING | CPU_BASED_PAUSE_EXITING | \
			 CPU_BASED_TPR_SHADOW | \
			 CPU_BASED_ACTIVATE_SECONDARY_CONTROLS)
#define PROC2_MASK	(SECONDARY_EXEC_DESC | SECONDARY_EXEC_ENABLE_RDTSCP | \
			 SECONDARY_EXEC_VIRTUALIZE_X2APIC_MODE | \
			 SECONDARY_EXEC_WBINVD_EXITING | \
			 SECONDARY_EXEC_APIC_REGISTER_VIRT | \
			 SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY | \
			 SECONDARY_EXEC_RDRAND_EXITING | \
			 SECONDARY_EXEC_ENABLE_INVPCID | \
			 SECONDARY_EXEC_RDSEED_EXITING | \
			 SECONDARY_EXEC_ENABLE_XSAVES)
#define EPT_MASK	(VMX_EPT_PAGE_WALK_4_BIT | VMX_EPT_PAGE_WALK_5_BIT | \
			 VMX_EPTP_WB_BIT | VMX_EPT_INVEPT_BIT | \
			 VMX_EPT_EXECUTE_ONLY_BIT)
#define EPT_FORCED	(VMX_EPT_EXTENT_GLOBAL_BIT | \
			 VMX_EPT_EXTENT_CONTEXT_BIT | VMX_EPT_2MB_PAGE_BIT | \
			 VMX_EPT_1GB_PAGE_BIT)

#define SETUP		"nested_vmx_setup_ctls_msrs()"
#define SETUP_PIN	"nested_vmx_setup_pinbased_ctls()"
#define SETUP_EXIT	"nested_vmx_setup_exit_ctls()"
#define SETUP_ENTRY	"nested_vmx_setup_entry_ctls()"
#define SETUP_PROC	"nested_vmx_setup_cpubased_ctls()"
#define SETUP_PROC2	"nested_vmx_setup_secondary_ctls()"
#define SETUP_MISC	"nested_vmx_setup_misc_data()"
#define SETUP_BASIC	"nested_vmx_setup_basic()"
#define SETUP_CR	"nested_vmx_setup_cr_fixed()"

static const struct nested_rule nested_rules[] = {
	/* pin-based */
	COPY(TRUE_PINBASED_CTLS, HW_ALLOWED0, ALWAYS, UNTIL(IN_6_1), LO(~0U),
	     "the hardware's must-be-1 bits, plus the default1 class",
	     SETUP ": pinbased_ctls_low |= PIN_BASED_ALWAYSON_WITHOUT_TRUE_MSR"),
	CONST(TRUE_PINBASED_CTLS, ALWAYS, ALL,
	      LO(PIN_BASED_ALWAYSON_WITHOUT_TRUE_MSR), ~0ULL,
	      "default1 class, must be 1", SETUP_PIN),
	COPY(TRUE_PINBASED_CTLS, HW_ALLOWED1, ALWAYS, UNTIL(IN_6_1),
	     HI(PIN_MASK), FROM_RAW, SETUP),
	COPY(TRUE_PINBASED_CTLS, VMCS_CONFIG, ALWAYS, FROM(IN_6_1),
	     HI(PIN_MASK), FROM_VMCS, SETUP_PIN),
	COPY(TRUE_PINBASED_CTLS, HW_ALLOWED1, APICV, UNTIL(IN_6_1),
	     HI(PIN_BASED_POSTED_INTR), FROM_RAW, SETUP),
	COPY(TRUE_PINBASED_CTLS, VMCS_CONFIG, APICV, FROM(IN_6_1),
	     HI(PIN_BASED_POSTED_INTR), FROM_VMCS, SETUP_PIN),
	FORCED(TRUE_PINBASED_CTLS, ALWAYS, ALL,
	       HI(PIN_BASED_ALWAYSON_WITHOUT_TRUE_MSR),
	       "default1 class, always allowed", SETUP_PIN),
	FORCED(TRUE_PINBASED_CTLS, ALWAYS, ALL,
	       HI(PIN_BASED_VMX_PREEMPTION_TIMER),
	       "emulated: always 1, whatever the hardware and preemption_timer",
	       SETUP_PIN),

	/* VM-exit */
	CONST(TRUE_EXIT_CTLS, ALWAYS, ALL,
	      LO(VM_EXIT_ALWAYSON_WITHOUT_TRUE_MSR & ~VM_EXIT_SAVE_DEBUG_CONTROLS),
	      ~0ULL,
	      "constant must-be-1 set: default1 minus 'save debug controls', which L1 may clear",
	      SETUP_EXIT),
	COPY(TRUE_EXIT_CTLS, HW_ALLOWED1, ALWAYS, UNTIL(IN_6_1),
	     HI(EXIT_MASK | VM_EXIT_LOAD_IA32_PERF_GLOBAL_CTRL), FROM_RAW, SETUP),
	COPY(TRUE_EXIT_CTLS, VMCS_CONFIG, ALWAYS, FROM(IN_6_1), HI(EXIT_MASK),
	     FROM_VMCS, SETUP_EXIT),
	COPY(TRUE_EXIT_CTLS, VMCS_CONFIG, KVM_CET, FROM(IN_7_2),
	     HI(VM_EXIT_LOAD_CET_STATE), FROM_VMCS, SETUP_EXIT),
	FORCED(TRUE_EXIT_CTLS, ALWAYS, ALL, HI(EXIT_FORCED),
	       "emulated or default1: always 1", SETUP_EXIT),
	FORCED(TRUE_EXIT_CTLS, ALWAYS, FROM(IN_6_1),
	       HI(VM_EXIT_LOAD_IA32_PERF_GLOBAL_CTRL),
	       "emulated: always 1, even on the erratum CPUs (f4c93d1a0e71)",
	       SETUP_EXIT),

	/* VM-entry */
	CONST(TRUE_ENTRY_CTLS, ALWAYS, ALL,
	      LO(VM_ENTRY_ALWAYSON_WITHOUT_TRUE_MSR & ~VM_ENTRY_LOAD_DEBUG_CONTROLS),
	      ~0ULL,
	      "constant must-be-1 set: default1 minus 'load debug controls', which L1 may clear",
	      SETUP_ENTRY),
	COPY(TRUE_ENTRY_CTLS, HW_ALLOWED1, ALWAYS, UNTIL(IN_6_1),
	     HI(ENTRY_MASK | VM_ENTRY_LOAD_IA32_PERF_GLOBAL_CTRL), FROM_RAW,
	     SETUP),
	COPY(TRUE_ENTRY_CTLS, VMCS_CONFIG, ALWAYS, FROM(IN_6_1), HI(ENTRY_MASK),
	     FROM_VMCS, SETUP_ENTRY),
	COPY(TRUE_ENTRY_CTLS, VMCS_CONFIG, KVM_CET, FROM(IN_7_2),
	     HI(VM_ENTRY_LOAD_CET_STATE), FROM_VMCS, SETUP_ENTRY),
	FORCED(TRUE_ENTRY_CTLS, ALWAYS, ALL,
	       HI(VM_ENTRY_ALWAYSON_WITHOUT_TRUE_MSR | VM_ENTRY_LOAD_IA32_EFER),
	       "emulated or default1: always 1", SETUP_ENTRY),
	FORCED(TRUE_ENTRY_CTLS, ALWAYS, FROM(IN_6_1),
	       HI(VM_ENTRY_LOAD_IA32_PERF_GLOBAL_CTRL),
	       "emulated: always 1, even on the erratum CPUs (f4c93d1a0e71)",
	       SETUP_ENTRY),

	/* primary processor-based */
	CONST(TRUE_PROCBASED_CTLS, ALWAYS, ALL,
	      LO(CPU_BASED_ALWAYSON_WITHOUT_TRUE_MSR &
		 ~(CPU_BASED_CR3_LOAD_EXITING | CPU_BASED_CR3_STORE_EXITING)),
	      ~0ULL,
	      "constant must-be-1 set: default1 minus CR3-load/store exiting, which L1 may clear",
	      SETUP_PROC),
	COPY(TRUE_PROCBASED_CTLS, HW_ALLOWED1, ALWAYS, UNTIL(IN_6_1),
	     HI(PROC_MASK), FROM_RAW, SETUP),
	COPY(TRUE_PROCBASED_CTLS, VMCS_CONFIG, ALWAYS, FROM(IN_6_1),
	     HI(PROC_MASK), FROM_VMCS, SETUP_PROC),
	FORCED(TRUE_PROCBASED_CTLS, ALWAYS, ALL,
	       HI(CPU_BASED_ALWAYSON_WITHOUT_TRUE_MSR),
	       "default1 class, always allowed", SETUP_PROC),
	FORCED(TRUE_PROCBASED_CTLS, ALWAYS, ALL, HI(CPU_BASED_USE_MSR_BITMAPS),
	       "emulated: always 1, even without hardware MSR bitmaps",
	       SETUP_PROC),

	/* secondary processor-based */
	COPY(PROCBASED_CTLS2, HW_ALLOWED1, HW_SECONDARY, UNTIL(IN_6_1),
	     HI(PROC2_MASK), FROM_RAW, SETUP),
	COPY(PROCBASED_CTLS2, VMCS_CONFIG, ALWAYS, FROM(IN_6_1),
	     HI(PROC2_MASK | SECONDARY_EXEC_TSC_SCALING |
		SECONDARY_EXEC_ENABLE_USR_WAIT_PAUSE),
	     FROM_VMCS, SETUP_PROC2),
	COPY(PROCBASED_CTLS2, VMCS_CONFIG, ALWAYS, UNTIL(IN_6_12),
	     HI(SECONDARY_EXEC_ENABLE_VMFUNC),
	     "set when vmcs_config has it (cpu_has_vmx_vmfunc())", SETUP),
	COPY(PROCBASED_CTLS2, VMCS_CONFIG, ALWAYS, FROM(IN_6_12),
	     HI(SECONDARY_EXEC_ENABLE_VMFUNC), FROM_VMCS, SETUP_PROC2),
	FORCED(PROCBASED_CTLS2, ALWAYS, ALL, HI(SECONDARY_EXEC_SHADOW_VMCS),
	       "emulated: always 1, whatever the hardware and enable_shadow_vmcs",
	       SETUP_PROC2),
	FORCED(PROCBASED_CTLS2, EPT, ALL, HI(SECONDARY_EXEC_ENABLE_EPT),
	       "nested EPT, set when ept=Y", SETUP_PROC2),
	FORCED(PROCBASED_CTLS2, EPT_AD, ALL, HI(SECONDARY_EXEC_ENABLE_PML),
	       "emulated PML, set when ept=Y and eptad=Y (pml does not matter)",
	       SETUP_PROC2),
	FORCED(PROCBASED_CTLS2, VPID, ALL, HI(SECONDARY_EXEC_ENABLE_VPID),
	       "set when vpid=Y", SETUP_PROC2),
	FORCED(PROCBASED_CTLS2, UG, ALL, HI(SECONDARY_EXEC_UNRESTRICTED_GUEST),
	       "set when unrestricted_guest=Y", SETUP_PROC2),
	FORCED(PROCBASED_CTLS2, FLEXPRIORITY, ALL,
	       HI(SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES),
	       "set when flexpriority=Y", SETUP_PROC2),
	FORCED(PROCBASED_CTLS2, SGX, FROM(IN_6_1), HI(SECONDARY_EXEC_ENCLS_EXITING),
	       "set when sgx=Y", SETUP_PROC2),
	FORCED(PROCBASED_CTLS2, EPT_MBEC, FROM(IN_7_2),
	       HI(SECONDARY_EXEC_MODE_BASED_EPT_EXEC),
	       "set when ept=Y and mbec=Y", SETUP_PROC2),

	/* EPT and VPID capabilities */
	COPY(EPT_VPID_CAP, EPT_CAPS, EPT, ALL, LO(EPT_MASK),
	     "copied from the hardware's EPT capabilities when ept=Y",
	     SETUP_PROC2),
	COPY(EPT_VPID_CAP, EPT_CAPS, EPT, FROM(IN_7_2),
	     LO(VMX_EPT_ADVANCED_VMEXIT_INFO_BIT),
	     "copied from the hardware's EPT capabilities when ept=Y",
	     SETUP_PROC2),
	FORCED(EPT_VPID_CAP, EPT, ALL, LO(EPT_FORCED),
	       "emulated: 1 whenever ept=Y, whatever the hardware", SETUP_PROC2),
	FORCED(EPT_VPID_CAP, EPT_AD, ALL, LO(VMX_EPT_AD_BIT),
	       "set when ept=Y and eptad=Y", SETUP_PROC2),
	FORCED(EPT_VPID_CAP, VPID, ALL,
	       HI(VMX_VPID_INVVPID_BIT | VMX_VPID_EXTENT_SUPPORTED_MASK),
	       "every INVVPID type, whatever the hardware, when vpid=Y",
	       SETUP_PROC2),
	FORCED(VMFUNC, EPT_VMFUNC, ALL, VMX_VMFUNC_EPTP_SWITCHING,
	       "emulated EPTP switching: set when ept=Y and vmcs_config has VM functions",
	       SETUP_PROC2),

	/* MISC */
	COPY(MISC, HW_SAME, ALWAYS, ALL, VMX_MISC_SAVE_EFER_LMA,
	     "copied from the hardware's IA32_VMX_MISC", SETUP_MISC),
	CONST(MISC, ALWAYS, ALL, 0x1f, VMX_MISC_EMULATED_PREEMPTION_TIMER_RATE,
	      "emulated preemption timer: rate always 5", SETUP_MISC),
	FORCED(MISC, ALWAYS, ALL,
	       VMX_MISC_ACTIVITY_HLT | VMX_MISC_VMWRITE_SHADOW_RO_FIELDS,
	       "emulated: always 1", SETUP_MISC),
	FORCED(MISC, ALWAYS, FROM(IN_6_1), VMX_MISC_ACTIVITY_WAIT_SIPI,
	       "emulated wait-for-SIPI: always 1", SETUP_MISC),

	/* BASIC */
	CONST(BASIC, ALWAYS, ALL, GENMASK_ULL(31, 0), VMCS12_REVISION,
	      "VMCS12_REVISION, KVM's own VMCS layout", SETUP_BASIC),
	CONST(BASIC, ALWAYS, ALL, GENMASK_ULL(53, 32),
	      (VMCS12_SIZE << 32) | (6ULL << 50),
	      "vmcs12: 4096 bytes, write-back, 64-bit addresses", SETUP_BASIC),
	FORCED(BASIC, ALWAYS, ALL, VMX_BASIC_TRUE_CTLS,
	       "KVM always reports the TRUE controls", SETUP_BASIC),
	COPY(BASIC, HW_SAME, ALWAYS, ALL, VMX_BASIC_INOUT,
	     "copied from the hardware's IA32_VMX_BASIC", SETUP_BASIC),
	COPY(BASIC, HW_SAME, ALWAYS, FROM(IN_7_2), VMX_BASIC_NO_HW_ERROR_CODE_CC,
	     "copied from the hardware's IA32_VMX_BASIC", SETUP_BASIC),

	/* CR fixed bits */
	CONST(CR0_FIXED0, ALWAYS, ALL, ~0ULL,
	      X86_CR0_PE | X86_CR0_NE | X86_CR0_PG,
	      "VMXON_CR0_ALWAYSON: PE, NE and PG", SETUP_CR),
	CONST(CR4_FIXED0, ALWAYS, ALL, ~0ULL, X86_CR4_VMXE,
	      "VMXON_CR4_ALWAYSON: VMXE", SETUP_CR),
	COPY(CR0_FIXED1, HW_SAME, ALWAYS, ALL, ~0ULL,
	     "copied from the hardware's IA32_VMX_CR0_FIXED1", SETUP_CR),
	COPY(CR4_FIXED1, HW_SAME, ALWAYS, ALL, ~0ULL,
	     "copied from the hardware's IA32_VMX_CR4_FIXED1", SETUP_CR),
	FORCED(CR4_FIXED1, UMIP_DESC, RANGE(IN_6_1, IN_6_12), X86_CR4_UMIP,
	       "UMIP emulated: set when vmcs_config has descriptor-table exiting",
	       SETUP_CR),
	FORCED(CR4_FIXED1, UMIP_DESC_NO_HOST_UMIP, FROM(IN_6_12), X86_CR4_UMIP,
	       "UMIP emulated: set when the host lacks UMIP and vmcs_config has descriptor-table exiting",
	       SETUP_CR),

	/* VMCS_ENUM: the highest field index of vmcs12, shifted left by 1 */
	CONST(VMCS_ENUM, ALWAYS, UNTIL(IN_6_1), ~0ULL, 0x2e,
	      "VMCS12_MAX_FIELD_INDEX (0x17) << 1", SETUP),
	CONST(VMCS_ENUM, ALWAYS, RANGE(IN_6_1, IN_7_2), ~0ULL, 0x32,
	      "highest vmcs12 field index, TSC_MULTIPLIER (0x19) << 1",
	      "nested_vmx_calc_vmcs_enum_msr()"),
	CONST(VMCS_ENUM, TSC_SCALING, FROM(IN_7_2), ~0ULL, 0x32,
	      "highest supported vmcs12 field, TSC_MULTIPLIER (0x19) << 1",
	      "nested_vmx_calc_vmcs_enum_msr(), cpu_has_vmcs12_field()"),
	CONST(VMCS_ENUM, NO_TSC_SCALING, FROM(IN_7_2), ~0ULL, 0x2e,
	      "highest supported vmcs12 field without TSC scaling, VMX_PREEMPTION_TIMER_VALUE (0x17) << 1",
	      "nested_vmx_calc_vmcs_enum_msr(), cpu_has_vmcs12_field()"),
};

/*
 * vmx_secondary_exec_control() / vmx_compute_secondary_exec_control():
 * the secondary controls that follow guest CPUID.  guest_cpuid_has()
 * reads the CPUID as given until 6.12 (6.12's XSAVES is a governed
 * feature, checked against KVM's caps); 7.2's guest_cpu_cap_has()
 * intersects every feature with KVM's caps.
 */
#define C(f)	CFB(CF_##f)

static const struct vcpu_ctl2_rule vcpu_ctl2_rules[] = {
	{ 20, UNTIL(IN_6_12), C(XSAVE) | C(XSAVES), 0, C(XSAVE), 0,
	  "follows guest CPUID XSAVE and XSAVES (host has XSAVE)" },
	{ 20, RANGE(IN_6_12, IN_7_2), C(XSAVE) | C(XSAVES), 0, C(XSAVE), C(XSAVES),
	  "follows guest CPUID XSAVE and XSAVES (host XSAVE, KVM supports XSAVES)" },
	{ 20, FROM(IN_7_2), C(XSAVE) | C(XSAVES), 0, 0, C(XSAVE) | C(XSAVES),
	  "follows guest CPUID XSAVE and XSAVES, as far as KVM supports them" },
	{ 3, UNTIL(IN_6_1), C(RDTSCP), 0, 0, 0, "follows guest CPUID RDTSCP" },
	{ 3, RANGE(IN_6_1, IN_7_2), 0, C(RDTSCP) | C(RDPID), 0, 0,
	  "follows guest CPUID RDTSCP or RDPID" },
	{ 3, FROM(IN_7_2), 0, C(RDTSCP) | C(RDPID), 0, C(RDTSCP) | C(RDPID),
	  "follows guest CPUID RDTSCP or RDPID, as far as KVM supports them" },
	/* 5.10 clears guest INVPCID when the guest lacks PCID */
	{ 12, UNTIL(IN_6_1), C(INVPCID) | C(PCID), 0, 0, 0,
	  "follows guest CPUID INVPCID (cleared without PCID)" },
	{ 12, RANGE(IN_6_1, IN_7_2), C(INVPCID), 0, 0, 0,
	  "follows guest CPUID INVPCID" },
	{ 12, FROM(IN_7_2), C(INVPCID), 0, 0, C(INVPCID),
	  "follows guest CPUID INVPCID, as far as KVM supports it" },
	{ 11, UNTIL(IN_7_2), C(RDRAND), 0, 0, 0,
	  "follows guest CPUID RDRAND" },
	{ 11, FROM(IN_7_2), C(RDRAND), 0, 0, C(RDRAND),
	  "follows guest CPUID RDRAND, as far as KVM supports it" },
	{ 16, UNTIL(IN_7_2), C(RDSEED), 0, 0, 0,
	  "follows guest CPUID RDSEED" },
	{ 16, FROM(IN_7_2), C(RDSEED), 0, 0, C(RDSEED),
	  "follows guest CPUID RDSEED, as far as KVM supports it" },
	{ 26, UNTIL(IN_7_2), C(WAITPKG), 0, 0, 0,
	  "follows guest CPUID WAITPKG" },
	{ 26, FROM(IN_7_2), C(WAITPKG), 0, 0, C(WAITPKG),
	  "follows guest CPUID WAITPKG, as far as KVM supports it" },
};

/* nested_vmx_cr_fixed1_bits_update(): CR4 bit -> guest CPUID bit */
#define CR4(b, v, fn, idx, r, bit, n)	{ b, v, fn, idx, CPUID_##r, bit, n }

static const struct cr4_fixed1_rule cr4_rules[] = {
	CR4(0, ALL, 0x1, 0, EDX, 1, "VME"),
	CR4(1, ALL, 0x1, 0, EDX, 1, "VME"),
	CR4(2, ALL, 0x1, 0, EDX, 4, "TSC"),
	CR4(3, ALL, 0x1, 0, EDX, 2, "DE"),
	CR4(4, ALL, 0x1, 0, EDX, 3, "PSE"),
	CR4(5, ALL, 0x1, 0, EDX, 6, "PAE"),
	CR4(6, ALL, 0x1, 0, EDX, 7, "MCE"),
	CR4(7, ALL, 0x1, 0, EDX, 13, "PGE"),
	CR4(9, ALL, 0x1, 0, EDX, 24, "FXSR"),
	CR4(10, ALL, 0x1, 0, EDX, 25, "SSE"),
	CR4(13, ALL, 0x1, 0, ECX, 5, "VMX"),
	CR4(14, ALL, 0x1, 0, ECX, 6, "SMX"),
	CR4(17, ALL, 0x1, 0, ECX, 17, "PCID"),
	CR4(18, ALL, 0x1, 0, ECX, 26, "XSAVE"),
	CR4(16, ALL, 0x7, 0, EBX, 0, "FSGSBASE"),
	CR4(20, ALL, 0x7, 0, EBX, 7, "SMEP"),
	CR4(21, ALL, 0x7, 0, EBX, 20, "SMAP"),
	CR4(22, ALL, 0x7, 0, ECX, 3, "PKU"),
	CR4(11, ALL, 0x7, 0, ECX, 2, "UMIP"),
	CR4(12, ALL, 0x7, 0, ECX, 16, "LA57"),
	CR4(23, FROM(IN_7_2), 0x7, 0, ECX, 7, "SHSTK"),
	CR4(23, FROM(IN_7_2), 0x7, 0, EDX, 20, "IBT"),
	CR4(28, FROM(IN_6_12), 0x7, 1, EAX, 26, "LAM"),
};

/* vmx_preemption_cpu_tfms[]: the same nine entries in all four sources */
static const uint32_t broken_timer_sigs[] = {
	0x000206E6, 0x00020652, 0x00020655, 0x000106E5, 0x000106A0,
	0x000106A1, 0x000106A4, 0x000106A5, 0x000306A8,
};

/* NEHALEM_EP, NEHALEM, WESTMERE, WESTMERE_EP, NEHALEM_EX (family 6) */
static const uint8_t perf_global_erratum_models[] = { 26, 30, 37, 44, 46 };

const struct model_rules model_rules_default = {
	.versions = versions, .nr_versions = ARRAY_SIZE(versions),
	.ctl = ctl_rules, .nr_ctl = ARRAY_SIZE(ctl_rules),
	.features = feature_rules, .nr_features = ARRAY_SIZE(feature_rules),
	.pairs = pair_rules, .nr_pairs = ARRAY_SIZE(pair_rules),
	.params = param_rules, .nr_params = ARRAY_SIZE(param_rules),
	.nested = nested_rules, .nr_nested = ARRAY_SIZE(nested_rules),
	.vcpu_ctl2 = vcpu_ctl2_rules, .nr_vcpu_ctl2 = ARRAY_SIZE(vcpu_ctl2_rules),
	.cr4 = cr4_rules, .nr_cr4 = ARRAY_SIZE(cr4_rules),
	.broken_timer_sigs = broken_timer_sigs,
	.nr_broken_timer_sigs = ARRAY_SIZE(broken_timer_sigs),
	.perf_global_erratum_models = perf_global_erratum_models,
	.nr_perf_global_erratum_models = ARRAY_SIZE(perf_global_erratum_models),
};
