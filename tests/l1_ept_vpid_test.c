// SPDX-License-Identifier: GPL-2.0-only
/*
 * EPT and VPID as IA32_VMX_EPT_VPID_CAP and PROCBASED_CTLS2 promise them.
 *
 * EPT (SDM Vol. 3C 29.3): with "enable EPT" allowed and the capability MSR
 * offering a 4-level walk (bit 6) and write-back structures (bit 14), L2
 * runs under a 4-level write-back EPT that L1 built.  The EPT is an
 * identity map except for two pages: one GPA translates to another page
 * (L2 must read that page's contents), one is not present (L2's write
 * must cause an EPT-violation exit naming that GPA, SDM 29.3.3.2).
 *
 * INVEPT and INVVPID (SDM 31.3): each type the MSR advertises succeeds
 * (INVEPT: bit 25 single-context, 26 all-context; INVVPID: bits 40-43
 * for types 0-3); a type not advertised is VMfailValid 28 "invalid
 * operand to INVEPT/INVVPID".  Without INVEPT (bit 20) or INVVPID (bit
 * 32) advertised, the instruction is #UD.
 *
 * VPID (SDM 26.2.1.1): with "enable VPID" L2 runs; VPID 0 is refused
 * with VM-instruction error 7.
 */
#include "kvm_util.h"
#include "ucall.h"
#include "x86_64/host.h"
#include "x86_64/l1.h"

#define PATTERN_GPA	0x1111111111111111ULL
#define PATTERN_HPA	0x2222222222222222ULL

/* INVEPT type t (1, 2) is advertised in bit 24 + t, INVVPID type t in 40 + t */
#define EPT_INVEPT_TYPE(t)	BIT_ULL(24 + (t))
#define VPID_INVVPID_TYPE(t)	BIT_ULL(40 + (t))

static volatile uint64_t l2_seen;
static uint64_t l2_remapped, l2_unmapped;

static void l2_ept_code(void)
{
	l2_seen = *(volatile uint64_t *)l2_remapped;
	asm volatile("vmcall" ::: "memory");
	*(volatile uint64_t *)l2_unmapped = 1;
	asm volatile("vmcall; ud2" ::: "memory");
}

static bool proc2_may1(const struct vmx_caps *c, unsigned int bit)
{
	return (vmx_ctl_may1(vmx_ctl_msr(c, VMX_CTL_PROC)) & BIT(31)) &&
	       (vmx_ctl_may1(c->msr[VMX_PROCBASED_CTLS2]) & BIT(bit));
}

static void with_proc2(const struct vmx_caps *c, uint32_t proc2)
{
	struct vmx_ctls ctls;

	vmx_ctls_baseline(c, &ctls);
	ctls.v[VMX_CTL_PROC] |= BIT(31);
	ctls.v[VMX_CTL_PROC2] |= proc2;
	vmx_ctls_write(c, &ctls);
}

static void check_ept_l2(const struct vmx_caps *c, const struct vmx_pages *p)
{
	struct vmx_ret r;
	uint64_t gpa, qual;

	if (!vmx_ept_usable(c)) {
		l1_line(TAP_SKIP, "ept.l2_runs_4level_wb",
			"EPT is not usable: needs enable EPT (PROCBASED_CTLS2 allowed-1 bit 1), a 4-level walk (EPT_VPID_CAP bit 6) and write-back (bit 14); EPT_VPID_CAP is 0x%lx",
			c->msr[VMX_EPT_VPID_CAP]);
		return;
	}
	l2_remapped = p->data[0];
	l2_unmapped = p->data[2];
	l2_seen = 0;
	with_proc2(c, BIT(1));
	r = vmx_run_l2(p, l2_ept_code);
	if (!l1_expect("ept.l2_runs_4level_wb", r, VMX_RET_EXIT(EXIT_REASON_VMCALL),
		       "EPTP with a 4-level walk and write-back type, both advertised (SDM 26.2.1.1, 29.3)"))
		return;
	l1_line(l2_seen == PATTERN_HPA ? TAP_PASS : TAP_FAIL, "ept.translation",
		"L2 read GPA 0x%lx: wanted 0x%llx (the page the EPT maps it to), got 0x%lx (0x%llx is the identity page)",
		p->data[0], PATTERN_HPA, l2_seen, PATTERN_GPA);

	vmwritez(GUEST_RIP, vmreadz(GUEST_RIP) + vmreadz(VM_EXIT_INSTRUCTION_LEN));
	r = vmx_enter(false);
	if (!l1_expect("ept.violation_exit", r,
		       VMX_RET_EXIT(EXIT_REASON_EPT_VIOLATION),
		       "L2 wrote a GPA whose EPT entry is not present (SDM 29.3.3.2)"))
		return;
	gpa = vmreadz(GUEST_PHYSICAL_ADDRESS);
	qual = vmreadz(EXIT_QUALIFICATION);
	l1_line(gpa == p->data[2] && (qual & BIT(1)) ? TAP_PASS : TAP_FAIL,
		"ept.violation_reports_gpa",
		"guest-physical address: wanted 0x%lx, got 0x%lx; exit qualification 0x%lx (bit 1, data write, wanted set) (SDM 28.2.1, Table 28-7)",
		p->data[2], gpa, qual);
}

static void check_invept(const struct vmx_caps *c, const struct vmx_pages *p)
{
	uint64_t ept = c->msr[VMX_EPT_VPID_CAP];
	char name[64];
	unsigned int t;

	if (!proc2_may1(c, 1) || !(ept & VMX_CAP_INVEPT)) {
		l1_expect("invept.not_advertised_ud", invept(2, vmx_eptp(p->ept_root)),
			  VMX_RET_FAULT(UD_VECTOR),
			  "INVEPT is #UD where EPT or INVEPT (EPT_VPID_CAP bit 20) is not advertised (SDM 31.3)");
		return;
	}
	for (t = 0; t < 4; t++) {
		bool adv = (t == 1 || t == 2) && (ept & EPT_INVEPT_TYPE(t));

		guest_snprintf(name, sizeof(name), "invept.type%u.%s", t,
			       adv ? "advertised" : "not_advertised");
		l1_expect(name, invept(t, vmx_eptp(p->ept_root)),
			  adv ? VMX_RET_OK : VMX_RET_FAIL(VMXERR_INVALID_INVEPT_INVVPID),
			  adv ? "an INVEPT type EPT_VPID_CAP advertises (bits 25, 26)" :
				"an INVEPT type EPT_VPID_CAP does not advertise (SDM 31.3)");
	}
}

static void check_vpid(const struct vmx_caps *c, const struct vmx_pages *p)
{
	uint64_t cap = c->msr[VMX_EPT_VPID_CAP];
	char name[64];
	unsigned int t;

	if (!proc2_may1(c, 5)) {
		l1_line(TAP_SKIP, "vpid.l2_runs", "enable VPID (PROCBASED_CTLS2 allowed-1 bit 5) is not advertised");
		l1_line(TAP_SKIP, "vpid.zero_refused", "enable VPID is not advertised");
	} else {
		with_proc2(c, BIT(5));
		l1_expect("vpid.l2_runs", vmx_run_l2(p, l2_vmcall_stub),
			  VMX_RET_EXIT(EXIT_REASON_VMCALL),
			  "enable VPID with VPID 1 (SDM 26.2.1.1)");
		vmwritez(VIRTUAL_PROCESSOR_ID, 0);
		l1_expect("vpid.zero_refused", vmx_run_l2(p, l2_vmcall_stub),
			  VMX_RET_FAIL(VMXERR_ENTRY_INVALID_CONTROL),
			  "with enable VPID, the VPID must not be 0 (SDM 26.2.1.1)");
		vmwritez(VIRTUAL_PROCESSOR_ID, 1);
	}

	if (!proc2_may1(c, 5) || !(cap & VMX_CAP_INVVPID)) {
		l1_expect("invvpid.not_advertised_ud", invvpid(2, 1, 0),
			  VMX_RET_FAULT(UD_VECTOR),
			  "INVVPID is #UD where VPID or INVVPID (EPT_VPID_CAP bit 32) is not advertised (SDM 31.3)");
		return;
	}
	for (t = 0; t < 5; t++) {
		bool adv = t < 4 && (cap & VPID_INVVPID_TYPE(t));

		guest_snprintf(name, sizeof(name), "invvpid.type%u.%s", t,
			       adv ? "advertised" : "not_advertised");
		l1_expect(name, invvpid(t, 1, p->data[3]),
			  adv ? VMX_RET_OK : VMX_RET_FAIL(VMXERR_INVALID_INVEPT_INVVPID),
			  adv ? "an INVVPID type EPT_VPID_CAP advertises (bits 40-43)" :
				"an INVVPID type EPT_VPID_CAP does not advertise (SDM 31.3)");
	}
}

static void l1_guest(uint64_t pages_gva)
{
	const struct vmx_pages *p = (const struct vmx_pages *)pages_gva;
	struct vmx_caps c;
	struct vmx_ret r;
	char buf[128];

	l1_lines_init(p);
	vmx_read_caps(&c);
	r = vmx_enable(&c, p->vmxon);
	GUEST_ASSERT_MSG(vmx_ok(r), "VMXON: %s", vmx_ret_str(r, buf, sizeof(buf)));
	vmx_vmcs_setup(&c, p, l2_vmcall_stub, p->l2_stack_top);
	check_ept_l2(&c, p);
	check_invept(&c, p);
	check_vpid(&c, p);
	vmxoff();
	GUEST_DONE();
}

int main(void)
{
	struct vmx_pages *p;
	struct l1_vm l;

	tap_init();
	host_require_nested_vmx();
	l1_vm_create(&l, l1_guest, 8);
	p = l.pages;
	*(uint64_t *)addr_gpa2hva(l.vm, p->data[0]) = PATTERN_GPA;
	*(uint64_t *)addr_gpa2hva(l.vm, p->data[1]) = PATTERN_HPA;
	p->ept_root = vmx_ept_build(l.vm);
	vmx_ept_map(l.vm, p->ept_root, p->data[0], p->data[1]);
	vmx_ept_map(l.vm, p->ept_root, p->data[2], ~0ULL);
	l1_vm_finish(&l);
	tap_finish();
}
