// SPDX-License-Identifier: GPL-2.0-only
/*
 * VM functions as IA32_VMX_VMFUNC and PROCBASED_CTLS2 promise them.
 *
 * SDM Vol. 3C 26.5.6: with "enable VM functions" 1, VMFUNC in L2 runs
 * the function EAX names if the VM-function controls enable it, and
 * otherwise causes a VM exit (reason 59).  Function 0, EPTP switching
 * (26.5.6.3), loads entry ECX of the EPTP list into the EPT pointer
 * without a VM exit; ECX >= 512 causes a VM exit.  With "enable VM
 * functions" 0, VMFUNC is #UD (25.1.3).
 *
 * With EPTP switching advertised (VMFUNC bit 0) and EPT usable, L1 gives
 * L2 a two-entry EPTP list: entry 0 an identity EPT, entry 1 the same
 * except that one GPA maps to another page.  L2 reads that GPA, switches
 * to entry 1, reads, switches back, reads: it must see the two pages in
 * turn, and L1 must find each new EPTP in the EPT-pointer field.
 */
#include "kvm_util.h"
#include "ucall.h"
#include "x86_64/host.h"
#include "x86_64/l1.h"

#define PATTERN_A	0xaaaaaaaaaaaaaaaaULL
#define PATTERN_B	0xbbbbbbbbbbbbbbbbULL

static volatile uint64_t l2_seen[3];
static uint64_t l2_page;
static uint32_t l2_bad_leaf;

static inline void vmfunc(uint32_t leaf, uint32_t index)
{
	asm volatile("vmfunc" :: "a"(leaf), "c"(index) : "memory");
}

static inline void vmcall(void)
{
	asm volatile("vmcall" ::: "memory");
}

/* L2: each VMCALL hands back to L1, which checks and resumes. */
static void l2_switching(void)
{
	l2_seen[0] = *(volatile uint64_t *)l2_page;
	vmfunc(0, 1);
	l2_seen[1] = *(volatile uint64_t *)l2_page;
	vmcall();
	vmfunc(0, 0);
	l2_seen[2] = *(volatile uint64_t *)l2_page;
	vmcall();
	vmfunc(0, 512);		/* past the list: VM exit */
	vmcall();
}

static void l2_bad_leaf_code(void)
{
	vmfunc(l2_bad_leaf, 0);
	vmcall();
}

static void resume_after(void)
{
	vmwritez(GUEST_RIP, vmreadz(GUEST_RIP) + vmreadz(VM_EXIT_INSTRUCTION_LEN));
}

static void set_controls(const struct vmx_caps *c, bool vmfunc_on, bool ept)
{
	struct vmx_ctls ctls;

	vmx_ctls_baseline(c, &ctls);
	ctls.v[VMX_CTL_PROC] |= BIT(31);
	ctls.v[VMX_CTL_PROC2] |= (vmfunc_on ? BIT(13) : 0) | (ept ? BIT(1) : 0);
	vmx_ctls_write(c, &ctls);
}

static void check_switching(const struct vmx_caps *c, const struct vmx_pages *p)
{
	uint64_t *list = (uint64_t *)p->eptp_list;
	struct vmx_ret r;

	list[0] = vmx_eptp(p->ept_root);
	list[1] = vmx_eptp(p->ept_root2);
	l2_page = p->data[0];
	set_controls(c, true, true);
	vmwritez(VM_FUNCTION_CONTROL, 1);	/* EPTP switching */
	vmwritez(EPTP_LIST_ADDRESS, p->eptp_list);
	vmwritez(EPT_POINTER, list[0]);

	r = vmx_run_l2(p, l2_switching);
	if (!l1_expect("eptp_switching.l2_runs", r, VMX_RET_EXIT(EXIT_REASON_VMCALL),
		       "VMFUNC 0 with a valid index needs no VM exit (SDM 26.5.6.3)"))
		return;
	l1_line(l2_seen[0] == PATTERN_A && l2_seen[1] == PATTERN_B ?
		TAP_PASS : TAP_FAIL, "eptp_switching.to_entry1",
		"L2 read 0x%lx under entry 0 (wanted 0x%llx), 0x%lx under entry 1 (wanted 0x%llx)",
		l2_seen[0], PATTERN_A, l2_seen[1], PATTERN_B);
	l1_line(vmreadz(EPT_POINTER) == list[1] ? TAP_PASS : TAP_FAIL,
		"eptp_switching.field_is_entry1",
		"EPT pointer after VMFUNC(0, 1): wanted 0x%lx, got 0x%lx (SDM 26.5.6.3)",
		list[1], vmreadz(EPT_POINTER));
	resume_after();
	r = vmx_enter(false);
	l1_line(vmx_ret_eq(r, VMX_RET_EXIT(EXIT_REASON_VMCALL)) &&
		l2_seen[2] == PATTERN_A && vmreadz(EPT_POINTER) == list[0] ?
		TAP_PASS : TAP_FAIL, "eptp_switching.back_to_entry0",
		"exit reason %u (wanted 18), L2 read 0x%lx (wanted 0x%llx), EPT pointer 0x%lx (wanted 0x%lx)",
		r.error, l2_seen[2], PATTERN_A, vmreadz(EPT_POINTER), list[0]);
	resume_after();
	l1_expect("eptp_switching.index_512_exits", vmx_enter(false),
		  VMX_RET_EXIT(EXIT_REASON_VMFUNC),
		  "EPTP index 512 is past the 512-entry list: VM exit (SDM 26.5.6.3)");
}

static void l1_guest(uint64_t pages_gva)
{
	const struct vmx_pages *p = (const struct vmx_pages *)pages_gva;
	uint64_t funcs;
	struct vmx_caps c;
	struct vmx_ret r;
	bool enable, ept;
	char buf[128];

	l1_lines_init(p);
	vmx_read_caps(&c);
	r = vmx_enable(&c, p->vmxon);
	GUEST_ASSERT_MSG(vmx_ok(r), "VMXON: %s", vmx_ret_str(r, buf, sizeof(buf)));
	vmx_vmcs_setup(&c, p, l2_vmcall_stub, p->l2_stack_top);
	funcs = c.msr[VMX_VMFUNC];
	ept = vmx_ept_usable(&c);
	enable = (vmx_ctl_may1(vmx_ctl_msr(&c, VMX_CTL_PROC)) & BIT(31)) &&
		 (vmx_ctl_may1(c.msr[VMX_PROCBASED_CTLS2]) & BIT(13));

	if (!enable) {
		set_controls(&c, false, false);
		l2_bad_leaf = 0;
		l1_expect("vmfunc.disabled_is_ud", vmx_run_l2(p, l2_bad_leaf_code),
			  VMX_RET_EXIT(EXIT_REASON_EXCEPTION_NMI),
			  "enable VM functions may not be 1, so VMFUNC in L2 is #UD, which the exception bitmap turns into an exit (SDM 25.1.3)");
		l1_line(TAP_SKIP, "eptp_switching", "enable VM functions (PROCBASED_CTLS2 allowed-1 bit 13) is not advertised");
		GUEST_DONE();
		return;
	}

	/* The lowest function IA32_VMX_VMFUNC does not offer. */
	for (l2_bad_leaf = 0; l2_bad_leaf < 63 && (funcs & BIT_ULL(l2_bad_leaf));)
		l2_bad_leaf++;
	set_controls(&c, true, false);
	vmwritez(VM_FUNCTION_CONTROL, funcs & ~1ULL);
	guest_snprintf(buf, sizeof(buf), "vmfunc.leaf%u_not_advertised_exits",
		       l2_bad_leaf);
	l1_expect(buf, vmx_run_l2(p, l2_bad_leaf_code),
		  VMX_RET_EXIT(EXIT_REASON_VMFUNC),
		  "a VM function the VM-function controls do not enable causes a VM exit (SDM 26.5.6)");

	if (!(funcs & 1))
		l1_line(TAP_SKIP, "eptp_switching", "IA32_VMX_VMFUNC 0x%lx does not advertise EPTP switching (bit 0)", funcs);
	else if (!ept || !p->ept_root2)
		l1_line(TAP_SKIP, "eptp_switching", "EPTP switching is advertised but EPT is not usable here (EPT_VPID_CAP 0x%lx)",
			c.msr[VMX_EPT_VPID_CAP]);
	else
		check_switching(&c, p);
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
	*(uint64_t *)addr_gpa2hva(l.vm, p->data[0]) = PATTERN_A;
	*(uint64_t *)addr_gpa2hva(l.vm, p->data[1]) = PATTERN_B;
	p->ept_root = vmx_ept_build(l.vm);
	p->ept_root2 = vmx_ept_build(l.vm);
	vmx_ept_map(l.vm, p->ept_root2, p->data[0], p->data[1]);
	l1_vm_finish(&l);
	tap_finish();
}
