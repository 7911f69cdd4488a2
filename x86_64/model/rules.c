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
 * the rows is in vmcs_config.c, nested.c and vcpu.c.
 */
#include "x86_64/model_rules.h"
#include "x86_64/processor.h"
#include "model_priv.h"


/*
 * When each change was made.  Reading two sources pins a change only to a
 * window between them (KV_WINDOW); where the upstream commit is known,
 * the edge is its release (KV_AT).  A kernel inside a window may or may
 * not have the change (include/kver.h).
 */
#define IN_6_1		KV_WINDOW(5, 10, 6, 1)	/* in 6.1.192, not 5.10.223 */
#define IN_6_12		KV_WINDOW(6, 1, 6, 12)	/* in 6.12.117, not 6.1.192 */
/*
 * "KVM: VMX: Treat UMIP as emulated if and only if the host doesn't have
 * UMIP", posted 2023-04-13: 6.4 or 6.5.
 */
#define UMIP_HOST	KV_WINDOW(6, 3, 6, 5)
/*
 * Changes between 6.12 and 7.3, dated by their upstream commits and pull
 * requests (docs/model.md, "Dating the rules"); the emulated runner
 * checks each on the Debian kernels 6.16, 6.17, 6.18, 7.2 and 7.3.
 */
/* 85434c3c73fc Revert "... errata handling out of setup_vmcs_config()" */
#define AT_6_13		KV_AT(6, 13)
/* the guest-CPUID overhaul ("KVM: x86: Update guest cpu_caps at runtime
 * ..."), posted after the 6.13 merge window opened */
#define AT_6_14		KV_AT(6, 14)
/* nested CET: 42ae6448531b, 033cc166f029, 625884996bff ("Second batch of
 * KVM changes for Linux 6.18") */
#define AT_6_18		KV_AT(6, 18)
/* d3ba32d1ff2a (mediated PMU), and "KVM: nVMX: Disallow access to vmcs12
 * fields that aren't supported by hardware" (kvm-x86-vmx-6.20 = 7.0) */
#define AT_7_0		KV_AT(7, 0)
/* 2d5d3fc593c9 "KVM: VMX: introduce module parameter to disable CET" */
#define AT_7_1		KV_AT(7, 1)
/* MBEC/GMET: under review on 7.1-rc2, in 7.2.13 */
#define AT_7_2		KV_AT(7, 2)

#define ALL		KVR_ALL
#define FROM		KVR_FROM
#define UNTIL		KVR_UNTIL
#define RANGE		KVR

/*
 * The kernels the model knows: their sources read (5.10, 6.1, 6.12, 7.2,
 * 7.3), or Debian kernels without a source whose rules are dated
 * upstream and checked in the emulated runner (6.16, 6.17, 6.18).
 */
static const struct model_version versions[] = {
	{ "5.10", { 5, 10, 223 }, "linux-source-5.10 5.10.223" },
	{ "6.1", { 6, 1, 192 }, "linux-source-6.1 6.1.192" },
	{ "6.12", { 6, 12, 117 }, "linux-source-6.12 6.12.117" },
	{ "6.16", { 6, 16, 0 }, "upstream history; Debian's 6.16 in the emulator" },
	{ "6.17", { 6, 17, 0 }, "upstream history; Debian's 6.17 in the emulator" },
	{ "6.18", { 6, 18, 0 }, "upstream history; Debian's 6.18 in the emulator" },
	{ "7.2", { 7, 2, 13 }, "linux-source-7.2 7.2.13" },
	{ "7.3", { 7, 3, 4 }, "linux-source-7.3 7.3.4" },
};

/*
 * setup_vmcs_config(): the min and opt sets of adjust_vmx_controls(), a
 * 64-bit kernel.  5.10 writes them inline; 6.1 on uses the
 * KVM_REQUIRED_VMX_* and KVM_OPTIONAL_VMX_* macros of vmx.h.
 */
static const struct vmcs_ctl_rule ctl_rules[] = {
	{ .word = WORD_PROC, .role = CTL_REQUIRED, .v = ALL,
	  .bits = CPU_BASED_HLT_EXITING | CPU_BASED_CR8_LOAD_EXITING |
		  CPU_BASED_CR8_STORE_EXITING | CPU_BASED_CR3_LOAD_EXITING |
		  CPU_BASED_CR3_STORE_EXITING | CPU_BASED_UNCOND_IO_EXITING |
		  CPU_BASED_MOV_DR_EXITING | CPU_BASED_USE_TSC_OFFSETTING |
		  CPU_BASED_MWAIT_EXITING | CPU_BASED_MONITOR_EXITING |
		  CPU_BASED_INVLPG_EXITING | CPU_BASED_RDPMC_EXITING,
	  .cite = "setup_vmcs_config() min / KVM_REQUIRED_VMX_CPU_BASED_VM_EXEC_CONTROL" },
	{ .word = WORD_PROC, .role = CTL_REQUIRED, .v = FROM(IN_6_1),
	  .bits = CPU_BASED_INTR_WINDOW_EXITING,
	  .cite = "KVM_REQUIRED_VMX_CPU_BASED_VM_EXEC_CONTROL" },
	{ .word = WORD_PROC, .role = CTL_OPTIONAL, .v = ALL,
	  .bits = CPU_BASED_TPR_SHADOW | CPU_BASED_USE_MSR_BITMAPS |
		  CPU_BASED_ACTIVATE_SECONDARY_CONTROLS,
	  .cite = "setup_vmcs_config() opt / KVM_OPTIONAL_VMX_CPU_BASED_VM_EXEC_CONTROL" },
	{ .word = WORD_PROC, .role = CTL_OPTIONAL, .v = FROM(IN_6_1),
	  .bits = CPU_BASED_RDTSC_EXITING | CPU_BASED_USE_IO_BITMAPS |
		  CPU_BASED_MONITOR_TRAP_FLAG | CPU_BASED_NMI_WINDOW_EXITING |
		  CPU_BASED_PAUSE_EXITING |
		  CPU_BASED_ACTIVATE_TERTIARY_CONTROLS,
	  .cite = "KVM_OPTIONAL_VMX_CPU_BASED_VM_EXEC_CONTROL" },

	{ .word = WORD_PROC2, .role = CTL_OPTIONAL, .v = ALL,
	  .bits = SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES |
		  SECONDARY_EXEC_VIRTUALIZE_X2APIC_MODE |
		  SECONDARY_EXEC_WBINVD_EXITING | SECONDARY_EXEC_ENABLE_VPID |
		  SECONDARY_EXEC_ENABLE_EPT |
		  SECONDARY_EXEC_UNRESTRICTED_GUEST |
		  SECONDARY_EXEC_PAUSE_LOOP_EXITING | SECONDARY_EXEC_DESC |
		  SECONDARY_EXEC_ENABLE_RDTSCP |
		  SECONDARY_EXEC_ENABLE_INVPCID |
		  SECONDARY_EXEC_APIC_REGISTER_VIRT |
		  SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY |
		  SECONDARY_EXEC_SHADOW_VMCS | SECONDARY_EXEC_ENABLE_XSAVES |
		  SECONDARY_EXEC_RDSEED_EXITING |
		  SECONDARY_EXEC_RDRAND_EXITING | SECONDARY_EXEC_ENABLE_PML |
		  SECONDARY_EXEC_TSC_SCALING |
		  SECONDARY_EXEC_ENABLE_USR_WAIT_PAUSE |
		  SECONDARY_EXEC_PT_USE_GPA | SECONDARY_EXEC_PT_CONCEAL_VMX |
		  SECONDARY_EXEC_ENABLE_VMFUNC,
	  .cite = "setup_vmcs_config() opt2 / KVM_OPTIONAL_VMX_SECONDARY_VM_EXEC_CONTROL" },
	{ .word = WORD_PROC2, .role = CTL_OPTIONAL_IF_SGX, .v = UNTIL(IN_6_1),
	  .bits = SECONDARY_EXEC_ENCLS_EXITING,
	  .cite = "setup_vmcs_config(): opt2 |= ENCLS_EXITING if cpu_has_sgx()" },
	{ .word = WORD_PROC2, .role = CTL_OPTIONAL, .v = FROM(IN_6_1),
	  .bits = SECONDARY_EXEC_BUS_LOCK_DETECTION |
		  SECONDARY_EXEC_NOTIFY_VM_EXITING |
		  SECONDARY_EXEC_ENCLS_EXITING,
	  .cite = "KVM_OPTIONAL_VMX_SECONDARY_VM_EXEC_CONTROL" },
	{ .word = WORD_PROC2, .role = CTL_OPTIONAL, .v = FROM(IN_6_12),
	  .bits = SECONDARY_EXEC_EPT_VIOLATION_VE,
	  .cite = "KVM_OPTIONAL_VMX_SECONDARY_VM_EXEC_CONTROL" },
	{ .word = WORD_PROC2, .role = CTL_OPTIONAL, .v = FROM(AT_7_2),
	  .bits = SECONDARY_EXEC_MODE_BASED_EPT_EXEC,
	  .cite = "KVM_OPTIONAL_VMX_SECONDARY_VM_EXEC_CONTROL" },

	{ .word = WORD_EXIT, .role = CTL_REQUIRED, .v = ALL,
	  .bits = VM_EXIT_SAVE_DEBUG_CONTROLS | VM_EXIT_ACK_INTR_ON_EXIT |
		  VM_EXIT_HOST_ADDR_SPACE_SIZE,
	  .cite = "setup_vmcs_config() min / KVM_REQUIRED_VMX_VM_EXIT_CONTROLS" },
	{ .word = WORD_EXIT, .role = CTL_OPTIONAL, .v = ALL,
	  .bits = VM_EXIT_LOAD_IA32_PERF_GLOBAL_CTRL | VM_EXIT_LOAD_IA32_PAT |
		  VM_EXIT_LOAD_IA32_EFER | VM_EXIT_CLEAR_BNDCFGS |
		  VM_EXIT_PT_CONCEAL_PIP | VM_EXIT_CLEAR_IA32_RTIT_CTL,
	  .cite = "setup_vmcs_config() opt / KVM_OPTIONAL_VMX_VM_EXIT_CONTROLS" },
	{ .word = WORD_EXIT, .role = CTL_OPTIONAL, .v = FROM(IN_6_1),
	  .bits = VM_EXIT_SAVE_IA32_PAT | VM_EXIT_SAVE_IA32_EFER |
		  VM_EXIT_SAVE_VMX_PREEMPTION_TIMER,
	  .cite = "KVM_OPTIONAL_VMX_VM_EXIT_CONTROLS" },
	{ .word = WORD_EXIT, .role = CTL_OPTIONAL, .v = FROM(AT_6_18),
	  .bits = VM_EXIT_LOAD_CET_STATE,
	  .cite = "KVM_OPTIONAL_VMX_VM_EXIT_CONTROLS" },
	{ .word = WORD_EXIT, .role = CTL_OPTIONAL, .v = FROM(AT_7_0),
	  .bits = VM_EXIT_SAVE_IA32_PERF_GLOBAL_CTRL,
	  .cite = "KVM_OPTIONAL_VMX_VM_EXIT_CONTROLS (mediated PMU)" },

	{ .word = WORD_PIN, .role = CTL_REQUIRED, .v = ALL,
	  .bits = PIN_BASED_EXT_INTR_MASK | PIN_BASED_NMI_EXITING,
	  .cite = "setup_vmcs_config() min / KVM_REQUIRED_VMX_PIN_BASED_VM_EXEC_CONTROL" },
	{ .word = WORD_PIN, .role = CTL_OPTIONAL, .v = ALL,
	  .bits = PIN_BASED_VIRTUAL_NMIS | PIN_BASED_POSTED_INTR |
		  PIN_BASED_VMX_PREEMPTION_TIMER,
	  .cite = "setup_vmcs_config() opt / KVM_OPTIONAL_VMX_PIN_BASED_VM_EXEC_CONTROL" },

	{ .word = WORD_ENTRY, .role = CTL_REQUIRED, .v = ALL,
	  .bits = VM_ENTRY_LOAD_DEBUG_CONTROLS,
	  .cite = "setup_vmcs_config() min / KVM_REQUIRED_VMX_VM_ENTRY_CONTROLS" },
	{ .word = WORD_ENTRY, .role = CTL_REQUIRED, .v = FROM(IN_6_1),
	  .bits = VM_ENTRY_IA32E_MODE,
	  .cite = "KVM_REQUIRED_VMX_VM_ENTRY_CONTROLS" },
	{ .word = WORD_ENTRY, .role = CTL_OPTIONAL, .v = ALL,
	  .bits = VM_ENTRY_LOAD_IA32_PERF_GLOBAL_CTRL |
		  VM_ENTRY_LOAD_IA32_PAT | VM_ENTRY_LOAD_IA32_EFER |
		  VM_ENTRY_LOAD_BNDCFGS | VM_ENTRY_PT_CONCEAL_PIP |
		  VM_ENTRY_LOAD_IA32_RTIT_CTL,
	  .cite = "setup_vmcs_config() opt / KVM_OPTIONAL_VMX_VM_ENTRY_CONTROLS" },
	{ .word = WORD_ENTRY, .role = CTL_OPTIONAL, .v = FROM(AT_6_18),
	  .bits = VM_ENTRY_LOAD_CET_STATE,
	  .cite = "KVM_OPTIONAL_VMX_VM_ENTRY_CONTROLS" },
};


static const struct model_feature_rule feature_rules[] = {
	/* 5.10: 64-bit, TPR shadow makes CR8 exits unnecessary; 6.1 does it
	 * at run time instead (e89e1e2302d3) */
	{ .id = STEP_CR8_EXITING_OFF_WITH_TPR_SHADOW, .v = UNTIL(IN_6_1),
	  .cite = "setup_vmcs_config()" },
	{ .id = STEP_EPT_VE_NEEDS_PROVE_VE, .v = FROM(IN_6_12),
	  .cite = "setup_vmcs_config(): !IS_ENABLED(CONFIG_KVM_INTEL_PROVE_VE)" },
	{ .id = STEP_APICV_NEEDS_TPR_SHADOW, .v = ALL,
	  .cite = "setup_vmcs_config()" },
	{ .id = STEP_CAPS_WITHOUT_CONTROL_ZEROED, .v = UNTIL(IN_6_1),
	  .cite = "setup_vmcs_config(): pr_warn_once(\"EPT CAP should not exist ...\")" },
	{ .id = STEP_CAPS_WITHOUT_CONTROL_CHECKED,
	  .v = RANGE(IN_6_1, IN_6_12),
	  .cite = "setup_vmcs_config(): error_on_inconsistent_vmcs_config" },
	{ .id = STEP_CAPS_WITHOUT_CONTROL_CHECKED,
	  .v = RANGE(IN_6_12, AT_7_2), .arg = SECONDARY_EXEC_EPT_VIOLATION_VE,
	  .cite = "setup_vmcs_config(): error_on_inconsistent_vmcs_config" },
	{ .id = STEP_CAPS_WITHOUT_CONTROL_CHECKED, .v = FROM(AT_7_2),
	  .arg = SECONDARY_EXEC_EPT_VIOLATION_VE |
		  SECONDARY_EXEC_MODE_BASED_EPT_EXEC,
	  .cite = "setup_vmcs_config(): error_on_inconsistent_vmcs_config" },
	/* 5.10; 6.1 checks it at run time instead (64f80ea73b35) */
	{ .id = STEP_CR3_INVLPG_EXITING_OFF_WITH_EPT, .v = UNTIL(IN_6_1),
	  .cite = "setup_vmcs_config()" },
	{ .id = STEP_MBEC_NEEDS_ADVANCED_EXIT_INFO, .v = FROM(AT_7_2),
	  .cite = "setup_vmcs_config(): VMX_CAP_EPT_ADVANCED_EXIT_INFO" },
	{ .id = STEP_ENCLS_NEEDS_SGX, .v = FROM(IN_6_1),
	  .cite = "setup_vmcs_config(): !cpu_has_sgx()" },
	{ .id = STEP_TERTIARY_CONTROLS, .v = FROM(IN_6_1),
	  .cite = "setup_vmcs_config(): adjust_vmx_controls64()" },
	{ .id = STEP_BROKEN_PREEMPTION_TIMER, .v = ALL,
	  .cite = "setup_vmcs_config(): cpu_has_broken_vmx_preemption_timer()" },
	{ .id = STEP_POSTED_INTR_NEEDS_VID, .v = ALL,
	  .cite = "setup_vmcs_config()" },
	{ .id = STEP_ENTRY_EXIT_PAIRS, .v = FROM(IN_6_1),
	  .cite = "setup_vmcs_config(): vmcs_entry_exit_pairs[]" },
	/*
	 * 6.1 to 6.12.1 only warn in hardware_setup()
	 * (cpu_has_perf_global_ctrl_bug()) and mask the bits at run time;
	 * 5.10 and, again from 6.13 (and 6.12.2), clear them from
	 * vmcs_config (85434c3c73fc).
	 */
	{ .id = STEP_PERF_GLOBAL_ERRATUM, .v = UNTIL(IN_6_1),
	  .cite = "setup_vmcs_config()" },
	{ .id = STEP_PERF_GLOBAL_ERRATUM, .v = FROM(AT_6_13),
	  .cite = "setup_vmcs_config() (85434c3c73fc)" },
	{ .id = STEP_PERF_GLOBAL_ERRATUM, .v = RANGE(KV_AT3(6, 12, 2), AT_6_13),
	  .cite = "setup_vmcs_config() (85434c3c73fc, 6.12.2)" },

	{ .id = STEP_NX_REQUIRED_WITHOUT_EPT, .v = FROM(IN_6_1),
	  .cite = "hardware_setup(): \"NX (Execute Disable) not supported\"" },
	{ .id = STEP_VNMI_NEEDS_NMI_WINDOW, .v = FROM(IN_6_1),
	  .cite = "cpu_has_virtual_nmis()" },
	/*
	 * vmx_init(): "if (!enable_ept) allow_smaller_maxphyaddr = true"
	 * runs before kvm_init() and so before hardware_setup() in 6.1, and
	 * after it in 5.10 and 6.12 (checked in the three sources).
	 */
	{ .id = STEP_SMALLER_MAXPHYADDR_BEFORE_SETUP,
	  .v = RANGE(IN_6_1, IN_6_12), .cite = "vmx_init()" },
	{ .id = STEP_KVM_CET, .v = FROM(AT_6_18),
	  .cite = "vmx_set_cpu_caps(): SHSTK, IBT (e140467bbdaf)" },
	{ .id = STEP_CET_PARAM, .v = FROM(AT_7_1),
	  .cite = "vmx_hardware_setup(): enable_cet (2d5d3fc593c9)" },
	{ .id = STEP_MBEC_PARAM, .v = FROM(AT_7_2),
	  .cite = "vmx_hardware_setup(): enable_mbec" },
	{ .id = STEP_SGX_PARAM, .v = FROM(IN_6_1),
	  .cite = "hardware_setup(): enable_sgx" },
	{ .id = STEP_IPIV_PARAM, .v = FROM(IN_6_1),
	  .cite = "hardware_setup(): enable_ipiv" },

	/* the WARN_ON_ONCE() of vmx_adjust_secondary_exec_control() */
	{ .id = STEP_VCPU_CTL2_ONLY_WITHIN_SYS, .v = FROM(IN_6_12),
	  .cite = "vmx_adjust_secondary_exec_control()" },
	/* both reverted in 6.0 (8805875aa473, 9389d5774aca) */
	{ .id = STEP_VCPU_MPX_ENTRY_EXIT, .v = UNTIL(IN_6_1),
	  .cite = "nested_vmx_entry_exit_ctls_update()" },
	{ .id = STEP_VCPU_PMU_ENTRY_EXIT, .v = UNTIL(IN_6_1),
	  .cite = "intel_pmu_refresh() -> nested_vmx_pmu_entry_exit_ctls_update()" },
};

/* vmcs_entry_exit_pairs[] of setup_vmcs_config() (bit numbers) */
static const struct pair_rule pair_rules[] = {
	{ .entry = VM_ENTRY_LOAD_IA32_PERF_GLOBAL_CTRL, .exit = VM_EXIT_LOAD_IA32_PERF_GLOBAL_CTRL, .v = FROM(IN_6_1) },
	{ .entry = VM_ENTRY_LOAD_IA32_PAT, .exit = VM_EXIT_LOAD_IA32_PAT, .v = FROM(IN_6_1) },
	{ .entry = VM_ENTRY_LOAD_IA32_EFER, .exit = VM_EXIT_LOAD_IA32_EFER, .v = FROM(IN_6_1) },
	{ .entry = VM_ENTRY_LOAD_BNDCFGS, .exit = VM_EXIT_CLEAR_BNDCFGS, .v = FROM(IN_6_1) },
	{ .entry = VM_ENTRY_LOAD_IA32_RTIT_CTL, .exit = VM_EXIT_CLEAR_IA32_RTIT_CTL, .v = FROM(IN_6_1) },
	{ .entry = VM_ENTRY_LOAD_CET_STATE, .exit = VM_EXIT_LOAD_CET_STATE, .v = FROM(AT_6_18) },
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
	{ "cet", "Y", FROM(AT_7_1), NULL },
	{ "mbec", "Y", FROM(AT_7_2), NULL },
	/* forced to Y when ept=N (vmx_hardware_setup()); CET needs it N */
	{ "allow_smaller_maxphyaddr", "N", ALL, NULL },
};

/*
 * nested_vmx_setup_ctls_msrs(): 5.10 re-reads the raw non-TRUE MSRs;
 * 6.1 starts from vmcs_config ("use sanitized allowed-1 bits"); 6.12
 * splits it into nested_vmx_setup_{pinbased,exit,entry,...}() with the
 * same result; 7.2 adds CET, advanced EPT exit information, MBEC and
 * BASIC bit 56, and a VMCS_ENUM that depends on the host.
 */

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
#define EPT_MASK	(VMX_CAP_EPT_PAGE_WALK_4 | VMX_CAP_EPT_PAGE_WALK_5 | \
			 VMX_CAP_EPT_MT_WB | VMX_CAP_INVEPT | \
			 VMX_CAP_EPT_EXECUTE_ONLY)
#define EPT_FORCED	(VMX_CAP_INVEPT_ALL_CONTEXT | \
			 VMX_CAP_INVEPT_SINGLE_CONTEXT | VMX_CAP_EPT_2MB_PAGE | \
			 VMX_CAP_EPT_1GB_PAGE)

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
	{ .msr = VMX_TRUE_PINBASED_CTLS, .kind = NESTED_COPY,
	  .src = SRC_HW_ALLOWED0, .gate = WHEN_ALWAYS, .v = UNTIL(IN_6_1),
	  .mask = LO(~0U),
	  .why = "the hardware's must-be-1 bits, plus the default1 class",
	  .cite = SETUP ": pinbased_ctls_low |= PIN_BASED_ALWAYSON_WITHOUT_TRUE_MSR" },
	{ .msr = VMX_TRUE_PINBASED_CTLS, .kind = NESTED_CONST,
	  .gate = WHEN_ALWAYS, .v = ALL,
	  .mask = LO(PIN_BASED_ALWAYSON_WITHOUT_TRUE_MSR), .value = ~0ULL,
	  .why = "default1 class, must be 1", .cite = SETUP_PIN },
	{ .msr = VMX_TRUE_PINBASED_CTLS, .kind = NESTED_COPY,
	  .src = SRC_HW_ALLOWED1, .gate = WHEN_ALWAYS, .v = UNTIL(IN_6_1),
	  .mask = HI(PIN_MASK), .why = FROM_RAW, .cite = SETUP },
	{ .msr = VMX_TRUE_PINBASED_CTLS, .kind = NESTED_COPY,
	  .src = SRC_VMCS_CONFIG, .gate = WHEN_ALWAYS, .v = FROM(IN_6_1),
	  .mask = HI(PIN_MASK), .why = FROM_VMCS, .cite = SETUP_PIN },
	{ .msr = VMX_TRUE_PINBASED_CTLS, .kind = NESTED_COPY,
	  .src = SRC_HW_ALLOWED1, .gate = WHEN_APICV, .v = UNTIL(IN_6_1),
	  .mask = HI(PIN_BASED_POSTED_INTR), .why = FROM_RAW, .cite = SETUP },
	{ .msr = VMX_TRUE_PINBASED_CTLS, .kind = NESTED_COPY,
	  .src = SRC_VMCS_CONFIG, .gate = WHEN_APICV, .v = FROM(IN_6_1),
	  .mask = HI(PIN_BASED_POSTED_INTR), .why = FROM_VMCS,
	  .cite = SETUP_PIN },
	{ .msr = VMX_TRUE_PINBASED_CTLS, .kind = NESTED_FORCED,
	  .gate = WHEN_ALWAYS, .v = ALL,
	  .mask = HI(PIN_BASED_ALWAYSON_WITHOUT_TRUE_MSR),
	  .why = "default1 class, always allowed", .cite = SETUP_PIN },
	{ .msr = VMX_TRUE_PINBASED_CTLS, .kind = NESTED_FORCED,
	  .gate = WHEN_ALWAYS, .v = ALL,
	  .mask = HI(PIN_BASED_VMX_PREEMPTION_TIMER),
	  .why = "emulated: always 1, whatever the hardware and preemption_timer",
	  .cite = SETUP_PIN },

	/* VM-exit */
	{ .msr = VMX_TRUE_EXIT_CTLS, .kind = NESTED_CONST,
	  .gate = WHEN_ALWAYS, .v = ALL,
	  .mask = LO(VM_EXIT_ALWAYSON_WITHOUT_TRUE_MSR & ~VM_EXIT_SAVE_DEBUG_CONTROLS),
	  .value = ~0ULL,
	  .why = "constant must-be-1 set: default1 minus 'save debug controls', which L1 may clear",
	  .cite = SETUP_EXIT },
	{ .msr = VMX_TRUE_EXIT_CTLS, .kind = NESTED_COPY,
	  .src = SRC_HW_ALLOWED1, .gate = WHEN_ALWAYS, .v = UNTIL(IN_6_1),
	  .mask = HI(EXIT_MASK | VM_EXIT_LOAD_IA32_PERF_GLOBAL_CTRL),
	  .why = FROM_RAW, .cite = SETUP },
	{ .msr = VMX_TRUE_EXIT_CTLS, .kind = NESTED_COPY,
	  .src = SRC_VMCS_CONFIG, .gate = WHEN_ALWAYS, .v = FROM(IN_6_1),
	  .mask = HI(EXIT_MASK), .why = FROM_VMCS, .cite = SETUP_EXIT },
	{ .msr = VMX_TRUE_EXIT_CTLS, .kind = NESTED_COPY,
	  .src = SRC_VMCS_CONFIG, .gate = WHEN_KVM_CET, .v = FROM(AT_6_18),
	  .mask = HI(VM_EXIT_LOAD_CET_STATE), .why = FROM_VMCS,
	  .cite = SETUP_EXIT },
	{ .msr = VMX_TRUE_EXIT_CTLS, .kind = NESTED_FORCED,
	  .gate = WHEN_ALWAYS, .v = ALL, .mask = HI(EXIT_FORCED),
	  .why = "emulated or default1: always 1", .cite = SETUP_EXIT },
	{ .msr = VMX_TRUE_EXIT_CTLS, .kind = NESTED_FORCED,
	  .gate = WHEN_ALWAYS, .v = FROM(IN_6_1),
	  .mask = HI(VM_EXIT_LOAD_IA32_PERF_GLOBAL_CTRL),
	  .why = "emulated: always 1, even on the erratum CPUs (f4c93d1a0e71)",
	  .cite = SETUP_EXIT },

	/* VM-entry */
	{ .msr = VMX_TRUE_ENTRY_CTLS, .kind = NESTED_CONST,
	  .gate = WHEN_ALWAYS, .v = ALL,
	  .mask = LO(VM_ENTRY_ALWAYSON_WITHOUT_TRUE_MSR & ~VM_ENTRY_LOAD_DEBUG_CONTROLS),
	  .value = ~0ULL,
	  .why = "constant must-be-1 set: default1 minus 'load debug controls', which L1 may clear",
	  .cite = SETUP_ENTRY },
	{ .msr = VMX_TRUE_ENTRY_CTLS, .kind = NESTED_COPY,
	  .src = SRC_HW_ALLOWED1, .gate = WHEN_ALWAYS, .v = UNTIL(IN_6_1),
	  .mask = HI(ENTRY_MASK | VM_ENTRY_LOAD_IA32_PERF_GLOBAL_CTRL),
	  .why = FROM_RAW, .cite = SETUP },
	{ .msr = VMX_TRUE_ENTRY_CTLS, .kind = NESTED_COPY,
	  .src = SRC_VMCS_CONFIG, .gate = WHEN_ALWAYS, .v = FROM(IN_6_1),
	  .mask = HI(ENTRY_MASK), .why = FROM_VMCS, .cite = SETUP_ENTRY },
	{ .msr = VMX_TRUE_ENTRY_CTLS, .kind = NESTED_COPY,
	  .src = SRC_VMCS_CONFIG, .gate = WHEN_KVM_CET, .v = FROM(AT_6_18),
	  .mask = HI(VM_ENTRY_LOAD_CET_STATE), .why = FROM_VMCS,
	  .cite = SETUP_ENTRY },
	{ .msr = VMX_TRUE_ENTRY_CTLS, .kind = NESTED_FORCED,
	  .gate = WHEN_ALWAYS, .v = ALL,
	  .mask = HI(VM_ENTRY_ALWAYSON_WITHOUT_TRUE_MSR |
		  VM_ENTRY_LOAD_IA32_EFER),
	  .why = "emulated or default1: always 1", .cite = SETUP_ENTRY },
	{ .msr = VMX_TRUE_ENTRY_CTLS, .kind = NESTED_FORCED,
	  .gate = WHEN_ALWAYS, .v = FROM(IN_6_1),
	  .mask = HI(VM_ENTRY_LOAD_IA32_PERF_GLOBAL_CTRL),
	  .why = "emulated: always 1, even on the erratum CPUs (f4c93d1a0e71)",
	  .cite = SETUP_ENTRY },

	/* primary processor-based */
	{ .msr = VMX_TRUE_PROCBASED_CTLS, .kind = NESTED_CONST,
	  .gate = WHEN_ALWAYS, .v = ALL,
	  .mask = LO(CPU_BASED_ALWAYSON_WITHOUT_TRUE_MSR & ~(CPU_BASED_CR3_LOAD_EXITING |
		  CPU_BASED_CR3_STORE_EXITING)),
	  .value = ~0ULL,
	  .why = "constant must-be-1 set: default1 minus CR3-load/store exiting, which L1 may clear",
	  .cite = SETUP_PROC },
	{ .msr = VMX_TRUE_PROCBASED_CTLS, .kind = NESTED_COPY,
	  .src = SRC_HW_ALLOWED1, .gate = WHEN_ALWAYS, .v = UNTIL(IN_6_1),
	  .mask = HI(PROC_MASK), .why = FROM_RAW, .cite = SETUP },
	{ .msr = VMX_TRUE_PROCBASED_CTLS, .kind = NESTED_COPY,
	  .src = SRC_VMCS_CONFIG, .gate = WHEN_ALWAYS, .v = FROM(IN_6_1),
	  .mask = HI(PROC_MASK), .why = FROM_VMCS, .cite = SETUP_PROC },
	{ .msr = VMX_TRUE_PROCBASED_CTLS, .kind = NESTED_FORCED,
	  .gate = WHEN_ALWAYS, .v = ALL,
	  .mask = HI(CPU_BASED_ALWAYSON_WITHOUT_TRUE_MSR),
	  .why = "default1 class, always allowed", .cite = SETUP_PROC },
	{ .msr = VMX_TRUE_PROCBASED_CTLS, .kind = NESTED_FORCED,
	  .gate = WHEN_ALWAYS, .v = ALL,
	  .mask = HI(CPU_BASED_USE_MSR_BITMAPS),
	  .why = "emulated: always 1, even without hardware MSR bitmaps",
	  .cite = SETUP_PROC },

	/* secondary processor-based */
	{ .msr = VMX_PROCBASED_CTLS2, .kind = NESTED_COPY,
	  .src = SRC_HW_ALLOWED1, .gate = WHEN_HW_SECONDARY,
	  .v = UNTIL(IN_6_1), .mask = HI(PROC2_MASK), .why = FROM_RAW,
	  .cite = SETUP },
	{ .msr = VMX_PROCBASED_CTLS2, .kind = NESTED_COPY,
	  .src = SRC_VMCS_CONFIG, .gate = WHEN_ALWAYS, .v = FROM(IN_6_1),
	  .mask = HI(PROC2_MASK | SECONDARY_EXEC_TSC_SCALING |
		  SECONDARY_EXEC_ENABLE_USR_WAIT_PAUSE),
	  .why = FROM_VMCS, .cite = SETUP_PROC2 },
	{ .msr = VMX_PROCBASED_CTLS2, .kind = NESTED_COPY,
	  .src = SRC_VMCS_CONFIG, .gate = WHEN_ALWAYS, .v = UNTIL(IN_6_12),
	  .mask = HI(SECONDARY_EXEC_ENABLE_VMFUNC),
	  .why = "set when vmcs_config has it (cpu_has_vmx_vmfunc())",
	  .cite = SETUP },
	{ .msr = VMX_PROCBASED_CTLS2, .kind = NESTED_COPY,
	  .src = SRC_VMCS_CONFIG, .gate = WHEN_ALWAYS, .v = FROM(IN_6_12),
	  .mask = HI(SECONDARY_EXEC_ENABLE_VMFUNC), .why = FROM_VMCS,
	  .cite = SETUP_PROC2 },
	{ .msr = VMX_PROCBASED_CTLS2, .kind = NESTED_FORCED,
	  .gate = WHEN_ALWAYS, .v = ALL,
	  .mask = HI(SECONDARY_EXEC_SHADOW_VMCS),
	  .why = "emulated: always 1, whatever the hardware and enable_shadow_vmcs",
	  .cite = SETUP_PROC2 },
	{ .msr = VMX_PROCBASED_CTLS2, .kind = NESTED_FORCED, .gate = WHEN_EPT,
	  .v = ALL, .mask = HI(SECONDARY_EXEC_ENABLE_EPT),
	  .why = "nested EPT, set when ept=Y", .cite = SETUP_PROC2 },
	{ .msr = VMX_PROCBASED_CTLS2, .kind = NESTED_FORCED,
	  .gate = WHEN_EPT_AD, .v = ALL,
	  .mask = HI(SECONDARY_EXEC_ENABLE_PML),
	  .why = "emulated PML, set when ept=Y and eptad=Y (pml does not matter)",
	  .cite = SETUP_PROC2 },
	{ .msr = VMX_PROCBASED_CTLS2, .kind = NESTED_FORCED,
	  .gate = WHEN_VPID, .v = ALL, .mask = HI(SECONDARY_EXEC_ENABLE_VPID),
	  .why = "set when vpid=Y", .cite = SETUP_PROC2 },
	{ .msr = VMX_PROCBASED_CTLS2, .kind = NESTED_FORCED, .gate = WHEN_UG,
	  .v = ALL, .mask = HI(SECONDARY_EXEC_UNRESTRICTED_GUEST),
	  .why = "set when unrestricted_guest=Y", .cite = SETUP_PROC2 },
	{ .msr = VMX_PROCBASED_CTLS2, .kind = NESTED_FORCED,
	  .gate = WHEN_FLEXPRIORITY, .v = ALL,
	  .mask = HI(SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES),
	  .why = "set when flexpriority=Y", .cite = SETUP_PROC2 },
	{ .msr = VMX_PROCBASED_CTLS2, .kind = NESTED_FORCED, .gate = WHEN_SGX,
	  .v = FROM(IN_6_1), .mask = HI(SECONDARY_EXEC_ENCLS_EXITING),
	  .why = "set when sgx=Y", .cite = SETUP_PROC2 },
	{ .msr = VMX_PROCBASED_CTLS2, .kind = NESTED_FORCED,
	  .gate = WHEN_EPT_MBEC, .v = FROM(AT_7_2),
	  .mask = HI(SECONDARY_EXEC_MODE_BASED_EPT_EXEC),
	  .why = "set when ept=Y and mbec=Y", .cite = SETUP_PROC2 },

	/* EPT and VPID capabilities */
	{ .msr = VMX_EPT_VPID_CAP, .kind = NESTED_COPY, .src = SRC_EPT_CAPS,
	  .gate = WHEN_EPT, .v = ALL, .mask = LO(EPT_MASK),
	  .why = "copied from the hardware's EPT capabilities when ept=Y",
	  .cite = SETUP_PROC2 },
	{ .msr = VMX_EPT_VPID_CAP, .kind = NESTED_COPY, .src = SRC_EPT_CAPS,
	  .gate = WHEN_EPT, .v = FROM(AT_7_2),
	  .mask = LO(VMX_CAP_EPT_ADVANCED_EXIT_INFO),
	  .why = "copied from the hardware's EPT capabilities when ept=Y",
	  .cite = SETUP_PROC2 },
	{ .msr = VMX_EPT_VPID_CAP, .kind = NESTED_FORCED, .gate = WHEN_EPT,
	  .v = ALL, .mask = LO(EPT_FORCED),
	  .why = "emulated: 1 whenever ept=Y, whatever the hardware",
	  .cite = SETUP_PROC2 },
	{ .msr = VMX_EPT_VPID_CAP, .kind = NESTED_FORCED, .gate = WHEN_EPT_AD,
	  .v = ALL, .mask = LO(VMX_CAP_EPT_AD),
	  .why = "set when ept=Y and eptad=Y", .cite = SETUP_PROC2 },
	{ .msr = VMX_EPT_VPID_CAP, .kind = NESTED_FORCED, .gate = WHEN_VPID,
	  .v = ALL, .mask = (VMX_CAP_INVVPID | VMX_CAP_INVVPID_TYPES),
	  .why = "every INVVPID type, whatever the hardware, when vpid=Y",
	  .cite = SETUP_PROC2 },
	{ .msr = VMX_VMFUNC, .kind = NESTED_FORCED, .gate = WHEN_EPT_VMFUNC,
	  .v = ALL, .mask = VMX_VMFUNC_EPTP_SWITCHING,
	  .why = "emulated EPTP switching: set when ept=Y and vmcs_config has VM functions",
	  .cite = SETUP_PROC2 },

	/* MISC */
	{ .msr = VMX_MISC, .kind = NESTED_COPY, .src = SRC_HW_SAME,
	  .gate = WHEN_ALWAYS, .v = ALL, .mask = VMX_MISC_SAVE_EFER_LMA,
	  .why = "copied from the hardware's IA32_VMX_MISC",
	  .cite = SETUP_MISC },
	{ .msr = VMX_MISC, .kind = NESTED_CONST, .gate = WHEN_ALWAYS,
	  .v = ALL, .mask = 0x1f,
	  .value = VMX_MISC_EMULATED_PREEMPTION_TIMER_RATE,
	  .why = "emulated preemption timer: rate always 5",
	  .cite = SETUP_MISC },
	{ .msr = VMX_MISC, .kind = NESTED_FORCED, .gate = WHEN_ALWAYS,
	  .v = ALL,
	  .mask = VMX_MISC_ACTIVITY_HLT | VMX_MISC_VMWRITE_ANY_FIELD,
	  .why = "emulated: always 1", .cite = SETUP_MISC },
	{ .msr = VMX_MISC, .kind = NESTED_FORCED, .gate = WHEN_ALWAYS,
	  .v = FROM(IN_6_1), .mask = VMX_MISC_ACTIVITY_WAIT_SIPI,
	  .why = "emulated wait-for-SIPI: always 1", .cite = SETUP_MISC },

	/* BASIC */
	{ .msr = VMX_BASIC, .kind = NESTED_CONST, .gate = WHEN_ALWAYS,
	  .v = ALL, .mask = GENMASK_ULL(31, 0), .value = VMCS12_REVISION,
	  .why = "VMCS12_REVISION, KVM's own VMCS layout",
	  .cite = SETUP_BASIC },
	{ .msr = VMX_BASIC, .kind = NESTED_CONST, .gate = WHEN_ALWAYS,
	  .v = ALL, .mask = GENMASK_ULL(53, 32),
	  .value = (VMCS12_SIZE << 32) | (6ULL << 50),
	  .why = "vmcs12: 4096 bytes, write-back, 64-bit addresses",
	  .cite = SETUP_BASIC },
	{ .msr = VMX_BASIC, .kind = NESTED_FORCED, .gate = WHEN_ALWAYS,
	  .v = ALL, .mask = VMX_BASIC_TRUE_CTLS,
	  .why = "KVM always reports the TRUE controls", .cite = SETUP_BASIC },
	{ .msr = VMX_BASIC, .kind = NESTED_COPY, .src = SRC_HW_SAME,
	  .gate = WHEN_ALWAYS, .v = ALL, .mask = VMX_BASIC_INOUT,
	  .why = "copied from the hardware's IA32_VMX_BASIC",
	  .cite = SETUP_BASIC },
	{ .msr = VMX_BASIC, .kind = NESTED_COPY, .src = SRC_HW_SAME,
	  .gate = WHEN_ALWAYS, .v = FROM(AT_6_18),
	  .mask = VMX_BASIC_NO_HW_ERROR_CODE_CC,
	  .why = "copied from the hardware's IA32_VMX_BASIC",
	  .cite = SETUP_BASIC },

	/* CR fixed bits */
	{ .msr = VMX_CR0_FIXED0, .kind = NESTED_CONST, .gate = WHEN_ALWAYS,
	  .v = ALL, .mask = ~0ULL,
	  .value = X86_CR0_PE | X86_CR0_NE | X86_CR0_PG,
	  .why = "VMXON_CR0_ALWAYSON: PE, NE and PG", .cite = SETUP_CR },
	{ .msr = VMX_CR4_FIXED0, .kind = NESTED_CONST, .gate = WHEN_ALWAYS,
	  .v = ALL, .mask = ~0ULL, .value = X86_CR4_VMXE,
	  .why = "VMXON_CR4_ALWAYSON: VMXE", .cite = SETUP_CR },
	{ .msr = VMX_CR0_FIXED1, .kind = NESTED_COPY, .src = SRC_HW_SAME,
	  .gate = WHEN_ALWAYS, .v = ALL, .mask = ~0ULL,
	  .why = "copied from the hardware's IA32_VMX_CR0_FIXED1",
	  .cite = SETUP_CR },
	{ .msr = VMX_CR4_FIXED1, .kind = NESTED_COPY, .src = SRC_HW_SAME,
	  .gate = WHEN_ALWAYS, .v = ALL, .mask = ~0ULL,
	  .why = "copied from the hardware's IA32_VMX_CR4_FIXED1",
	  .cite = SETUP_CR },
	{ .msr = VMX_CR4_FIXED1, .kind = NESTED_FORCED,
	  .gate = WHEN_UMIP_DESC, .v = RANGE(IN_6_1, UMIP_HOST),
	  .mask = X86_CR4_UMIP,
	  .why = "UMIP emulated: set when vmcs_config has descriptor-table exiting",
	  .cite = SETUP_CR },
	{ .msr = VMX_CR4_FIXED1, .kind = NESTED_FORCED,
	  .gate = WHEN_UMIP_DESC_NO_HOST_UMIP, .v = FROM(UMIP_HOST),
	  .mask = X86_CR4_UMIP,
	  .why = "UMIP emulated: set when the host lacks UMIP and vmcs_config has descriptor-table exiting",
	  .cite = SETUP_CR },

	/* VMCS_ENUM: the highest field index of vmcs12, shifted left by 1 */
	{ .msr = VMX_VMCS_ENUM, .kind = NESTED_CONST, .gate = WHEN_ALWAYS,
	  .v = UNTIL(IN_6_1), .mask = ~0ULL, .value = 0x2e,
	  .why = "VMCS12_MAX_FIELD_INDEX (0x17) << 1", .cite = SETUP },
	{ .msr = VMX_VMCS_ENUM, .kind = NESTED_CONST, .gate = WHEN_ALWAYS,
	  .v = RANGE(IN_6_1, AT_7_0), .mask = ~0ULL, .value = 0x32,
	  .why = "highest vmcs12 field index, TSC_MULTIPLIER (0x19) << 1",
	  .cite = "nested_vmx_calc_vmcs_enum_msr()" },
	{ .msr = VMX_VMCS_ENUM, .kind = NESTED_CONST,
	  .gate = WHEN_TSC_SCALING, .v = FROM(AT_7_0), .mask = ~0ULL,
	  .value = 0x32,
	  .why = "highest supported vmcs12 field, TSC_MULTIPLIER (0x19) << 1",
	  .cite = "nested_vmx_calc_vmcs_enum_msr(), cpu_has_vmcs12_field()" },
	{ .msr = VMX_VMCS_ENUM, .kind = NESTED_CONST,
	  .gate = WHEN_NO_TSC_SCALING, .v = FROM(AT_7_0), .mask = ~0ULL,
	  .value = 0x2e,
	  .why = "highest supported vmcs12 field without TSC scaling, VMX_PREEMPTION_TIMER_VALUE (0x17) << 1",
	  .cite = "nested_vmx_calc_vmcs_enum_msr(), cpu_has_vmcs12_field()" },
};

/*
 * vmx_secondary_exec_control() / vmx_compute_secondary_exec_control():
 * the secondary controls that follow guest CPUID.  guest_cpuid_has()
 * reads the CPUID as given until 6.13 (6.12's XSAVES is a governed
 * feature, checked against KVM's caps); from 6.14 guest_cpu_cap_has()
 * intersects every feature with KVM's caps.
 */
#define C(f)	CPU_FEAT_BIT(CPU_FEAT_##f)

static const struct vcpu_ctl2_rule vcpu_ctl2_rules[] = {
	{ .bit = __builtin_ctz(SECONDARY_EXEC_ENABLE_XSAVES),
	  .v = UNTIL(IN_6_12), .all_of = C(XSAVE) | C(XSAVES),
	  .host_of = C(XSAVE),
	  .why = "follows guest CPUID XSAVE and XSAVES (host has XSAVE)" },
	{ .bit = __builtin_ctz(SECONDARY_EXEC_ENABLE_XSAVES),
	  .v = RANGE(IN_6_12, AT_6_14), .all_of = C(XSAVE) | C(XSAVES),
	  .host_of = C(XSAVE), .kvm_of = C(XSAVES),
	  .why = "follows guest CPUID XSAVE and XSAVES (host XSAVE, KVM supports XSAVES)" },
	{ .bit = __builtin_ctz(SECONDARY_EXEC_ENABLE_XSAVES),
	  .v = FROM(AT_6_14), .all_of = C(XSAVE) | C(XSAVES),
	  .kvm_of = C(XSAVE) | C(XSAVES),
	  .why = "follows guest CPUID XSAVE and XSAVES, as far as KVM supports them" },
	{ .bit = __builtin_ctz(SECONDARY_EXEC_ENABLE_RDTSCP),
	  .v = UNTIL(IN_6_1), .all_of = C(RDTSCP),
	  .why = "follows guest CPUID RDTSCP" },
	{ .bit = __builtin_ctz(SECONDARY_EXEC_ENABLE_RDTSCP),
	  .v = RANGE(IN_6_1, AT_6_14), .any_of = C(RDTSCP) | C(RDPID),
	  .why = "follows guest CPUID RDTSCP or RDPID" },
	{ .bit = __builtin_ctz(SECONDARY_EXEC_ENABLE_RDTSCP),
	  .v = FROM(AT_6_14), .any_of = C(RDTSCP) | C(RDPID),
	  .kvm_of = C(RDTSCP) | C(RDPID),
	  .why = "follows guest CPUID RDTSCP or RDPID, as far as KVM supports them" },
	/* 5.10 clears guest INVPCID when the guest lacks PCID */
	{ .bit = __builtin_ctz(SECONDARY_EXEC_ENABLE_INVPCID),
	  .v = UNTIL(IN_6_1), .all_of = C(INVPCID) | C(PCID),
	  .why = "follows guest CPUID INVPCID (cleared without PCID)" },
	{ .bit = __builtin_ctz(SECONDARY_EXEC_ENABLE_INVPCID),
	  .v = RANGE(IN_6_1, AT_6_14), .all_of = C(INVPCID),
	  .why = "follows guest CPUID INVPCID" },
	{ .bit = __builtin_ctz(SECONDARY_EXEC_ENABLE_INVPCID),
	  .v = FROM(AT_6_14), .all_of = C(INVPCID), .kvm_of = C(INVPCID),
	  .why = "follows guest CPUID INVPCID, as far as KVM supports it" },
	{ .bit = __builtin_ctz(SECONDARY_EXEC_RDRAND_EXITING),
	  .v = UNTIL(AT_6_14), .all_of = C(RDRAND),
	  .why = "follows guest CPUID RDRAND" },
	{ .bit = __builtin_ctz(SECONDARY_EXEC_RDRAND_EXITING),
	  .v = FROM(AT_6_14), .all_of = C(RDRAND), .kvm_of = C(RDRAND),
	  .why = "follows guest CPUID RDRAND, as far as KVM supports it" },
	{ .bit = __builtin_ctz(SECONDARY_EXEC_RDSEED_EXITING),
	  .v = UNTIL(AT_6_14), .all_of = C(RDSEED),
	  .why = "follows guest CPUID RDSEED" },
	{ .bit = __builtin_ctz(SECONDARY_EXEC_RDSEED_EXITING),
	  .v = FROM(AT_6_14), .all_of = C(RDSEED), .kvm_of = C(RDSEED),
	  .why = "follows guest CPUID RDSEED, as far as KVM supports it" },
	{ .bit = __builtin_ctz(SECONDARY_EXEC_ENABLE_USR_WAIT_PAUSE),
	  .v = UNTIL(AT_6_14), .all_of = C(WAITPKG),
	  .why = "follows guest CPUID WAITPKG" },
	{ .bit = __builtin_ctz(SECONDARY_EXEC_ENABLE_USR_WAIT_PAUSE),
	  .v = FROM(AT_6_14), .all_of = C(WAITPKG), .kvm_of = C(WAITPKG),
	  .why = "follows guest CPUID WAITPKG, as far as KVM supports it" },
};

/*
 * nested_vmx_cr_fixed1_bits_update(): a CR4 bit is allowed iff guest CPUID
 * has the feature (cr4_fixed1_update(); one CR4 bit may have several rows,
 * any of which allows it).
 */
#define CR4(cr4, range, feat)						\
	{ .cr4_bit = __builtin_ctzll(X86_CR4_##cr4), .v = range,	\
	  .feature = X86_FEATURE_##feat }

static const struct cr4_fixed1_rule cr4_rules[] = {
	CR4(VME, ALL, VME),
	CR4(PVI, ALL, VME),
	CR4(TSD, ALL, TSC),
	CR4(DE, ALL, DE),
	CR4(PSE, ALL, PSE),
	CR4(PAE, ALL, PAE),
	CR4(MCE, ALL, MCE),
	CR4(PGE, ALL, PGE),
	CR4(OSFXSR, ALL, FXSR),
	CR4(OSXMMEXCPT, ALL, XMM),
	CR4(VMXE, ALL, VMX),
	CR4(SMXE, ALL, SMX),
	CR4(PCIDE, ALL, PCID),
	CR4(OSXSAVE, ALL, XSAVE),
	CR4(FSGSBASE, ALL, FSGSBASE),
	CR4(SMEP, ALL, SMEP),
	CR4(SMAP, ALL, SMAP),
	CR4(PKE, ALL, PKU),
	CR4(UMIP, ALL, UMIP),
	CR4(LA57, ALL, LA57),
	CR4(CET, FROM(AT_6_18), SHSTK),
	CR4(CET, FROM(AT_6_18), IBT),
	CR4(LAM_SUP, FROM(IN_6_12), LAM),
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
