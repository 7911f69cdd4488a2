// SPDX-License-Identifier: GPL-2.0-only
/*
 * The VMX instructions for L1, each returning its outcome the way the SDM
 * defines it (Vol. 3C, 31.2): VMsucceed (CF = ZF = 0), VMfailInvalid
 * (CF = 1), VMfailValid (ZF = 1, the error number in the VM-instruction
 * error field), or an exception, caught through the ex_table so that a
 * test can expect a #UD or #GP.  Nothing is ignored: callers decide.
 */
#include "ucall.h"
#include "x86_64/l1.h"

#define RFLAGS_CF	BIT_ULL(0)
#define RFLAGS_ZF	BIT_ULL(6)

/*
 * The VM-instruction error of the failure that just happened.  ZF = 1
 * implies a current VMCS, so this VMREAD cannot fail itself.
 */
static uint32_t insn_error(void)
{
	uint64_t v = 0;

	asm volatile("vmread %[enc], %[val]"
		     : [val] "=r"(v)
		     : [enc] "r"((uint64_t)VM_INSTRUCTION_ERROR)
		     : "cc", "memory");
	return (uint32_t)v;
}

static struct vmx_ret ret_from(uint64_t rflags, uint64_t vec)
{
	struct vmx_ret r = { .outcome = VMX_SUCCEED };

	if (vec) {
		r.outcome = VMX_FAULT;
		r.vector = vec & 0xff;
	} else if (rflags & RFLAGS_CF) {
		r.outcome = VMX_FAIL_INVALID;
	} else if (rflags & RFLAGS_ZF) {
		r.outcome = VMX_FAIL_VALID;
		r.error = insn_error();
	}
	return r;
}

/*
 * r10 and r11 belong to GUEST_ASM_SAFE (the vector and error code of a
 * fault); they are early-clobbered so that no input lands in them.
 */
#define VMX_SAFE(insn, ...)						\
	register uint64_t vec asm("r10");				\
	register uint64_t err asm("r11");				\
	uint64_t fl;							\
	asm volatile(GUEST_ASM_SAFE(insn) "pushfq\n\tpopq %[fl]"	\
		     : [fl] "=r"(fl), "=&r"(vec), "=&r"(err)		\
		       __VA_ARGS__)

struct vmx_ret vmxon(uint64_t pa)
{
	VMX_SAFE("vmxon %[pa]", : [pa] "m"(pa) : "cc", "memory");
	(void)err;
	return ret_from(fl, vec);
}

struct vmx_ret vmxoff(void)
{
	VMX_SAFE("vmxoff", : : "cc", "memory");
	(void)err;
	return ret_from(fl, vec);
}

struct vmx_ret vmclear(uint64_t pa)
{
	VMX_SAFE("vmclear %[pa]", : [pa] "m"(pa) : "cc", "memory");
	(void)err;
	return ret_from(fl, vec);
}

struct vmx_ret vmptrld(uint64_t pa)
{
	VMX_SAFE("vmptrld %[pa]", : [pa] "m"(pa) : "cc", "memory");
	(void)err;
	return ret_from(fl, vec);
}

struct vmx_ret vmptrst(uint64_t *pa)
{
	uint64_t v = ~0ULL;

	{
		VMX_SAFE("vmptrst %[pa]", , [pa] "=m"(v) : : "cc", "memory");
		(void)err;
		*pa = v;
		return ret_from(fl, vec);
	}
}

struct vmx_ret vmread(uint32_t enc, uint64_t *val)
{
	uint64_t v = 0;

	{
		VMX_SAFE("vmread %[enc], %[val]", , [val] "+r"(v)
			 : [enc] "r"((uint64_t)enc) : "cc", "memory");
		(void)err;
		*val = v;
		return ret_from(fl, vec);
	}
}

struct vmx_ret vmwrite(uint32_t enc, uint64_t val)
{
	VMX_SAFE("vmwrite %[val], %[enc]",
		 : [val] "r"(val), [enc] "r"((uint64_t)enc) : "cc", "memory");
	(void)err;
	return ret_from(fl, vec);
}

/* The 128-bit INVEPT / INVVPID descriptors (SDM 31.3). */
struct inv_desc {
	uint64_t lo, hi;
};

struct vmx_ret invept(uint64_t type, uint64_t eptp)
{
	struct inv_desc d = { .lo = eptp, .hi = 0 };

	VMX_SAFE("invept %[d], %[t]",
		 : [d] "m"(d), [t] "r"(type) : "cc", "memory");
	(void)err;
	return ret_from(fl, vec);
}

struct vmx_ret invvpid(uint64_t type, uint16_t vpid, uint64_t gva)
{
	struct inv_desc d = { .lo = vpid, .hi = gva };

	VMX_SAFE("invvpid %[d], %[t]",
		 : [d] "m"(d), [t] "r"(type) : "cc", "memory");
	(void)err;
	return ret_from(fl, vec);
}

uint64_t vmreadz(uint32_t enc)
{
	struct vmx_ret r;
	uint64_t v;
	char buf[128];

	r = vmread(enc, &v);
	GUEST_ASSERT_MSG(vmx_ok(r), "VMREAD %s (0x%x): %s",
			 vmcs_field_name(enc), enc,
			 vmx_ret_str(r, buf, sizeof(buf)));
	return v;
}

void vmwritez(uint32_t enc, uint64_t val)
{
	struct vmx_ret r = vmwrite(enc, val);
	char buf[128];

	GUEST_ASSERT_MSG(vmx_ok(r), "VMWRITE %s (0x%x) = 0x%lx: %s",
			 vmcs_field_name(enc), enc, val,
			 vmx_ret_str(r, buf, sizeof(buf)));
}

/*
 * VMLAUNCH/VMRESUME and the VM-exit landing, in one assembly routine
 * because a VM exit returns with L2's general registers: the callee-saved
 * ones are pushed before the entry, HOST_RSP points at them, and the
 * landing (HOST_RIP) saves L2's registers before popping L1's back.
 *
 * Returns RAX = 0 after a VM exit; otherwise RAX = RFLAGS after the
 * failed instruction (bit 1 is always set, so never 0) and RDX = the
 * ex_table vector (GUEST_EX_FAULTED | vector) if it faulted, else 0.
 */
struct enter_raw {
	uint64_t rflags, vec;
};
struct enter_raw __vmx_enter(uint64_t launch);
void vmx_exit_landing(void);
struct vmx_gprs vmx_l2_regs;

asm(
"	.text\n"
"	.globl __vmx_enter\n"
"	.type __vmx_enter, @function\n"
"__vmx_enter:\n"
"	push %rbp\n"
"	push %rbx\n"
"	push %r12\n"
"	push %r13\n"
"	push %r14\n"
"	push %r15\n"
"	mov $0x6c14, %eax\n"		/* HOST_RSP */
"1:	vmwrite %rsp, %rax\n"
"	jbe 5f\n"
"	test %rdi, %rdi\n"
"	jz 2f\n"
"3:	vmlaunch\n"
"	jmp 5f\n"
	/*
	 * VM entry loads no general register but RSP: an L2 resumed after
	 * a VM exit gets back the ones it had then.
	 */
"2:	mov vmx_l2_regs+0(%rip), %rax\n"
"	mov vmx_l2_regs+8(%rip), %rbx\n"
"	mov vmx_l2_regs+16(%rip), %rcx\n"
"	mov vmx_l2_regs+24(%rip), %rdx\n"
"	mov vmx_l2_regs+32(%rip), %rsi\n"
"	mov vmx_l2_regs+48(%rip), %rbp\n"
"	mov vmx_l2_regs+56(%rip), %r8\n"
"	mov vmx_l2_regs+64(%rip), %r9\n"
"	mov vmx_l2_regs+72(%rip), %r10\n"
"	mov vmx_l2_regs+80(%rip), %r11\n"
"	mov vmx_l2_regs+88(%rip), %r12\n"
"	mov vmx_l2_regs+96(%rip), %r13\n"
"	mov vmx_l2_regs+104(%rip), %r14\n"
"	mov vmx_l2_regs+112(%rip), %r15\n"
"	mov vmx_l2_regs+40(%rip), %rdi\n"
"4:	vmresume\n"
	/* The instruction failed: RFLAGS says how. */
"5:	pushfq\n"
"	pop %rax\n"
"	xor %edx, %edx\n"
"	jmp 7f\n"
	/* It faulted: the ex_table handler left the vector in r10. */
"6:	pushfq\n"
"	pop %rax\n"
"	mov %r10, %rdx\n"
"	jmp 7f\n"
"	.globl vmx_exit_landing\n"
"	.type vmx_exit_landing, @function\n"
"vmx_exit_landing:\n"
"	mov %rax, vmx_l2_regs+0(%rip)\n"
"	mov %rbx, vmx_l2_regs+8(%rip)\n"
"	mov %rcx, vmx_l2_regs+16(%rip)\n"
"	mov %rdx, vmx_l2_regs+24(%rip)\n"
"	mov %rsi, vmx_l2_regs+32(%rip)\n"
"	mov %rdi, vmx_l2_regs+40(%rip)\n"
"	mov %rbp, vmx_l2_regs+48(%rip)\n"
"	mov %r8, vmx_l2_regs+56(%rip)\n"
"	mov %r9, vmx_l2_regs+64(%rip)\n"
"	mov %r10, vmx_l2_regs+72(%rip)\n"
"	mov %r11, vmx_l2_regs+80(%rip)\n"
"	mov %r12, vmx_l2_regs+88(%rip)\n"
"	mov %r13, vmx_l2_regs+96(%rip)\n"
"	mov %r14, vmx_l2_regs+104(%rip)\n"
"	mov %r15, vmx_l2_regs+112(%rip)\n"
"	xor %eax, %eax\n"
"	xor %edx, %edx\n"
"7:	pop %r15\n"
"	pop %r14\n"
"	pop %r13\n"
"	pop %r12\n"
"	pop %rbx\n"
"	pop %rbp\n"
"	ret\n"
"	.size __vmx_enter, . - __vmx_enter\n"
"	.pushsection ex_table, \"aw\"\n"
"	.balign 8\n"
"	.quad 1b, 6b\n"
"	.quad 3b, 6b\n"
"	.quad 4b, 6b\n"
"	.popsection\n"
);

/* VMLAUNCH and VMRESUME executed, for the profile (l1_entries' events). */
uint64_t vmx_nr_entries;

struct vmx_ret vmx_enter(bool launch)
{
	struct enter_raw raw;
	struct vmx_ret r;

	vmx_nr_entries++;
	raw = __vmx_enter(launch);
	if (raw.rflags)
		return ret_from(raw.rflags, raw.vec);
	r = (struct vmx_ret){ .outcome = VMX_EXITED };
	r.error = (uint32_t)vmreadz(VM_EXIT_REASON);
	return r;
}
