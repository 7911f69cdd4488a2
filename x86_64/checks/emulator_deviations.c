// SPDX-License-Identifier: GPL-2.0-only
/*
 * The known emulator deviations (include/x86_64/emulator_deviations.h).
 * Each names the emulator version and the source line that shows it.
 */
#include "x86_64/emulator_deviations.h"

static const struct {
	enum vmx_msr_id msr;
	unsigned int bit;	/* of the 64-bit value */
	const char *what;
} deviations[] = {
	{
		/*
		 * cpu/vmcs.cc, init_vmentry_ctrls(): with SPEC_CTRL
		 * virtualization, "cap->vmx_vmexit_ctrl2_supported_bits |=
		 * VMX_VMENTRY_CTRL1_LOAD_GUEST_IA32_SPEC_CTRL": the VM-entry
		 * control (bit 24) lands in the secondary VM-exit controls,
		 * and the entry control itself is never advertised.
		 */
		.msr = VMX_EXIT_CTLS2,
		.bit = 24,
		.what = "Bochs 3.0 advertises the VM-entry control 'load guest IA32_SPEC_CTRL' (entry bit 24) in IA32_VMX_EXIT_CTLS2 instead of IA32_VMX_ENTRY_CTLS (cpu/vmcs.cc)",
	},
};

const char *emulator_deviation(enum vmx_msr_id id, unsigned int bit)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(deviations); i++)
		if (deviations[i].msr == id && deviations[i].bit == bit)
			return deviations[i].what;
	return NULL;
}
