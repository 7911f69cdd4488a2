// SPDX-License-Identifier: GPL-2.0-only
/*
 * The VMX capability MSRs and their bits, from the SDM (Vol. 3D,
 * Appendix A; Vol. 3C, chapter 25 for the control bits) and the names the
 * kernel gives them in arch/x86/include/asm/vmx.h.  This is the only place
 * where a bit gets a name.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "x86_64/vmx_table.h"

#define F(l, h, i, d)	{ .lo = (l), .hi = (h), .id = (i), .desc = (d) }
#define B(n, i, d)	F(n, n, i, d)

static const struct vmx_field basic_fields[] = {
	F(0, 30, "revision", "VMCS revision identifier"),
	B(31, "zero", "always 0"),
	F(32, 44, "vmcs_size", "VMCS region size"),
	F(45, 47, "reserved_47_45", "reserved"),
	B(48, "PHYS_ADDR_32BIT", "32-bit physical-address limit"),
	B(49, "DUAL_MONITOR", "dual-monitor SMM treatment"),
	F(50, 53, "mem_type", "VMCS memory type"),
	B(54, "INOUT", "INS/OUTS exit information"),
	B(55, "TRUE_CTLS", "TRUE capability MSRs exist"),
	B(56, "NO_HW_ERROR_CODE_CC",
	  "no error code required on hardware-exception injection"),
	B(57, "reserved_57", "reserved"),
	B(58, "NESTED_EXCEPTION", "nested-exception support (FRED)"),
	B(59, "reserved_59", "reserved"),
	B(60, "NO_SEAMRET_INVD_VMCS", "SEAMRET keeps the current VMCS (TDX)"),
	F(61, 63, "reserved_63_61", "reserved"),
};

static const struct vmx_field pin_fields[] = {
	B(0, "EXT_INTR_MASK", "external-interrupt exiting"),
	B(3, "NMI_EXITING", "NMI exiting"),
	B(5, "VIRTUAL_NMIS", "virtual NMIs"),
	B(6, "VMX_PREEMPTION_TIMER", "activate VMX-preemption timer"),
	B(7, "POSTED_INTR", "process posted interrupts"),
};

static const struct vmx_field proc_fields[] = {
	B(2, "INTR_WINDOW_EXITING", "interrupt-window exiting"),
	B(3, "USE_TSC_OFFSETTING", "use TSC offsetting"),
	B(7, "HLT_EXITING", "HLT exiting"),
	B(9, "INVLPG_EXITING", "INVLPG exiting"),
	B(10, "MWAIT_EXITING", "MWAIT exiting"),
	B(11, "RDPMC_EXITING", "RDPMC exiting"),
	B(12, "RDTSC_EXITING", "RDTSC exiting"),
	B(15, "CR3_LOAD_EXITING", "CR3-load exiting"),
	B(16, "CR3_STORE_EXITING", "CR3-store exiting"),
	B(17, "ACTIVATE_TERTIARY_CONTROLS", "activate tertiary controls"),
	B(19, "CR8_LOAD_EXITING", "CR8-load exiting"),
	B(20, "CR8_STORE_EXITING", "CR8-store exiting"),
	B(21, "TPR_SHADOW", "use TPR shadow"),
	B(22, "NMI_WINDOW_EXITING", "NMI-window exiting"),
	B(23, "MOV_DR_EXITING", "MOV-DR exiting"),
	B(24, "UNCOND_IO_EXITING", "unconditional I/O exiting"),
	B(25, "USE_IO_BITMAPS", "use I/O bitmaps"),
	B(27, "MONITOR_TRAP_FLAG", "monitor trap flag"),
	B(28, "USE_MSR_BITMAPS", "use MSR bitmaps"),
	B(29, "MONITOR_EXITING", "MONITOR exiting"),
	B(30, "PAUSE_EXITING", "PAUSE exiting"),
	B(31, "ACTIVATE_SECONDARY_CONTROLS", "activate secondary controls"),
};

static const struct vmx_field proc2_fields[] = {
	B(0, "VIRTUALIZE_APIC_ACCESSES", "virtualize APIC accesses"),
	B(1, "ENABLE_EPT", "enable EPT"),
	B(2, "DESC", "descriptor-table exiting"),
	B(3, "ENABLE_RDTSCP", "enable RDTSCP"),
	B(4, "VIRTUALIZE_X2APIC_MODE", "virtualize x2APIC mode"),
	B(5, "ENABLE_VPID", "enable VPID"),
	B(6, "WBINVD_EXITING", "WBINVD exiting"),
	B(7, "UNRESTRICTED_GUEST", "unrestricted guest"),
	B(8, "APIC_REGISTER_VIRT", "APIC-register virtualization"),
	B(9, "VIRTUAL_INTR_DELIVERY", "virtual-interrupt delivery"),
	B(10, "PAUSE_LOOP_EXITING", "PAUSE-loop exiting"),
	B(11, "RDRAND_EXITING", "RDRAND exiting"),
	B(12, "ENABLE_INVPCID", "enable INVPCID"),
	B(13, "ENABLE_VMFUNC", "enable VM functions"),
	B(14, "SHADOW_VMCS", "VMCS shadowing"),
	B(15, "ENCLS_EXITING", "enable ENCLS exiting"),
	B(16, "RDSEED_EXITING", "RDSEED exiting"),
	B(17, "ENABLE_PML", "enable PML"),
	B(18, "EPT_VIOLATION_VE", "EPT-violation #VE"),
	B(19, "PT_CONCEAL_VMX", "conceal VMX from PT"),
	B(20, "ENABLE_XSAVES", "enable XSAVES/XRSTORS"),
	B(21, "PASID_TRANSLATION", "PASID translation"),
	B(22, "MODE_BASED_EPT_EXEC", "mode-based execute control for EPT"),
	B(23, "EPT_SUB_PAGE_WRITE", "sub-page write permissions for EPT"),
	B(24, "PT_USE_GPA", "Intel PT uses guest-physical addresses"),
	B(25, "TSC_SCALING", "use TSC scaling"),
	B(26, "ENABLE_USR_WAIT_PAUSE", "enable user wait and pause"),
	B(27, "ENABLE_PCONFIG", "enable PCONFIG"),
	B(28, "ENCLV_EXITING", "enable ENCLV exiting"),
	B(30, "BUS_LOCK_DETECTION", "VMM bus-lock detection"),
	B(31, "NOTIFY_VM_EXITING", "instruction timeout (notify VM exiting)"),
};

static const struct vmx_field exit_fields[] = {
	B(2, "SAVE_DEBUG_CONTROLS", "save debug controls"),
	B(9, "HOST_ADDR_SPACE_SIZE", "host address-space size"),
	B(12, "LOAD_IA32_PERF_GLOBAL_CTRL", "load IA32_PERF_GLOBAL_CTRL"),
	B(15, "ACK_INTR_ON_EXIT", "acknowledge interrupt on exit"),
	B(18, "SAVE_IA32_PAT", "save IA32_PAT"),
	B(19, "LOAD_IA32_PAT", "load IA32_PAT"),
	B(20, "SAVE_IA32_EFER", "save IA32_EFER"),
	B(21, "LOAD_IA32_EFER", "load IA32_EFER"),
	B(22, "SAVE_VMX_PREEMPTION_TIMER", "save VMX-preemption timer value"),
	B(23, "CLEAR_BNDCFGS", "clear IA32_BNDCFGS"),
	B(24, "PT_CONCEAL_PIP", "conceal VMX from PT"),
	B(25, "CLEAR_IA32_RTIT_CTL", "clear IA32_RTIT_CTL"),
	B(26, "CLEAR_IA32_LBR_CTL", "clear IA32_LBR_CTL"),
	B(27, "CLEAR_UINV", "clear UINV"),
	B(28, "LOAD_CET_STATE", "load CET state"),
	B(29, "LOAD_PKRS", "load PKRS"),
	B(30, "SAVE_IA32_PERF_GLOBAL_CTRL", "save IA32_PERF_GLOBAL_CTRL"),
	B(31, "ACTIVATE_SECONDARY_CONTROLS", "activate secondary VM-exit controls"),
};

static const struct vmx_field entry_fields[] = {
	B(2, "LOAD_DEBUG_CONTROLS", "load debug controls"),
	B(9, "IA32E_MODE", "IA-32e mode guest"),
	B(10, "SMM", "entry to SMM"),
	B(11, "DEACT_DUAL_MONITOR", "deactivate dual-monitor treatment"),
	B(13, "LOAD_IA32_PERF_GLOBAL_CTRL", "load IA32_PERF_GLOBAL_CTRL"),
	B(14, "LOAD_IA32_PAT", "load IA32_PAT"),
	B(15, "LOAD_IA32_EFER", "load IA32_EFER"),
	B(16, "LOAD_BNDCFGS", "load IA32_BNDCFGS"),
	B(17, "PT_CONCEAL_PIP", "conceal VMX from PT"),
	B(18, "LOAD_IA32_RTIT_CTL", "load IA32_RTIT_CTL"),
	B(19, "LOAD_UINV", "load UINV"),
	B(20, "LOAD_CET_STATE", "load CET state"),
	B(21, "LOAD_IA32_LBR_CTL", "load guest IA32_LBR_CTL"),
	B(22, "LOAD_PKRS", "load PKRS"),
	B(23, "LOAD_IA32_FRED", "load FRED state"),
};

static const struct vmx_field misc_fields[] = {
	F(0, 4, "preemption_timer_rate", "VMX-preemption timer rate"),
	B(5, "SAVE_EFER_LMA", "VM exit stores EFER.LMA in IA-32e mode guest"),
	B(6, "ACTIVITY_HLT", "activity state HLT"),
	B(7, "ACTIVITY_SHUTDOWN", "activity state shutdown"),
	B(8, "ACTIVITY_WAIT_SIPI", "activity state wait-for-SIPI"),
	/*
	 * Core 2-era CPUs (Yonah to Penryn, and VIA and Zhaoxin cores) set
	 * bit 9; the SDM names no meaning for it.  Bits 13:10 are reserved.
	 */
	B(9, "MISC_BIT9", "undefined (set by Core 2-era CPUs)"),
	F(10, 13, "reserved_13_10", "reserved"),
	B(14, "INTEL_PT", "Intel PT in VMX operation"),
	B(15, "RDMSR_IN_SMM", "RDMSR of IA32_SMBASE in SMM"),
	F(16, 24, "cr3_target_count", "number of CR3-target values"),
	F(25, 27, "msr_list_size", "MSR-list size (512 * (N + 1))"),
	B(28, "VMXOFF_BLOCK_SMI", "VMXOFF unblocks SMIs"),
	B(29, "VMWRITE_ANY_FIELD", "VMWRITE to any supported field"),
	B(30, "ZERO_LEN_INS", "injection with instruction length 0"),
	B(31, "reserved_31", "reserved"),
	F(32, 63, "mseg_revision", "MSEG revision identifier"),
};

static const struct vmx_field cr0_fields[] = {
	B(0, "PE", "CR0.PE"),   B(1, "MP", "CR0.MP"),   B(2, "EM", "CR0.EM"),
	B(3, "TS", "CR0.TS"),   B(4, "ET", "CR0.ET"),   B(5, "NE", "CR0.NE"),
	B(16, "WP", "CR0.WP"),  B(18, "AM", "CR0.AM"),  B(29, "NW", "CR0.NW"),
	B(30, "CD", "CR0.CD"),  B(31, "PG", "CR0.PG"),
};

static const struct vmx_field cr4_fields[] = {
	B(0, "VME", "CR4.VME"),		B(1, "PVI", "CR4.PVI"),
	B(2, "TSD", "CR4.TSD"),		B(3, "DE", "CR4.DE"),
	B(4, "PSE", "CR4.PSE"),		B(5, "PAE", "CR4.PAE"),
	B(6, "MCE", "CR4.MCE"),		B(7, "PGE", "CR4.PGE"),
	B(8, "PCE", "CR4.PCE"),		B(9, "OSFXSR", "CR4.OSFXSR"),
	B(10, "OSXMMEXCPT", "CR4.OSXMMEXCPT"),
	B(11, "UMIP", "CR4.UMIP"),	B(12, "LA57", "CR4.LA57"),
	B(13, "VMXE", "CR4.VMXE"),	B(14, "SMXE", "CR4.SMXE"),
	B(16, "FSGSBASE", "CR4.FSGSBASE"),
	B(17, "PCIDE", "CR4.PCIDE"),	B(18, "OSXSAVE", "CR4.OSXSAVE"),
	B(19, "KL", "CR4.KL"),		B(20, "SMEP", "CR4.SMEP"),
	B(21, "SMAP", "CR4.SMAP"),	B(22, "PKE", "CR4.PKE"),
	B(23, "CET", "CR4.CET"),	B(24, "PKS", "CR4.PKS"),
	B(25, "UINTR", "CR4.UINTR"),	B(27, "LASS", "CR4.LASS"),
	B(28, "LAM_SUP", "CR4.LAM_SUP"), B(32, "FRED", "CR4.FRED"),
};

static const struct vmx_field vmcs_enum_fields[] = {
	B(0, "reserved_0", "reserved"),
	F(1, 9, "max_index", "highest VMCS field index"),
	F(10, 63, "reserved_63_10", "reserved"),
};

static const struct vmx_field ept_vpid_fields[] = {
	B(0, "EPT_EXECUTE_ONLY", "EPT execute-only translations"),
	B(6, "EPT_PAGE_WALK_4", "EPT page-walk length 4"),
	B(7, "EPT_PAGE_WALK_5", "EPT page-walk length 5"),
	B(8, "EPT_MT_UC", "EPT paging-structure memory type UC"),
	B(14, "EPT_MT_WB", "EPT paging-structure memory type WB"),
	B(16, "EPT_2MB_PAGE", "EPT 2-MByte pages"),
	B(17, "EPT_1GB_PAGE", "EPT 1-GByte pages"),
	B(20, "INVEPT", "INVEPT"),
	B(21, "EPT_AD", "EPT accessed and dirty flags"),
	B(22, "EPT_ADVANCED_EXIT_INFO", "advanced EPT-violation exit information"),
	B(23, "EPT_SSS", "supervisor shadow-stack control"),
	B(25, "INVEPT_SINGLE_CONTEXT", "INVEPT single-context"),
	B(26, "INVEPT_ALL_CONTEXT", "INVEPT all-context"),
	B(32, "INVVPID", "INVVPID"),
	B(40, "INVVPID_INDIVIDUAL_ADDR", "INVVPID individual-address"),
	B(41, "INVVPID_SINGLE_CONTEXT", "INVVPID single-context"),
	B(42, "INVVPID_ALL_CONTEXT", "INVVPID all-context"),
	B(43, "INVVPID_SINGLE_NON_GLOBAL",
	  "INVVPID single-context-retaining-globals"),
};

static const struct vmx_field vmfunc_fields[] = {
	B(0, "EPTP_SWITCHING", "EPTP switching"),
};

#define FIELDS(a)	.fields = (a), .nr_fields = ARRAY_SIZE(a)

#define CTLS(_id, _name, _word, _f, _d1, _twin, _true)			\
	[_id] = { .id = _id, .index = VMX_MSR_INDEX(_id),		\
		  .name = "IA32_VMX_" _name, .short_name = _name,	\
		  .layout = VMX_LAYOUT_CTLS, .word = _word, FIELDS(_f),	\
		  .default1 = _d1, .twin = _twin, .is_true = _true }

#define OTHER(_id, _name, _layout, _f, _rsvd)				\
	[_id] = { .id = _id, .index = VMX_MSR_INDEX(_id),		\
		  .name = "IA32_VMX_" _name, .short_name = _name,	\
		  .layout = _layout, FIELDS(_f), .twin = -1,		\
		  .reserved = _rsvd }

const struct vmx_msr_info vmx_msrs[NR_VMX_MSRS] = {
	OTHER(VMX_BASIC, "BASIC", VMX_LAYOUT_BASIC, basic_fields,
	      BIT_ULL(31) | GENMASK_ULL(47, 45) | BIT_ULL(57) | BIT_ULL(59) |
	      GENMASK_ULL(63, 61)),
	CTLS(VMX_PINBASED_CTLS, "PINBASED_CTLS", VMX_CTL_PIN, pin_fields,
	     0x00000016, VMX_TRUE_PINBASED_CTLS, false),
	CTLS(VMX_PROCBASED_CTLS, "PROCBASED_CTLS", VMX_CTL_PROC, proc_fields,
	     0x0401e172, VMX_TRUE_PROCBASED_CTLS, false),
	CTLS(VMX_EXIT_CTLS, "EXIT_CTLS", VMX_CTL_EXIT, exit_fields,
	     0x00036dff, VMX_TRUE_EXIT_CTLS, false),
	CTLS(VMX_ENTRY_CTLS, "ENTRY_CTLS", VMX_CTL_ENTRY, entry_fields,
	     0x000011ff, VMX_TRUE_ENTRY_CTLS, false),
	OTHER(VMX_MISC, "MISC", VMX_LAYOUT_MISC, misc_fields,
	      GENMASK_ULL(13, 10) | BIT_ULL(31)),
	OTHER(VMX_CR0_FIXED0, "CR0_FIXED0", VMX_LAYOUT_FIXED0, cr0_fields, 0),
	OTHER(VMX_CR0_FIXED1, "CR0_FIXED1", VMX_LAYOUT_FIXED1, cr0_fields, 0),
	OTHER(VMX_CR4_FIXED0, "CR4_FIXED0", VMX_LAYOUT_FIXED0, cr4_fields, 0),
	OTHER(VMX_CR4_FIXED1, "CR4_FIXED1", VMX_LAYOUT_FIXED1, cr4_fields, 0),
	OTHER(VMX_VMCS_ENUM, "VMCS_ENUM", VMX_LAYOUT_VMCS_ENUM,
	      vmcs_enum_fields, BIT_ULL(0) | GENMASK_ULL(63, 10)),
	CTLS(VMX_PROCBASED_CTLS2, "PROCBASED_CTLS2", VMX_CTL_PROC2,
	     proc2_fields, 0, -1, false),
	OTHER(VMX_EPT_VPID_CAP, "EPT_VPID_CAP", VMX_LAYOUT_EPT_VPID,
	      ept_vpid_fields, 0),
	CTLS(VMX_TRUE_PINBASED_CTLS, "TRUE_PINBASED_CTLS", VMX_CTL_PIN,
	     pin_fields, 0x00000016, VMX_PINBASED_CTLS, true),
	CTLS(VMX_TRUE_PROCBASED_CTLS, "TRUE_PROCBASED_CTLS", VMX_CTL_PROC,
	     proc_fields, 0x0401e172, VMX_PROCBASED_CTLS, true),
	CTLS(VMX_TRUE_EXIT_CTLS, "TRUE_EXIT_CTLS", VMX_CTL_EXIT, exit_fields,
	     0x00036dff, VMX_EXIT_CTLS, true),
	CTLS(VMX_TRUE_ENTRY_CTLS, "TRUE_ENTRY_CTLS", VMX_CTL_ENTRY,
	     entry_fields, 0x000011ff, VMX_ENTRY_CTLS, true),
	OTHER(VMX_VMFUNC, "VMFUNC", VMX_LAYOUT_VMFUNC, vmfunc_fields,
	      ~1ULL),
};

int vmx_msr_by_index(uint32_t index)
{
	if (index < VMX_MSR_FIRST || index > VMX_MSR_LAST)
		return -1;
	return (int)(index - VMX_MSR_FIRST);
}

int vmx_msr_by_name(const char *name)
{
	const char *p = name;
	char *end;
	unsigned long idx;
	int i;

	if (!name || !*name)
		return -1;
	if (isdigit((unsigned char)*name)) {
		idx = strtoul(name, &end, 0);
		if (*end || idx > 0xffffffffUL)
			return -1;
		return vmx_msr_by_index((uint32_t)idx);
	}
	if (!strncasecmp(p, "IA32_", 5))
		p += 5;
	if (!strncasecmp(p, "VMX_", 4))
		p += 4;
	for (i = 0; i < NR_VMX_MSRS; i++)
		if (!strcasecmp(p, vmx_msrs[i].short_name))
			return i;
	return -1;
}

static const struct vmx_field *find_field(const struct vmx_msr_info *m,
					  unsigned int bit)
{
	unsigned int i;

	for (i = 0; i < m->nr_fields; i++)
		if (bit >= m->fields[i].lo && bit <= m->fields[i].hi)
			return &m->fields[i];
	return NULL;
}

const struct vmx_field *vmx_ctl_field(enum vmx_msr_id id, unsigned int ctl_bit)
{
	if (!vmx_is_ctls(id) || ctl_bit > 31)
		return NULL;
	return find_field(&vmx_msrs[id], ctl_bit);
}

const struct vmx_field *vmx_field_at(enum vmx_msr_id id, unsigned int bit)
{
	if (bit > 63)
		return NULL;
	if (vmx_is_ctls(id))
		return vmx_ctl_field(id, bit & 31);
	return find_field(&vmx_msrs[id], bit);
}

const struct vmx_field *vmx_field_by_id(enum vmx_msr_id id, const char *fid)
{
	const struct vmx_msr_info *m = &vmx_msrs[id];
	unsigned int i;

	for (i = 0; i < m->nr_fields; i++)
		if (!strcasecmp(m->fields[i].id, fid))
			return &m->fields[i];
	return NULL;
}

const char *vmx_describe_bit(enum vmx_msr_id id, unsigned int bit, char *buf,
			     size_t len)
{
	const struct vmx_msr_info *m = &vmx_msrs[id];
	const struct vmx_field *f;

	if (m->layout == VMX_LAYOUT_CTLS) {
		unsigned int cb = bit & 31;
		const char *half = bit >= 32 ? "allowed-1" : "allowed-0";

		f = vmx_ctl_field(id, cb);
		if (f)
			snprintf(buf, len, "%s bit %u (%s)", half, cb, f->desc);
		else if (m->default1 & (1U << cb))
			snprintf(buf, len, "%s bit %u (reserved, default-1)",
				 half, cb);
		else
			snprintf(buf, len, "%s bit %u (reserved)", half, cb);
		return buf;
	}
	f = find_field(m, bit);
	if (!f)
		snprintf(buf, len, "bit %u (reserved)", bit);
	else if (f->lo == f->hi)
		snprintf(buf, len, "bit %u (%s)", bit, f->desc);
	else
		snprintf(buf, len, "bits %u:%u (%s)", f->hi, f->lo, f->desc);
	return buf;
}
