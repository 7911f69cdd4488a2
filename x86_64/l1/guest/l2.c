// SPDX-License-Identifier: GPL-2.0-only
/*
 * A minimal but complete L2: host and guest state copied from L1's own
 * current state, controls from the capability MSRs, and L2 code that runs
 * and exits with VMCALL.  L2 shares L1's page tables, GDT and IDT, so it
 * runs the test's own functions in 64-bit mode; any exception in L2 exits
 * to L1 (exception bitmap all ones), where the test can name it.
 */
#include "ucall.h"
#include "x86_64/l1.h"

volatile uint32_t vmx_l2_mark;
extern void vmx_exit_landing(void);

/* The standard L2: prove it ran, then VMCALL. */
asm(
"	.text\n"
"	.globl l2_vmcall_stub\n"
"	.type l2_vmcall_stub, @function\n"
"l2_vmcall_stub:\n"
"	movl $0x4c32c0de, vmx_l2_mark(%rip)\n"
"	vmcall\n"
"	ud2\n"
"	.size l2_vmcall_stub, . - l2_vmcall_stub\n"
);

struct desc_ptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

static uint16_t read_sel(int which)
{
	uint16_t s = 0;

	switch (which) {
	case 0: asm volatile("mov %%es, %0" : "=r"(s)); break;
	case 1: asm volatile("mov %%cs, %0" : "=r"(s)); break;
	case 2: asm volatile("mov %%ss, %0" : "=r"(s)); break;
	case 3: asm volatile("mov %%ds, %0" : "=r"(s)); break;
	case 4: asm volatile("mov %%fs, %0" : "=r"(s)); break;
	case 5: asm volatile("mov %%gs, %0" : "=r"(s)); break;
	default: asm volatile("str %0" : "=r"(s)); break;
	}
	return s;
}

/*
 * VMCS access rights from the descriptor: LAR gives bits 23:8 of its
 * upper dword; the VMCS format (SDM 25.4.1) is those bits with the limit
 * nibble (bits 11:8 of the result) cleared.
 */
static uint32_t seg_ar(uint16_t sel)
{
	uint32_t ar = 0;

	asm volatile("lar %1, %0" : "=r"(ar) : "r"((uint32_t)sel) : "cc");
	return (ar >> 8) & 0xf0ff;
}

static uint32_t seg_limit(uint16_t sel)
{
	uint32_t lim = 0;

	asm volatile("lsl %1, %0" : "=r"(lim) : "r"((uint32_t)sel) : "cc");
	return lim;
}

static uint64_t tss_base(uint16_t tr)
{
	struct desc_ptr gdt;
	const uint8_t *d;

	asm volatile("sgdt %0" : "=m"(gdt));
	d = (const uint8_t *)gdt.base + (tr & ~7);
	return d[2] | (uint64_t)d[3] << 8 | (uint64_t)d[4] << 16 |
	       (uint64_t)d[7] << 24 | (uint64_t)*(const uint32_t *)(d + 8) << 32;
}

uint32_t vmx_missing_fields[VMX_MAX_MISSING];
uint32_t vmx_nr_missing;

/*
 * A field that exists only with some feature is written only then.  If
 * the MSRs promise the feature but the field is refused as unsupported,
 * the set-up goes on without it and remembers the field: the broken
 * promise is l1_vmcs_enum_test's to report, not a reason to stop here.
 */
static void vmwrite_if(const struct vmx_caps *c, uint32_t enc, uint64_t v)
{
	const struct vmcs_field_info *f = vmcs_field_find(enc);
	struct vmx_ret r;
	char buf[128];

	GUEST_ASSERT_MSG(f, "field 0x%x is not in the table", enc);
	if (!vmcs_field_exists(f, c->msr))
		return;
	r = vmwrite(enc, v);
	if (vmx_failed_with(r, VMXERR_UNSUPPORTED_COMPONENT)) {
		if (vmx_nr_missing < VMX_MAX_MISSING)
			vmx_missing_fields[vmx_nr_missing++] = enc;
		return;
	}
	GUEST_ASSERT_MSG(vmx_ok(r), "VMWRITE %s (0x%x) = 0x%lx: %s", f->name,
			 enc, v, vmx_ret_str(r, buf, sizeof(buf)));
}

static void setup_host_state(const struct vmx_caps *c)
{
	struct desc_ptr gdt, idt;

	asm volatile("sgdt %0; sidt %1" : "=m"(gdt), "=m"(idt));
	vmwritez(HOST_CR0, get_cr0());
	vmwritez(HOST_CR3, get_cr3());
	vmwritez(HOST_CR4, get_cr4());
	vmwritez(HOST_ES_SELECTOR, read_sel(0));
	vmwritez(HOST_CS_SELECTOR, read_sel(1));
	vmwritez(HOST_SS_SELECTOR, read_sel(2));
	vmwritez(HOST_DS_SELECTOR, read_sel(3));
	vmwritez(HOST_FS_SELECTOR, read_sel(4));
	vmwritez(HOST_GS_SELECTOR, read_sel(5));
	vmwritez(HOST_TR_SELECTOR, read_sel(6));
	vmwritez(HOST_FS_BASE, rdmsr(MSR_FS_BASE));
	vmwritez(HOST_GS_BASE, rdmsr(MSR_GS_BASE));
	vmwritez(HOST_TR_BASE, tss_base(read_sel(6)));
	vmwritez(HOST_GDTR_BASE, gdt.base);
	vmwritez(HOST_IDTR_BASE, idt.base);
	vmwritez(HOST_IA32_SYSENTER_CS, rdmsr(MSR_IA32_SYSENTER_CS));
	vmwritez(HOST_IA32_SYSENTER_ESP, rdmsr(MSR_IA32_SYSENTER_ESP));
	vmwritez(HOST_IA32_SYSENTER_EIP, rdmsr(MSR_IA32_SYSENTER_EIP));
	vmwritez(HOST_RIP, (uint64_t)vmx_exit_landing);
	/* Loaded on exit only when a control says so; valid values anyway. */
	vmwrite_if(c, HOST_IA32_PAT, rdmsr(MSR_IA32_CR_PAT));
	vmwrite_if(c, HOST_IA32_EFER, rdmsr(MSR_EFER));
	vmwrite_if(c, HOST_IA32_PERF_GLOBAL_CTRL, 0);
	vmwrite_if(c, HOST_IA32_PKRS, 0);
	vmwrite_if(c, HOST_S_CET, 0);
	vmwrite_if(c, HOST_SSP, 0);
	vmwrite_if(c, HOST_INTR_SSP_TABLE, 0);
}

static void setup_guest_segments(void)
{
	struct desc_ptr gdt, idt;
	unsigned int i;

	asm volatile("sgdt %0; sidt %1" : "=m"(gdt), "=m"(idt));
	/* ES, CS, SS, DS, FS, GS: the encodings step by 2 in this order. */
	for (i = 0; i < 6; i++) {
		uint16_t sel = read_sel(i);

		vmwritez(GUEST_ES_SELECTOR + 2 * i, sel);
		vmwritez(GUEST_ES_LIMIT + 2 * i, seg_limit(sel));
		vmwritez(GUEST_ES_AR_BYTES + 2 * i, seg_ar(sel));
		vmwritez(GUEST_ES_BASE + 2 * i, 0);
	}
	vmwritez(GUEST_FS_BASE, rdmsr(MSR_FS_BASE));
	vmwritez(GUEST_GS_BASE, rdmsr(MSR_GS_BASE));
	/* No LDT: "unusable" (AR bit 16), SDM 25.4.1. */
	vmwritez(GUEST_LDTR_SELECTOR, 0);
	vmwritez(GUEST_LDTR_LIMIT, 0);
	vmwritez(GUEST_LDTR_AR_BYTES, BIT(16));
	vmwritez(GUEST_LDTR_BASE, 0);
	vmwritez(GUEST_TR_SELECTOR, read_sel(6));
	vmwritez(GUEST_TR_LIMIT, seg_limit(read_sel(6)));
	vmwritez(GUEST_TR_AR_BYTES, seg_ar(read_sel(6)));
	vmwritez(GUEST_TR_BASE, tss_base(read_sel(6)));
	vmwritez(GUEST_GDTR_BASE, gdt.base);
	vmwritez(GUEST_GDTR_LIMIT, gdt.limit);
	vmwritez(GUEST_IDTR_BASE, idt.base);
	vmwritez(GUEST_IDTR_LIMIT, idt.limit);
}

static void setup_guest_state(const struct vmx_caps *c)
{
	vmwritez(GUEST_CR0, get_cr0());
	vmwritez(GUEST_CR3, get_cr3());
	vmwritez(GUEST_CR4, get_cr4());
	vmwritez(GUEST_DR7, 0x400);	/* the reset value, SDM 18.2.4 */
	setup_guest_segments();
	vmwritez(GUEST_ACTIVITY_STATE, 0);
	vmwritez(GUEST_PENDING_DBG_EXCEPTIONS, 0);
	vmwritez(VMCS_LINK_POINTER, ~0ULL);
	vmwritez(GUEST_IA32_DEBUGCTL, 0);
	vmwritez(GUEST_SYSENTER_CS, rdmsr(MSR_IA32_SYSENTER_CS));
	vmwritez(GUEST_SYSENTER_ESP, rdmsr(MSR_IA32_SYSENTER_ESP));
	vmwritez(GUEST_SYSENTER_EIP, rdmsr(MSR_IA32_SYSENTER_EIP));
	vmwrite_if(c, GUEST_IA32_PAT, rdmsr(MSR_IA32_CR_PAT));
	vmwrite_if(c, GUEST_IA32_EFER, rdmsr(MSR_EFER));
	vmwrite_if(c, GUEST_IA32_PERF_GLOBAL_CTRL, 0);
	vmwrite_if(c, GUEST_BNDCFGS, 0);
	vmwrite_if(c, GUEST_IA32_RTIT_CTL, 0);
	vmwrite_if(c, GUEST_IA32_LBR_CTL, 0);
	vmwrite_if(c, GUEST_IA32_PKRS, 0);
	vmwrite_if(c, GUEST_S_CET, 0);
	vmwrite_if(c, GUEST_SSP, 0);
	vmwrite_if(c, GUEST_INTR_SSP_TABLE, 0);
	vmwrite_if(c, GUEST_UINV, 0);
}

/*
 * Fields that controls point at: written whenever the feature exists, so
 * that any control can be switched on later with only its control bit.
 */
static void setup_feature_fields(const struct vmx_caps *c,
				 const struct vmx_pages *p)
{
	vmwrite_if(c, IO_BITMAP_A, p->io_bitmap_a);
	vmwrite_if(c, IO_BITMAP_B, p->io_bitmap_b);
	vmwrite_if(c, MSR_BITMAP, p->msr_bitmap);
	vmwrite_if(c, VIRTUAL_APIC_PAGE_ADDR, p->vapic);
	vmwrite_if(c, TPR_THRESHOLD, 0);
	vmwrite_if(c, APIC_ACCESS_ADDR, p->apic_access);
	/* Notification vector bits 15:8 must be 0 (SDM 26.2.1.1). */
	vmwrite_if(c, POSTED_INTR_NV, 0xf2);
	vmwrite_if(c, POSTED_INTR_DESC_ADDR, p->pi_desc);
	vmwrite_if(c, GUEST_INTR_STATUS, 0);
	vmwrite_if(c, EOI_EXIT_BITMAP0, 0);
	vmwrite_if(c, EOI_EXIT_BITMAP1, 0);
	vmwrite_if(c, EOI_EXIT_BITMAP2, 0);
	vmwrite_if(c, EOI_EXIT_BITMAP3, 0);
	/* "enable VPID" needs a non-zero VPID (SDM 26.2.1.1). */
	vmwrite_if(c, VIRTUAL_PROCESSOR_ID, 1);
	if (p->ept_root)
		vmwrite_if(c, EPT_POINTER, vmx_eptp(p->ept_root));
	vmwrite_if(c, VMREAD_BITMAP, p->vmread_bitmap);
	vmwrite_if(c, VMWRITE_BITMAP, p->vmwrite_bitmap);
	vmwrite_if(c, PML_ADDRESS, p->pml);
	vmwrite_if(c, GUEST_PML_INDEX, 511);
	vmwrite_if(c, TSC_MULTIPLIER, 1ULL << 48);	/* 1.0 */
	/* Long enough that L2 reaches its VMCALL first. */
	vmwrite_if(c, VMX_PREEMPTION_TIMER_VALUE, 0xffffffff);
	vmwrite_if(c, VM_FUNCTION_CONTROL, 0);
	vmwrite_if(c, EPTP_LIST_ADDRESS, p->eptp_list);
	vmwrite_if(c, XSS_EXIT_BITMAP, 0);
	vmwrite_if(c, ENCLS_EXITING_BITMAP, 0);
	/* A shadow VMCS to link to, for "VMCS shadowing" (SDM 26.3.1.5). */
	vmx_region_init(p->shadow_vmcs, c, true);
}

static bool launched;
static struct vmx_ctls written;

void vmx_vmcs_setup(const struct vmx_caps *c, const struct vmx_pages *p,
		    void *rip, uint64_t rsp)
{
	struct vmx_ctls base;
	char buf[128];
	struct vmx_ret r;

	vmx_region_init(p->vmcs, c, false);
	r = vmclear(p->vmcs);
	GUEST_ASSERT_MSG(vmx_ok(r), "VMCLEAR: %s", vmx_ret_str(r, buf, sizeof(buf)));
	r = vmptrld(p->vmcs);
	GUEST_ASSERT_MSG(vmx_ok(r), "VMPTRLD: %s", vmx_ret_str(r, buf, sizeof(buf)));
	launched = false;

	setup_host_state(c);
	setup_guest_state(c);
	vmwritez(CR0_GUEST_HOST_MASK, 0);
	vmwritez(CR4_GUEST_HOST_MASK, 0);
	vmwritez(CR0_READ_SHADOW, get_cr0());
	vmwritez(CR4_READ_SHADOW, get_cr4());
	vmwritez(EXCEPTION_BITMAP, ~0U);
	vmwritez(PAGE_FAULT_ERROR_CODE_MASK, 0);
	vmwritez(PAGE_FAULT_ERROR_CODE_MATCH, 0);
	vmwritez(CR3_TARGET_COUNT, 0);
	vmwritez(VM_EXIT_MSR_STORE_COUNT, 0);
	vmwritez(VM_EXIT_MSR_LOAD_COUNT, 0);
	vmwritez(VM_ENTRY_MSR_LOAD_COUNT, 0);
	vmwritez(VM_ENTRY_INTR_INFO_FIELD, 0);
	vmwritez(TSC_OFFSET, 0);
	setup_feature_fields(c, p);

	vmx_ctls_baseline(c, &base);
	written = (struct vmx_ctls){ { 0 } };
	written.v[0] = 1;	/* force every word to be written */
	vmx_ctls_write(c, &base);
	vmx_guest_reset(rip, rsp);
}

void vmx_ctls_write(const struct vmx_caps *c, const struct vmx_ctls *ctls)
{
	unsigned int w;
	bool all = written.v[0];

	for (w = VMX_CTL_PIN; w <= VMX_CTL_ENTRY; w++) {
		if (!all && written.v[w] == ctls->v[w])
			continue;
		/* The field exists only if secondary controls can be on. */
		if (w == VMX_CTL_PROC2 &&
		    !(c->msr[VMX_PROCBASED_CTLS] & BIT_ULL(32 + 31)))
			continue;
		vmwritez(vmx_ctl_vmcs_field(w), ctls->v[w]);
		written.v[w] = ctls->v[w];
	}
	written.v[0] = 0;
}

void vmx_guest_reset(void *rip, uint64_t rsp)
{
	vmwritez(GUEST_RIP, (uint64_t)rip);
	vmwritez(GUEST_RSP, rsp);
	vmwritez(GUEST_RFLAGS, 0x2);	/* IF = 0: no interrupt windows */
	vmwritez(GUEST_INTERRUPTIBILITY_INFO, 0);
}

void vmx_mark_clear(void)
{
	launched = false;
}

struct vmx_ret vmx_run_l2(const struct vmx_pages *p, void *rip)
{
	return vmx_run_l2_intr(p, rip, 0);
}

struct vmx_ret vmx_run_l2_intr(const struct vmx_pages *p, void *rip,
			       uint32_t interruptibility)
{
	struct vmx_ret r;

	vmx_l2_mark = 0;
	vmx_guest_reset(rip, p->l2_stack_top);
	if (interruptibility)
		vmwritez(GUEST_INTERRUPTIBILITY_INFO, interruptibility);
	r = vmx_enter(!launched);
	/*
	 * A VM exit marks the VMCS launched, unless it reports a failed VM
	 * entry (SDM 27.8; KVM's prepare_vmcs12()).
	 */
	if (r.outcome == VMX_EXITED && !(r.error & EXIT_REASON_FAILED_ENTRY))
		launched = true;
	return r;
}
