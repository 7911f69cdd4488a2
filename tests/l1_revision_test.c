// SPDX-License-Identifier: GPL-2.0-only
/*
 * The VMCS revision identifier of IA32_VMX_BASIC (bits 30:0), as L1 sees
 * it, is what VMXON and VMPTRLD accept, and nothing else.
 *
 * SDM Vol. 3C 31.3:
 *   VMXON:   a region whose revision is not the supported one is
 *            VMfailInvalid (there is no current VMCS yet);
 *   VMPTRLD: "VMCS revision identifier not supported" is VMfail(11) -
 *            VMfailValid when a current VMCS exists, VMfailInvalid when
 *            none does (31.2); with bit 31 (shadow-VMCS indicator) set, it
 *            is accepted only if the processor supports VMCS shadowing.
 * and, for the pointers involved: VMPTRLD and VMCLEAR of the VMXON
 * pointer are VMfail(10) and VMfail(3); VMXON in VMX root operation is
 * VMfail(15); VMLAUNCH of a shadow VMCS is VMfailInvalid (SDM 26.1).
 */
#include "kvm_util.h"
#include "ucall.h"
#include "x86_64/host.h"
#include "x86_64/l1.h"

static void set_revision(uint64_t region, uint32_t v)
{
	*(volatile uint32_t *)region = v;
}

static bool shadowing_allowed(const struct vmx_caps *c)
{
	return (vmx_ctl_may1(vmx_ctl_msr(c, VMX_CTL_PROC)) & BIT(31)) &&
	       (vmx_ctl_may1(c->msr[VMX_PROCBASED_CTLS2]) & BIT(14));
}

static void l1_guest(uint64_t pages_gva)
{
	const struct vmx_pages *p = (const struct vmx_pages *)pages_gva;
	uint32_t rev, wrong;
	struct vmx_caps c;
	struct vmx_ret r;
	uint64_t cur = 0;

	l1_lines_init(p);
	vmx_read_caps(&c);
	rev = c.msr[VMX_BASIC] & VMX_BASIC_REVISION_MASK;
	wrong = rev ^ 1;	/* any other value in bits 30:0 */
	vmx_prepare();

	set_revision(p->vmxon, wrong);
	r = vmxon(p->vmxon);
	l1_expect("vmxon.wrong_revision", r, VMX_RET_FAIL_INVALID,
		  "VMXON region with a revision other than BASIC's (SDM 31.3)");
	if (vmx_ok(r))
		vmxoff();

	set_revision(p->vmxon, rev);
	r = vmxon(p->vmxon);
	if (!l1_expect("vmxon.revision_from_basic", r, VMX_RET_OK,
		       "VMXON region with BASIC bits 30:0 (SDM 31.3)")) {
		GUEST_DONE();
		return;
	}

	set_revision(p->vmcs2, wrong);
	l1_expect("vmptrld.wrong_revision_no_current_vmcs", vmptrld(p->vmcs2),
		  VMX_RET_FAIL_INVALID,
		  "VMfail with no current VMCS is VMfailInvalid (SDM 31.2, 31.3)");

	set_revision(p->vmcs, rev);
	l1_expect("vmptrld.revision_from_basic", vmptrld(p->vmcs), VMX_RET_OK,
		  "VMCS with BASIC bits 30:0 (SDM 31.3)");
	r = vmptrst(&cur);
	l1_line(vmx_ok(r) && cur == p->vmcs ? TAP_PASS : TAP_FAIL,
		"vmptrst.returns_loaded_vmcs",
		"wanted 0x%lx, got 0x%lx (VMPTRST outcome %u)", p->vmcs, cur,
		r.outcome);

	l1_expect("vmptrld.wrong_revision", vmptrld(p->vmcs2),
		  VMX_RET_FAIL(VMXERR_VMPTRLD_BAD_REVISION),
		  "VMPTRLD of a VMCS with a revision other than BASIC's (SDM 31.3)");

	set_revision(p->vmcs2, rev | BIT(31));
	if (shadowing_allowed(&c)) {
		l1_expect("vmptrld.shadow_indicator", vmptrld(p->vmcs2),
			  VMX_RET_OK,
			  "the shadow-VMCS indicator is accepted where VMCS shadowing may be 1 (SDM 31.3)");
		vmclear(p->vmcs2);
		vmptrld(p->vmcs2);
		l1_expect("vmlaunch.shadow_vmcs", vmx_enter(true),
			  VMX_RET_FAIL_INVALID,
			  "VMLAUNCH with a shadow VMCS as the current VMCS (SDM 26.1)");
		vmptrld(p->vmcs);
	} else {
		l1_expect("vmptrld.shadow_indicator", vmptrld(p->vmcs2),
			  VMX_RET_FAIL(VMXERR_VMPTRLD_BAD_REVISION),
			  "the shadow-VMCS indicator is refused where VMCS shadowing may not be 1 (SDM 31.3)");
		l1_line(TAP_SKIP, "vmlaunch.shadow_vmcs",
			"VMCS shadowing may not be 1 here, so no shadow VMCS can be current");
	}

	l1_expect("vmptrld.vmxon_pointer", vmptrld(p->vmxon),
		  VMX_RET_FAIL(VMXERR_VMPTRLD_VMXON_PTR),
		  "VMPTRLD of the VMXON pointer (SDM 31.3)");
	l1_expect("vmclear.vmxon_pointer", vmclear(p->vmxon),
		  VMX_RET_FAIL(VMXERR_VMCLEAR_VMXON_PTR),
		  "VMCLEAR of the VMXON pointer (SDM 31.3)");
	l1_expect("vmxon.in_vmx_root", vmxon(p->vmxon),
		  VMX_RET_FAIL(VMXERR_VMXON_IN_ROOT),
		  "VMXON in VMX root operation (SDM 31.3)");
	l1_expect("vmxoff", vmxoff(), VMX_RET_OK, "VMXOFF in VMX root operation");
	GUEST_DONE();
}

int main(void)
{
	struct l1_vm l;

	tap_init();
	host_require_nested_vmx();
	l1_vm_create(&l, l1_guest, 8);
	l1_vm_finish(&l);
	tap_finish();
}
