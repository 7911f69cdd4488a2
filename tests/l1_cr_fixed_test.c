// SPDX-License-Identifier: GPL-2.0-only
/*
 * CR0 and CR4 against IA32_VMX_CR{0,4}_FIXED{0,1}, as L1 sees them.
 *
 * SDM Vol. 3C 24.8: in VMX operation, a bit set in FIXED0 must be 1 in
 * the CR and a bit clear in FIXED1 must be 0.  VMXON checks this: its
 * pseudocode (SDM 31.3) raises #UD when CR4.VMXE = 0 or CR0.PE = 0, and
 * #GP(0) when "the values of CR0 and CR4 are not supported in VMX
 * operation".  So L1
 *   - does VMXON with its own CR0 and CR4, inside the fixed bits: success;
 *   - clears each FIXED0 bit in turn and expects #GP, or #UD for
 *     CR4.VMXE (CR0.PE and CR0.PG cannot be cleared in 64-bit mode: skips);
 *   - sets each bit outside FIXED1 in turn, where MOV to CR accepts it,
 *     and expects #GP.  A bit MOV refuses cannot reach VMXON: those are
 *     one skip line per register, with the list.
 */
#include "kvm_util.h"
#include "ucall.h"
#include "x86_64/host.h"
#include "x86_64/l1.h"

#define CR4_LASS	27

static uint8_t mov_cr_safe(int cr, uint64_t v)
{
	register uint64_t vec asm("r10");
	register uint64_t err asm("r11");

	if (cr == 0)
		asm volatile(GUEST_ASM_SAFE("mov %[v], %%cr0")
			     : "=&r"(vec), "=&r"(err) : [v] "r"(v) : "memory");
	else
		asm volatile(GUEST_ASM_SAFE("mov %[v], %%cr4")
			     : "=&r"(vec), "=&r"(err) : [v] "r"(v) : "memory");
	(void)err;
	return vec ? (uint8_t)vec : 0;
}

static uint64_t get_cr(int cr)
{
	return cr == 0 ? get_cr0() : get_cr4();
}

static const char *bit_id(enum vmx_msr_id id, unsigned int bit)
{
	const struct vmx_field *f = vmx_field_at(id, bit);

	return f ? f->id : "reserved";
}

/* VMXON with CR<cr> = v; returns the outcome and leaves VMX operation. */
static struct vmx_ret vmxon_with(const struct vmx_pages *p, int cr, uint64_t v,
				 uint8_t *mov_vec)
{
	uint64_t old = get_cr(cr);
	struct vmx_ret r = { 0 };

	*mov_vec = mov_cr_safe(cr, v);
	if (*mov_vec)
		return r;
	r = vmxon(p->vmxon);
	if (vmx_ok(r))
		vmxoff();
	mov_cr_safe(cr, old);
	return r;
}

static void check_fixed0(const struct vmx_pages *p, const struct vmx_caps *c,
			 int cr, enum vmx_msr_id id)
{
	uint64_t fixed0 = c->msr[id], cur = get_cr(cr);
	unsigned int bit;
	char name[100];

	for (bit = 0; bit < 64; bit++) {
		struct vmx_ret r, want = VMX_RET_FAULT(GP_VECTOR);
		uint8_t mov_vec;

		if (!(fixed0 & BIT_ULL(bit)))
			continue;
		guest_snprintf(name, sizeof(name), "%s.bit%u.%s.cleared",
			       vmx_msrs[id].short_name, bit, bit_id(id, bit));
		/*
		 * Not tried: in 64-bit mode, MOV to CR0 that clears PG (or PE,
		 * with PG set) is #GP (SDM Vol. 3A 2.5, 9.8.5.4).  KVM 5.10
		 * does not enforce it for PG and lets L1 switch paging off
		 * under its own feet, so the test does not rely on the #GP.
		 */
		if (cr == 0 && (bit == 0 || bit == 31)) {
			l1_line(TAP_SKIP, name, "L1 runs in 64-bit mode, where CR0.%s cannot be cleared (SDM 2.5), so VMXON cannot see it clear",
				bit_id(id, bit));
			continue;
		}
		r = vmxon_with(p, cr, cur & ~BIT_ULL(bit), &mov_vec);
		if (mov_vec) {
			l1_line(TAP_SKIP, name, "MOV to CR%d with the bit clear raised %s (e.g. paging cannot be left in 64-bit mode), so VMXON cannot see it",
				cr, x86_vector_name(mov_vec));
			continue;
		}
		/* SDM 31.3, VMXON: CR4.VMXE = 0 or CR0.PE = 0 is #UD. */
		if ((cr == 4 && bit == 13) || (cr == 0 && bit == 0))
			want = VMX_RET_FAULT(UD_VECTOR);
		l1_expect(name, r, want,
			  "a bit set in the FIXED0 MSR must be 1 for VMXON (SDM 24.8, 31.3)");
	}
}

static void check_fixed1(const struct vmx_pages *p, const struct vmx_caps *c,
			 int cr, enum vmx_msr_id id)
{
	uint64_t fixed1 = c->msr[id], cur = get_cr(cr);
	char name[100], refused[200];
	unsigned int bit, n = 0, tried = 0;
	int len = 0;

	for (bit = 0; bit < 64; bit++) {
		uint8_t mov_vec = 0;
		struct vmx_ret r;

		if ((fixed1 & BIT_ULL(bit)) || (cur & BIT_ULL(bit)))
			continue;
		/*
		 * Not tried: CR4.LASS would fault L1's own low-half code, and
		 * bits 63:32 of CR4 (FRED) change how exceptions are delivered.
		 */
		if (cr == 4 && (bit == CR4_LASS || bit >= 32)) {
			mov_vec = 0xff;
		} else {
			r = vmxon_with(p, cr, cur | BIT_ULL(bit), &mov_vec);
		}
		if (mov_vec) {
			if (len < (int)sizeof(refused) - 8)
				len += guest_snprintf(refused + len,
						      sizeof(refused) - len,
						      "%s%u", n ? "," : "", bit);
			n++;
			continue;
		}
		tried++;
		guest_snprintf(name, sizeof(name), "%s.bit%u.%s.set",
			       vmx_msrs[id].short_name, bit, bit_id(id, bit));
		l1_expect(name, r, VMX_RET_FAULT(GP_VECTOR),
			  "a bit clear in the FIXED1 MSR must be 0 for VMXON (SDM 24.8, 31.3)");
	}
	guest_snprintf(name, sizeof(name), "%s.unsettable_bits",
		       vmx_msrs[id].short_name);
	if (n)
		l1_line(TAP_SKIP, name, "%u bits outside the MSR (%s) cannot be set in CR%d by MOV (it faults), or would stop L1 itself; %u bits were tried",
			n, refused, cr, tried);
}

static void l1_guest(uint64_t pages_gva)
{
	const struct vmx_pages *p = (const struct vmx_pages *)pages_gva;
	struct vmx_caps c;
	uint64_t cr0, cr4;
	struct vmx_ret r;
	bool inside;

	l1_lines_init(p);
	vmx_read_caps(&c);
	vmx_prepare();
	vmx_region_init(p->vmxon, &c, false);
	cr0 = get_cr0();
	cr4 = get_cr4();
	inside = (cr0 & c.msr[VMX_CR0_FIXED0]) == c.msr[VMX_CR0_FIXED0] &&
		 !(cr0 & ~c.msr[VMX_CR0_FIXED1]) &&
		 (cr4 & c.msr[VMX_CR4_FIXED0]) == c.msr[VMX_CR4_FIXED0] &&
		 !(cr4 & ~c.msr[VMX_CR4_FIXED1]);
	l1_line(inside ? TAP_PASS : TAP_FAIL, "l1_cr_inside_fixed",
		"CR0 0x%lx (FIXED0 0x%lx, FIXED1 0x%lx), CR4 0x%lx (FIXED0 0x%lx, FIXED1 0x%lx): an ordinary 64-bit L1 with CR4.VMXE must fit",
		cr0, c.msr[VMX_CR0_FIXED0], c.msr[VMX_CR0_FIXED1], cr4,
		c.msr[VMX_CR4_FIXED0], c.msr[VMX_CR4_FIXED1]);
	r = vmxon(p->vmxon);
	l1_expect("vmxon_inside_fixed_succeeds", r, VMX_RET_OK,
		  "CR0 and CR4 inside FIXED0/FIXED1 and a VMXON region with BASIC's revision (SDM 31.3)");
	if (vmx_ok(r))
		vmxoff();

	check_fixed0(p, &c, 0, VMX_CR0_FIXED0);
	check_fixed0(p, &c, 4, VMX_CR4_FIXED0);
	check_fixed1(p, &c, 0, VMX_CR0_FIXED1);
	check_fixed1(p, &c, 4, VMX_CR4_FIXED1);
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
