// SPDX-License-Identifier: GPL-2.0-only
/*
 * L1's view of the promise and its way into VMX operation: the capability
 * MSRs read with RDMSR, which MSR reports which control word, and VMXON
 * done as an operating system does it (SDM Vol. 3C, 24.7).
 */
#include "ucall.h"
#include "x86_64/l1.h"

#define FEAT_CTL_LOCKED			BIT_ULL(0)
#define FEAT_CTL_VMX_OUTSIDE_SMX	BIT_ULL(2)

#define BASIC_SHADOW_VMCS_INDICATOR	BIT(31)

void vmx_read_caps(struct vmx_caps *c)
{
	unsigned int id;

	c->faulted = 0;
	for (id = 0; id < NR_KVM_VMX_MSRS; id++) {
		if (rdmsr_safe(VMX_MSR_INDEX(id), &c->msr[id])) {
			c->msr[id] = 0;
			c->faulted |= BIT(id);
		}
	}
}

enum vmx_msr_id vmx_ctl_msr_id(const struct vmx_caps *c, enum vmx_ctl_word w)
{
	static const uint8_t plain[VMX_NR_CTL_WORDS] = {
		[VMX_CTL_PIN] = VMX_PINBASED_CTLS,
		[VMX_CTL_PROC] = VMX_PROCBASED_CTLS,
		[VMX_CTL_PROC2] = VMX_PROCBASED_CTLS2,
		[VMX_CTL_EXIT] = VMX_EXIT_CTLS,
		[VMX_CTL_ENTRY] = VMX_ENTRY_CTLS,
	};
	enum vmx_msr_id id = plain[w];

	/*
	 * SDM A.2: with BASIC bit 55 set, the TRUE MSRs report which
	 * default-1 controls may be 0; the plain ones report them as
	 * must-be-1 for software that predates them.  PROCBASED_CTLS2 has
	 * no TRUE twin.
	 */
	if ((c->msr[VMX_BASIC] & VMX_BASIC_TRUE_CTLS) && vmx_msrs[id].twin >= 0)
		id = vmx_msrs[id].twin;
	return id;
}

uint32_t vmx_ctl_vmcs_field(enum vmx_ctl_word w)
{
	switch (w) {
	case VMX_CTL_PIN:
		return PIN_BASED_VM_EXEC_CONTROL;
	case VMX_CTL_PROC:
		return CPU_BASED_VM_EXEC_CONTROL;
	case VMX_CTL_PROC2:
		return SECONDARY_VM_EXEC_CONTROL;
	case VMX_CTL_EXIT:
		return VM_EXIT_CONTROLS;
	case VMX_CTL_ENTRY:
		return VM_ENTRY_CONTROLS;
	default:
		GUEST_ASSERT_MSG(0, "no VMCS field for control word %d", w);
		return 0;
	}
}

void vmx_region_init(uint64_t region, const struct vmx_caps *c, bool shadow)
{
	/*
	 * SDM 25.2: the first 4 bytes hold the revision identifier (bits
	 * 30:0) and, for a VMCS, the shadow-VMCS indicator (bit 31).
	 */
	*(volatile uint32_t *)region =
		(uint32_t)(c->msr[VMX_BASIC] & VMX_BASIC_REVISION_MASK) |
		(shadow ? BASIC_SHADOW_VMCS_INDICATOR : 0);
}

void vmx_prepare(void)
{
	uint64_t fc = 0;

	/* VMXON is #UD unless CR4.VMXE = 1 (SDM 24.7). */
	set_cr4(get_cr4() | X86_CR4_VMXE);
	/*
	 * ... and #GP unless IA32_FEATURE_CONTROL is locked with VMX outside
	 * SMX enabled: firmware normally does this; here L1 is the firmware.
	 */
	if (!rdmsr_safe(MSR_IA32_FEAT_CTL, &fc) && !(fc & FEAT_CTL_LOCKED))
		wrmsr_safe(MSR_IA32_FEAT_CTL,
			   fc | FEAT_CTL_LOCKED | FEAT_CTL_VMX_OUTSIDE_SMX);
}

struct vmx_ret vmx_enable(const struct vmx_caps *c, uint64_t region)
{
	vmx_prepare();
	vmx_region_init(region, c, false);
	return vmxon(region);
}

/* ---- NVMX_L1_BREAK ---- */

int vmx_l1_break;

uint32_t vmx_ctl_must1(uint64_t msr)
{
	return vmx_l1_break == VMX_BREAK_MUST1 ? 0 : vmx_allowed0(msr);
}

uint32_t vmx_ctl_may1(uint64_t msr)
{
	return vmx_l1_break == VMX_BREAK_MAY1 ? ~0U : vmx_allowed1(msr);
}

void vmx_ctls_baseline(const struct vmx_caps *c, struct vmx_ctls *out)
{
	unsigned int w;

	out->v[0] = 0;
	for (w = VMX_CTL_PIN; w <= VMX_CTL_ENTRY; w++)
		out->v[w] = vmx_ctl_must1(vmx_ctl_msr(c, w));
	/*
	 * L1 runs in 64-bit mode and so does L2: "host address-space size"
	 * must then be 1 (SDM 26.2.4, KVM's
	 * nested_vmx_check_address_space_size()) and "IA-32e mode guest"
	 * is what a 64-bit L2 needs (SDM 26.3.1.1).
	 */
	out->v[VMX_CTL_EXIT] |= BIT(9);
	out->v[VMX_CTL_ENTRY] |= BIT(9);
}
