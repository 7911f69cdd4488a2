/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Every named bit and field of the VMX capability MSRs, written once.
 *
 * Each MSR has one list.  A list is an X-macro that takes two macros:
 *   B(bit, NAME, "description")             a single bit; its identifier is NAME
 *   F(lo, hi, NAME, "identifier", "description")   a field of bits hi:lo
 * The lists expand into the constants code uses (below: the kernel's
 * names, asm/vmx.h, where it has one) and into the one table that names
 * bits in every message (x86_64/tables/vmx_msr_table.c).  Bit positions
 * are those of the SDM, Vol. 3D Appendix A and Vol. 3C chapter 25; for the
 * control MSRs they are the 32 control bits, which both halves share.
 */
#ifndef NVMX_VMX_BITS_H
#define NVMX_VMX_BITS_H

#include <stdint.h>

#include "bits.h"

/* IA32_VMX_BASIC (0x480), SDM A.1 */
#define VMX_BASIC_BITS(B, F)						\
	F(0, 30, REVISION, "revision", "VMCS revision identifier")	\
	F(31, 31, ZERO, "zero", "always 0")				\
	F(32, 44, VMCS_SIZE, "vmcs_size", "VMCS region size")		\
	F(45, 47, RESERVED_47_45, "reserved_47_45", "reserved")		\
	B(48, PHYS_ADDR_32BIT, "32-bit physical-address limit")		\
	B(49, DUAL_MONITOR, "dual-monitor SMM treatment")		\
	F(50, 53, MEM_TYPE, "mem_type", "VMCS memory type")		\
	B(54, INOUT, "INS/OUTS exit information")			\
	B(55, TRUE_CTLS, "TRUE capability MSRs exist")			\
	B(56, NO_HW_ERROR_CODE_CC, "no error code required on hardware-exception injection")	\
	F(57, 57, RESERVED_57, "reserved_57", "reserved (set by Alder Lake, Sapphire Rapids and newer)")		\
	B(58, NESTED_EXCEPTION, "nested-exception support (FRED)")	\
	F(59, 59, RESERVED_59, "reserved_59", "reserved")		\
	B(60, NO_SEAMRET_INVD_VMCS, "SEAMRET keeps the current VMCS (TDX)")	\
	F(61, 63, RESERVED_63_61, "reserved_63_61", "reserved")

/* pin-based VM-execution controls (0x481, 0x48d), SDM 25.6.1 */
#define VMX_PINBASED_BITS(B, F)						\
	B(0, EXT_INTR_MASK, "external-interrupt exiting")		\
	B(3, NMI_EXITING, "NMI exiting")				\
	B(5, VIRTUAL_NMIS, "virtual NMIs")				\
	B(6, VMX_PREEMPTION_TIMER, "activate VMX-preemption timer")	\
	B(7, POSTED_INTR, "process posted interrupts")

/* primary processor-based VM-execution controls (0x482, 0x48e), SDM 25.6.2 */
#define VMX_PROCBASED_BITS(B, F)					\
	B(2, INTR_WINDOW_EXITING, "interrupt-window exiting")		\
	B(3, USE_TSC_OFFSETTING, "use TSC offsetting")			\
	B(7, HLT_EXITING, "HLT exiting")				\
	B(9, INVLPG_EXITING, "INVLPG exiting")				\
	B(10, MWAIT_EXITING, "MWAIT exiting")				\
	B(11, RDPMC_EXITING, "RDPMC exiting")				\
	B(12, RDTSC_EXITING, "RDTSC exiting")				\
	B(15, CR3_LOAD_EXITING, "CR3-load exiting")			\
	B(16, CR3_STORE_EXITING, "CR3-store exiting")			\
	B(17, ACTIVATE_TERTIARY_CONTROLS, "activate tertiary controls")	\
	B(19, CR8_LOAD_EXITING, "CR8-load exiting")			\
	B(20, CR8_STORE_EXITING, "CR8-store exiting")			\
	B(21, TPR_SHADOW, "use TPR shadow")				\
	B(22, NMI_WINDOW_EXITING, "NMI-window exiting")			\
	B(23, MOV_DR_EXITING, "MOV-DR exiting")				\
	B(24, UNCOND_IO_EXITING, "unconditional I/O exiting")		\
	B(25, USE_IO_BITMAPS, "use I/O bitmaps")			\
	B(27, MONITOR_TRAP_FLAG, "monitor trap flag")			\
	B(28, USE_MSR_BITMAPS, "use MSR bitmaps")			\
	B(29, MONITOR_EXITING, "MONITOR exiting")			\
	B(30, PAUSE_EXITING, "PAUSE exiting")				\
	B(31, ACTIVATE_SECONDARY_CONTROLS, "activate secondary controls")

/* secondary processor-based VM-execution controls (0x48b), SDM 25.6.2 */
#define VMX_PROCBASED2_BITS(B, F)					\
	B(0, VIRTUALIZE_APIC_ACCESSES, "virtualize APIC accesses")	\
	B(1, ENABLE_EPT, "enable EPT")					\
	B(2, DESC, "descriptor-table exiting")				\
	B(3, ENABLE_RDTSCP, "enable RDTSCP")				\
	B(4, VIRTUALIZE_X2APIC_MODE, "virtualize x2APIC mode")		\
	B(5, ENABLE_VPID, "enable VPID")				\
	B(6, WBINVD_EXITING, "WBINVD exiting")				\
	B(7, UNRESTRICTED_GUEST, "unrestricted guest")			\
	B(8, APIC_REGISTER_VIRT, "APIC-register virtualization")	\
	B(9, VIRTUAL_INTR_DELIVERY, "virtual-interrupt delivery")	\
	B(10, PAUSE_LOOP_EXITING, "PAUSE-loop exiting")			\
	B(11, RDRAND_EXITING, "RDRAND exiting")				\
	B(12, ENABLE_INVPCID, "enable INVPCID")				\
	B(13, ENABLE_VMFUNC, "enable VM functions")			\
	B(14, SHADOW_VMCS, "VMCS shadowing")				\
	B(15, ENCLS_EXITING, "enable ENCLS exiting")			\
	B(16, RDSEED_EXITING, "RDSEED exiting")				\
	B(17, ENABLE_PML, "enable PML")					\
	B(18, EPT_VIOLATION_VE, "EPT-violation #VE")			\
	B(19, PT_CONCEAL_VMX, "conceal VMX from PT")			\
	B(20, ENABLE_XSAVES, "enable XSAVES/XRSTORS")			\
	B(21, PASID_TRANSLATION, "PASID translation")			\
	B(22, MODE_BASED_EPT_EXEC, "mode-based execute control for EPT")	\
	B(23, EPT_SUB_PAGE_WRITE, "sub-page write permissions for EPT")	\
	B(24, PT_USE_GPA, "Intel PT uses guest-physical addresses")	\
	B(25, TSC_SCALING, "use TSC scaling")				\
	B(26, ENABLE_USR_WAIT_PAUSE, "enable user wait and pause")	\
	B(27, ENABLE_PCONFIG, "enable PCONFIG")				\
	B(28, ENCLV_EXITING, "enable ENCLV exiting")			\
	B(30, BUS_LOCK_DETECTION, "VMM bus-lock detection")		\
	B(31, NOTIFY_VM_EXITING, "instruction timeout (notify VM exiting)")

/* primary VM-exit controls (0x483, 0x48f), SDM 25.7.1 */
#define VMX_EXIT_BITS(B, F)						\
	B(2, SAVE_DEBUG_CONTROLS, "save debug controls")		\
	B(9, HOST_ADDR_SPACE_SIZE, "host address-space size")		\
	B(12, LOAD_IA32_PERF_GLOBAL_CTRL, "load IA32_PERF_GLOBAL_CTRL")	\
	B(15, ACK_INTR_ON_EXIT, "acknowledge interrupt on exit")	\
	B(18, SAVE_IA32_PAT, "save IA32_PAT")				\
	B(19, LOAD_IA32_PAT, "load IA32_PAT")				\
	B(20, SAVE_IA32_EFER, "save IA32_EFER")				\
	B(21, LOAD_IA32_EFER, "load IA32_EFER")				\
	B(22, SAVE_VMX_PREEMPTION_TIMER, "save VMX-preemption timer value")	\
	B(23, CLEAR_BNDCFGS, "clear IA32_BNDCFGS")			\
	B(24, PT_CONCEAL_PIP, "conceal VMX from PT")			\
	B(25, CLEAR_IA32_RTIT_CTL, "clear IA32_RTIT_CTL")		\
	B(26, CLEAR_IA32_LBR_CTL, "clear IA32_LBR_CTL")			\
	B(27, CLEAR_UINV, "clear UINV")					\
	B(28, LOAD_CET_STATE, "load CET state")				\
	B(29, LOAD_PKRS, "load PKRS")					\
	B(30, SAVE_IA32_PERF_GLOBAL_CTRL, "save IA32_PERF_GLOBAL_CTRL")	\
	B(31, ACTIVATE_SECONDARY_CONTROLS, "activate secondary VM-exit controls")

/* VM-entry controls (0x484, 0x490), SDM 25.8.1 */
#define VMX_ENTRY_BITS(B, F)						\
	B(2, LOAD_DEBUG_CONTROLS, "load debug controls")		\
	B(9, IA32E_MODE, "IA-32e mode guest")				\
	B(10, SMM, "entry to SMM")					\
	B(11, DEACT_DUAL_MONITOR, "deactivate dual-monitor treatment")	\
	B(13, LOAD_IA32_PERF_GLOBAL_CTRL, "load IA32_PERF_GLOBAL_CTRL")	\
	B(14, LOAD_IA32_PAT, "load IA32_PAT")				\
	B(15, LOAD_IA32_EFER, "load IA32_EFER")				\
	B(16, LOAD_BNDCFGS, "load IA32_BNDCFGS")			\
	B(17, PT_CONCEAL_PIP, "conceal VMX from PT")			\
	B(18, LOAD_IA32_RTIT_CTL, "load IA32_RTIT_CTL")			\
	B(19, LOAD_UINV, "load UINV")					\
	B(20, LOAD_CET_STATE, "load CET state")				\
	B(21, LOAD_IA32_LBR_CTL, "load guest IA32_LBR_CTL")		\
	B(22, LOAD_PKRS, "load PKRS")					\
	B(23, LOAD_IA32_FRED, "load FRED state")				\
	B(24, LOAD_IA32_SPEC_CTRL, "load guest IA32_SPEC_CTRL")

/*
 * IA32_VMX_MISC (0x485), SDM A.6.  Core 2-era CPUs (Yonah to Penryn, and
 * VIA and Zhaoxin cores) set bit 9; the SDM names no meaning for it.
 */
#define VMX_MISC_BITS(B, F)						\
	F(0, 4, PREEMPTION_TIMER_RATE, "preemption_timer_rate", "VMX-preemption timer rate")	\
	B(5, SAVE_EFER_LMA, "VM exit stores EFER.LMA in IA-32e mode guest")	\
	B(6, ACTIVITY_HLT, "activity state HLT")			\
	B(7, ACTIVITY_SHUTDOWN, "activity state shutdown")		\
	B(8, ACTIVITY_WAIT_SIPI, "activity state wait-for-SIPI")	\
	B(9, MISC_BIT9, "undefined (set by Core 2-era CPUs)")		\
	F(10, 13, RESERVED_13_10, "reserved_13_10", "reserved")		\
	B(14, INTEL_PT, "Intel PT in VMX operation")			\
	B(15, RDMSR_IN_SMM, "RDMSR of IA32_SMBASE in SMM")		\
	F(16, 24, CR3_TARGET_COUNT, "cr3_target_count", "number of CR3-target values")	\
	F(25, 27, MSR_LIST_SIZE, "msr_list_size", "MSR-list size (512 * (N + 1))")	\
	B(28, VMXOFF_BLOCK_SMI, "SMIs may stay blocked after VMXOFF")			\
	B(29, VMWRITE_ANY_FIELD, "VMWRITE to any supported field")	\
	B(30, ZERO_LEN_INS, "injection with instruction length 0")	\
	F(31, 31, RESERVED_31, "reserved_31", "reserved")		\
	F(32, 63, MSEG_REVISION, "mseg_revision", "MSEG revision identifier")

/* IA32_VMX_VMCS_ENUM (0x48a), SDM A.9 */
#define VMX_VMCS_ENUM_BITS(B, F)					\
	F(0, 0, RESERVED_0, "reserved_0", "reserved")			\
	F(1, 9, MAX_INDEX, "max_index", "highest VMCS field index")	\
	F(10, 63, RESERVED_63_10, "reserved_63_10", "reserved")

/* IA32_VMX_EPT_VPID_CAP (0x48c), SDM A.10: EPT in 31:0, VPID in 63:32 */
#define VMX_EPT_VPID_BITS(B, F)						\
	B(0, EPT_EXECUTE_ONLY, "EPT execute-only translations")		\
	B(6, EPT_PAGE_WALK_4, "EPT page-walk length 4")			\
	B(7, EPT_PAGE_WALK_5, "EPT page-walk length 5")			\
	B(8, EPT_MT_UC, "EPT paging-structure memory type UC")		\
	B(14, EPT_MT_WB, "EPT paging-structure memory type WB")		\
	B(16, EPT_2MB_PAGE, "EPT 2-MByte pages")			\
	B(17, EPT_1GB_PAGE, "EPT 1-GByte pages")			\
	B(20, INVEPT, "INVEPT")						\
	B(21, EPT_AD, "EPT accessed and dirty flags")			\
	B(22, EPT_ADVANCED_EXIT_INFO, "advanced EPT-violation exit information")	\
	B(23, EPT_SSS, "supervisor shadow-stack control")		\
	B(25, INVEPT_SINGLE_CONTEXT, "INVEPT single-context")		\
	B(26, INVEPT_ALL_CONTEXT, "INVEPT all-context")			\
	B(32, INVVPID, "INVVPID")					\
	B(40, INVVPID_INDIVIDUAL_ADDR, "INVVPID individual-address")	\
	B(41, INVVPID_SINGLE_CONTEXT, "INVVPID single-context")		\
	B(42, INVVPID_ALL_CONTEXT, "INVVPID all-context")		\
	B(43, INVVPID_SINGLE_NON_GLOBAL, "INVVPID single-context-retaining-globals")	\
	F(48, 53, MAX_HLAT_PREFIX_SIZE, "max_hlat_prefix_size", "maximum HLAT prefix size")

/* IA32_VMX_VMFUNC (0x491), SDM A.11 */
#define VMX_VMFUNC_BITS(B, F)						\
	B(0, EPTP_SWITCHING, "EPTP switching")

/*
 * Tertiary processor-based VM-execution controls (IA32_VMX_PROCBASED_CTLS3,
 * 0x492), SDM 25.6.2 and A.3.4: all 64 bits are allowed-1 bits; the MSR
 * exists only if primary control 17 may be 1.  Bit 5 is a SEAM/TDX
 * control; bit 8 is from Intel's APIC-timer virtualization (the kernel's
 * VMX_FEATURE_GUEST_APIC_TIMER); bits without a public Intel definition
 * (9, 12, 13) stay unnamed.
 */
#define VMX_PROCBASED3_BITS(B, F)					\
	B(0, LOADIWKEY_EXITING, "LOADIWKEY exiting")			\
	B(1, ENABLE_HLAT, "enable HLAT")				\
	B(2, EPT_PAGING_WRITE, "EPT paging-write control")		\
	B(3, GUEST_PAGING_VERIFY, "guest-paging verification")		\
	B(4, IPI_VIRT, "IPI virtualization")				\
	B(5, GPAW, "guest-physical-address width (SEAM)")		\
	B(6, ENABLE_MSRLIST, "enable MSR-list instructions")		\
	B(7, SPEC_CTRL_SHADOW, "virtualize IA32_SPEC_CTRL")		\
	B(8, GUEST_APIC_TIMER, "APIC-timer virtualization")

/*
 * Secondary VM-exit controls (IA32_VMX_EXIT_CTLS2, 0x493), SDM 25.7.1 and
 * A.4.2: 64 allowed-1 bits; the MSR exists only if VM-exit control 31 may
 * be 1.  Bits 0 and 1 come with FRED (ISE), 2 with SPEC_CTRL
 * virtualization, 3 with CET.
 */
#define VMX_EXIT2_BITS(B, F)						\
	B(0, SAVE_IA32_FRED, "save guest FRED MSRs")			\
	B(1, LOAD_IA32_FRED, "load host FRED MSRs")			\
	B(2, LOAD_IA32_SPEC_CTRL, "load host IA32_SPEC_CTRL")		\
	B(3, PREMATURELY_BUSY_SHSTK, "prematurely busy shadow stack")

/*
 * The constants.  Control bits are 32-bit masks of the control word
 * (PIN_BASED_*, CPU_BASED_*, SECONDARY_EXEC_*, VM_EXIT_*, VM_ENTRY_*);
 * the others are masks of the 64-bit MSR value, and a field F(lo, hi,
 * NAME, ...) gives NAME_MASK and NAME_SHIFT.
 */
#define VMX_CONST_CTL(pfx, n, name, d)		pfx##name = BIT(n),
#define VMX_CONST_BIT(pfx, n, name, d)		pfx##name = BIT_ULL(n),
#define VMX_CONST_FIELD(pfx, lo, hi, name, id, d)			\
	pfx##name##_SHIFT = (lo), pfx##name##_MASK = GENMASK_ULL(hi, lo),
#define VMX_NO_FIELD(lo, hi, name, id, d)

#define PIN_B(n, name, d)	VMX_CONST_CTL(PIN_BASED_, n, name, d)
#define PROC_B(n, name, d)	VMX_CONST_CTL(CPU_BASED_, n, name, d)
#define PROC2_B(n, name, d)	VMX_CONST_CTL(SECONDARY_EXEC_, n, name, d)
#define EXIT_B(n, name, d)	VMX_CONST_CTL(VM_EXIT_, n, name, d)
#define ENTRY_B(n, name, d)	VMX_CONST_CTL(VM_ENTRY_, n, name, d)
#define BASIC_B(n, name, d)	VMX_CONST_BIT(VMX_BASIC_, n, name, d)
#define BASIC_F(lo, hi, name, id, d) VMX_CONST_FIELD(VMX_BASIC_, lo, hi, name, id, d)
#define MISC_B(n, name, d)	VMX_CONST_BIT(VMX_MISC_, n, name, d)
#define MISC_F(lo, hi, name, id, d) VMX_CONST_FIELD(VMX_MISC_, lo, hi, name, id, d)
#define ENUM_F(lo, hi, name, id, d) VMX_CONST_FIELD(VMX_VMCS_ENUM_, lo, hi, name, id, d)
#define CAP_B(n, name, d)	VMX_CONST_BIT(VMX_CAP_, n, name, d)
#define VMFUNC_B(n, name, d)	VMX_CONST_BIT(VMX_VMFUNC_, n, name, d)
#define PROC3_B(n, name, d)	VMX_CONST_BIT(TERTIARY_EXEC_, n, name, d)
#define EXIT2_B(n, name, d)	VMX_CONST_BIT(SECONDARY_VM_EXIT_, n, name, d)
#define CAP_F(lo, hi, name, id, d) VMX_CONST_FIELD(VMX_CAP_, lo, hi, name, id, d)

enum { VMX_PINBASED_BITS(PIN_B, VMX_NO_FIELD) };
enum { VMX_PROCBASED_BITS(PROC_B, VMX_NO_FIELD) };
enum { VMX_PROCBASED2_BITS(PROC2_B, VMX_NO_FIELD) };
enum { VMX_EXIT_BITS(EXIT_B, VMX_NO_FIELD) };
enum { VMX_ENTRY_BITS(ENTRY_B, VMX_NO_FIELD) };
enum { VMX_BASIC_BITS(BASIC_B, BASIC_F) };
enum { VMX_MISC_BITS(MISC_B, MISC_F) };
enum { VMX_VMCS_ENUM_BITS(VMFUNC_B, ENUM_F) };
enum { VMX_EPT_VPID_BITS(CAP_B, CAP_F) };
enum { VMX_VMFUNC_BITS(VMFUNC_B, VMX_NO_FIELD) };
enum { VMX_PROCBASED3_BITS(PROC3_B, VMX_NO_FIELD) };
enum { VMX_EXIT2_BITS(EXIT2_B, VMX_NO_FIELD) };

/* every INVVPID type (bits 43:40) */
#define VMX_CAP_INVVPID_TYPES	(VMX_CAP_INVVPID_INDIVIDUAL_ADDR |	\
				 VMX_CAP_INVVPID_SINGLE_CONTEXT |	\
				 VMX_CAP_INVVPID_ALL_CONTEXT |		\
				 VMX_CAP_INVVPID_SINGLE_NON_GLOBAL)

/* A control MSR's halves: allowed-1 (63:32) and allowed-0 (31:0). */
#define HI(x)	((uint64_t)(x) << 32)
#define LO(x)	((uint64_t)(uint32_t)(x))

/*
 * The default1 class of each control word (SDM A.2): bits that the
 * non-TRUE MSRs report as must-be-1.  KVM calls them *_ALWAYSON_WITHOUT_TRUE_MSR.
 */
#define PIN_BASED_ALWAYSON_WITHOUT_TRUE_MSR	0x00000016U
#define CPU_BASED_ALWAYSON_WITHOUT_TRUE_MSR	0x0401e172U
#define VM_EXIT_ALWAYSON_WITHOUT_TRUE_MSR	0x00036dffU
#define VM_ENTRY_ALWAYSON_WITHOUT_TRUE_MSR	0x000011ffU

#endif
