/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The "vmx flags" line of /proc/cpuinfo: which name the kernel prints for
 * which bit of the raw VMX MSRs (arch/x86/include/asm/vmxfeatures.h for
 * the names, arch/x86/kernel/cpu/feat_ctl.c for how the words are filled),
 * per modelled kernel, since the naming rules changed in between.
 */
#ifndef NVMX_VMX_FLAGS_H
#define NVMX_VMX_FLAGS_H

#include "x86_64/check.h"
#include "x86_64/model_rules.h"
#include "x86_64/snapshot.h"

enum vmx_flag_src {
	VFS_CTL,		/* allowed-1 bit of a control MSR */
	VFS_EPT,		/* bit of IA32_VMX_EPT_VPID_CAP, low half */
	VFS_VPID,		/* bit of IA32_VMX_EPT_VPID_CAP, high half */
	VFS_VMFUNC,		/* bit of IA32_VMX_VMFUNC */
	VFS_FLEXPRIORITY,	/* TPR shadow and APIC-access virtualization */
	VFS_APICV,		/* TPR shadow, APIC-register virtualization,
				 * virtual-interrupt delivery, posted interrupts */
	VFS_TERTIARY,		/* IA32_VMX_PROCBASED_CTLS3: not captured */
};

struct vmx_flag {
	const char *name;	/* as /proc/cpuinfo prints it */
	uint8_t src;		/* enum vmx_flag_src */
	uint8_t msr;		/* VFS_CTL: enum vmx_msr_id */
	uint8_t bit;		/* control bit, or capability bit */
	struct kver_range v;	/* kernels that print it so */
};

extern const struct vmx_flag vmx_flags_table[];
extern const unsigned int nr_vmx_flags;

/*
 * Whether feat_ctl.c sets the flag's bit from these raw values: 1 or 0
 * (an absent MSR reads as 0, as rdmsr_safe() does), -1 if the source is
 * not in the snapshot at all (tertiary controls).
 */
int vmx_flag_expected(const struct vmx_flag *f, const struct vmx_msr_set *hw);

/*
 * One check per flag kernel kv prints,
 * "vmx_flags.<flag>_matches_raw_msrs", and "vmx_flags.names_known" for
 * names in the line that this version does not print.
 */
void vmx_flags_check(const char *line, const struct vmx_msr_set *hw,
		     struct kver kv, bool approximate,
		     struct check_list *out);

#endif
