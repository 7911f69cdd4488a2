/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * x86 specifics: CPUID features, control registers, and the instructions
 * guest code uses, with exception-safe variants that report the vector
 * instead of killing the guest.
 */
#ifndef NVMX_PROCESSOR_H
#define NVMX_PROCESSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/kvm.h>

#include "bits.h"
#include "x86_64/cr_bits.h"

struct kvm_vm;
struct kvm_vcpu;

/* CR0 and CR4: X86_CR0_PE ... from the one list (cr_bits.h); EFER bits. */
#define EFER_SCE	BIT_ULL(0)
#define EFER_LME	BIT_ULL(8)
#define EFER_LMA	BIT_ULL(10)
#define EFER_NX		BIT_ULL(11)

/* Exception vectors. */
#define DE_VECTOR	0
#define DB_VECTOR	1
#define BP_VECTOR	3
#define UD_VECTOR	6
#define NM_VECTOR	7
#define DF_VECTOR	8
#define TS_VECTOR	10
#define NP_VECTOR	11
#define SS_VECTOR	12
#define GP_VECTOR	13
#define PF_VECTOR	14

/* Ordinary MSRs the library tests use. */
#define MSR_IA32_TSC			0x10
#define MSR_IA32_FEAT_CTL		0x3a
#define MSR_IA32_SYSENTER_CS		0x174
#define MSR_IA32_SYSENTER_ESP		0x175
#define MSR_IA32_SYSENTER_EIP		0x176
#define MSR_IA32_CR_PAT			0x277
#define MSR_EFER			0xc0000080
#define MSR_STAR			0xc0000081
#define MSR_LSTAR			0xc0000082
#define MSR_FS_BASE			0xc0000100
#define MSR_GS_BASE			0xc0000101
#define MSR_KERNEL_GS_BASE		0xc0000102

/*
 * A CPUID feature bit: leaf, subleaf, register and bit.  The name is the
 * one /proc/cpuinfo and the SDM use, for messages.
 */
enum cpuid_reg { CPUID_EAX, CPUID_EBX, CPUID_ECX, CPUID_EDX };

struct x86_feature {
	uint32_t function, index;
	uint8_t reg, bit;
	const char *name;
};

#define X86_FEATURE(fn, idx, r, b, n)					\
	((struct x86_feature){ .function = (fn), .index = (idx),	\
			       .reg = CPUID_##r, .bit = (b), .name = (n) })

#define X86_FEATURE_VME		X86_FEATURE(0x1, 0, EDX, 1, "vme")
#define X86_FEATURE_DE		X86_FEATURE(0x1, 0, EDX, 2, "de")
#define X86_FEATURE_PSE		X86_FEATURE(0x1, 0, EDX, 3, "pse")
#define X86_FEATURE_TSC		X86_FEATURE(0x1, 0, EDX, 4, "tsc")
#define X86_FEATURE_PAE		X86_FEATURE(0x1, 0, EDX, 6, "pae")
#define X86_FEATURE_MCE		X86_FEATURE(0x1, 0, EDX, 7, "mce")
#define X86_FEATURE_PGE		X86_FEATURE(0x1, 0, EDX, 13, "pge")
#define X86_FEATURE_FXSR	X86_FEATURE(0x1, 0, EDX, 24, "fxsr")
#define X86_FEATURE_XMM		X86_FEATURE(0x1, 0, EDX, 25, "sse")
#define X86_FEATURE_VMX		X86_FEATURE(0x1, 0, ECX, 5, "vmx")
#define X86_FEATURE_SMX		X86_FEATURE(0x1, 0, ECX, 6, "smx")
#define X86_FEATURE_PCID	X86_FEATURE(0x1, 0, ECX, 17, "pcid")
#define X86_FEATURE_XSAVE	X86_FEATURE(0x1, 0, ECX, 26, "xsave")
#define X86_FEATURE_RDRAND	X86_FEATURE(0x1, 0, ECX, 30, "rdrand")
#define X86_FEATURE_HYPERVISOR	X86_FEATURE(0x1, 0, ECX, 31, "hypervisor")
#define X86_FEATURE_FSGSBASE	X86_FEATURE(0x7, 0, EBX, 0, "fsgsbase")
#define X86_FEATURE_SMEP	X86_FEATURE(0x7, 0, EBX, 7, "smep")
#define X86_FEATURE_INVPCID	X86_FEATURE(0x7, 0, EBX, 10, "invpcid")
#define X86_FEATURE_MPX		X86_FEATURE(0x7, 0, EBX, 14, "mpx")
#define X86_FEATURE_RDSEED	X86_FEATURE(0x7, 0, EBX, 18, "rdseed")
#define X86_FEATURE_SMAP	X86_FEATURE(0x7, 0, EBX, 20, "smap")
#define X86_FEATURE_UMIP	X86_FEATURE(0x7, 0, ECX, 2, "umip")
#define X86_FEATURE_PKU		X86_FEATURE(0x7, 0, ECX, 3, "pku")
#define X86_FEATURE_WAITPKG	X86_FEATURE(0x7, 0, ECX, 5, "waitpkg")
#define X86_FEATURE_SHSTK	X86_FEATURE(0x7, 0, ECX, 7, "shstk")
#define X86_FEATURE_LA57	X86_FEATURE(0x7, 0, ECX, 16, "la57")
#define X86_FEATURE_RDPID	X86_FEATURE(0x7, 0, ECX, 22, "rdpid")
#define X86_FEATURE_SGX_LC	X86_FEATURE(0x7, 0, ECX, 30, "sgx_lc")
#define X86_FEATURE_SGX		X86_FEATURE(0x7, 0, EBX, 2, "sgx")
#define X86_FEATURE_IBT		X86_FEATURE(0x7, 0, EDX, 20, "ibt")
#define X86_FEATURE_LAM		X86_FEATURE(0x7, 1, EAX, 26, "lam")
#define X86_FEATURE_FRED	X86_FEATURE(0x7, 1, EAX, 17, "fred")
#define X86_FEATURE_XSAVES	X86_FEATURE(0xd, 1, EAX, 3, "xsaves")
#define X86_FEATURE_SGX1	X86_FEATURE(0x12, 0, EAX, 0, "sgx1")
#define X86_FEATURE_NX		X86_FEATURE(0x80000001, 0, EDX, 20, "nx")
#define X86_FEATURE_RDTSCP	X86_FEATURE(0x80000001, 0, EDX, 27, "rdtscp")
#define X86_FEATURE_LM		X86_FEATURE(0x80000001, 0, EDX, 29, "lm")

static inline bool x86_feature_eq(struct x86_feature a, struct x86_feature b)
{
	return a.function == b.function && a.index == b.index &&
	       a.reg == b.reg && a.bit == b.bit;
}

/* The feature's name in capitals, as the SDM and the rule texts write it. */
const char *x86_feature_upper(struct x86_feature f, char *buf, size_t len);

/* Host CPUID, executed here in userspace. */
void host_cpuid(uint32_t fn, uint32_t idx, uint32_t out[4]);
bool host_cpu_has(struct x86_feature f);
/* "GenuineIntel" etc. into a 13-byte buffer. */
void host_cpu_vendor(char vendor[13]);

/* CPUID tables as KVM passes them. */
struct kvm_cpuid2 *kvm_get_supported_cpuid(void);	/* cached, do not free */
struct kvm_cpuid2 *cpuid_dup(const struct kvm_cpuid2 *c);	/* caller frees */
struct kvm_cpuid_entry2 *cpuid_find(struct kvm_cpuid2 *c, uint32_t fn,
				    uint32_t idx);
bool cpuid_has(const struct kvm_cpuid2 *c, struct x86_feature f);
/* Sets or clears the bit; returns false if the leaf is absent. */
bool cpuid_set_feature(struct kvm_cpuid2 *c, struct x86_feature f, bool on);

/* KVM_SET_CPUID2: returns the ioctl result (0 or -errno). */
int __vcpu_set_cpuid(struct kvm_vcpu *vcpu, struct kvm_cpuid2 *c);
void vcpu_set_cpuid(struct kvm_vcpu *vcpu, struct kvm_cpuid2 *c);
/* KVM_GET_CPUID2; caller frees. */
struct kvm_cpuid2 *vcpu_get_cpuid(struct kvm_vcpu *vcpu);

/* Maps one 4K page gva -> gpa in the library's page tables. */
void vm_map_page(struct kvm_vm *vm, uint64_t gva, uint64_t gpa);

/* Up to 6 integer arguments for guest_code (System V order). */
void vcpu_args_set(struct kvm_vcpu *vcpu, unsigned int n, ...);
void vcpu_sregs_get(struct kvm_vcpu *vcpu, struct kvm_sregs *sregs);
void vcpu_sregs_set(struct kvm_vcpu *vcpu, struct kvm_sregs *sregs);

/*
 * MSRs.  KVM_GET_MSRS and KVM_SET_MSRS return the number of entries they
 * processed and stop at the first MSR KVM refuses; they report no errno
 * for a refused MSR.  These helpers return that count (or -errno when the
 * ioctl itself fails), so a test asserts "1 == accepted, 0 == refused".
 */
int vcpu_get_msr(struct kvm_vcpu *vcpu, uint32_t index, uint64_t *val);
int vcpu_set_msr(struct kvm_vcpu *vcpu, uint32_t index, uint64_t val);
/* Several MSRs at once: the raw KVM_GET_MSRS / KVM_SET_MSRS count. */
int vcpu_get_msrs(struct kvm_vcpu *vcpu, struct kvm_msrs *msrs);
int vcpu_set_msrs(struct kvm_vcpu *vcpu, struct kvm_msrs *msrs);
/*
 * KVM_GET_MSRS of one MSR on any fd that takes it: the system fd (feature
 * MSRs) or a vCPU fd.  The same count convention.
 */
int kvm_get_feature_msr(int fd, uint32_t index, uint64_t *val);
/* KVM_GET_MSR_FEATURE_INDEX_LIST; caller frees.  NULL with errno set. */
struct kvm_msr_list *kvm_get_feature_msr_index_list(int kvm_fd);
/* KVM_GET_MSR_INDEX_LIST (MSRs to save and restore); caller frees. */
struct kvm_msr_list *kvm_get_msr_index_list(int kvm_fd);
bool kvm_msr_list_has(const struct kvm_msr_list *l, uint32_t index);

/* ---- guest side ---- */

static inline void cpuid(uint32_t fn, uint32_t idx, uint32_t *a, uint32_t *b,
			 uint32_t *c, uint32_t *d)
{
	asm volatile("cpuid"
		     : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
		     : "a"(fn), "c"(idx)
		     : "memory");
}

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr) : "memory");
	return lo | ((uint64_t)hi << 32);
}

static inline void wrmsr(uint32_t msr, uint64_t val)
{
	asm volatile("wrmsr"
		     :
		     : "c"(msr), "a"((uint32_t)val), "d"((uint32_t)(val >> 32))
		     : "memory");
}

#define DEFINE_CR(n)							\
static inline uint64_t get_cr##n(void)					\
{									\
	uint64_t v;							\
	asm volatile("mov %%cr" #n ", %0" : "=r"(v) :: "memory");	\
	return v;							\
}									\
static inline void set_cr##n(uint64_t v)				\
{									\
	asm volatile("mov %0, %%cr" #n :: "r"(v) : "memory");		\
}
DEFINE_CR(0)
DEFINE_CR(3)
DEFINE_CR(4)
#undef DEFINE_CR

static inline void outb(uint16_t port, uint8_t v)
{
	asm volatile("outb %0, %1" :: "a"(v), "Nd"(port) : "memory");
}

static inline void cli(void) { asm volatile("cli" ::: "memory"); }
static inline void hlt(void) { asm volatile("hlt" ::: "memory"); }

/*
 * Exception-safe instructions.  An instruction placed with GUEST_ASM_SAFE
 * does not kill the guest when it faults: the exception handler finds its
 * address in the ex_table section, resumes after it, and leaves the
 * vector in r10 (0 when nothing faulted) and the error code in r11.
 */
struct guest_ex_entry {
	uint64_t insn, resume;
};

#define GUEST_EX_FAULTED	0x100

#define GUEST_ASM_SAFE(insn)						\
	"xor %%r10d, %%r10d\n\t"					\
	"1: " insn "\n\t"						\
	"2:\n\t"							\
	".pushsection ex_table, \"aw\"\n\t"				\
	".balign 8\n\t"							\
	".quad 1b, 2b\n\t"						\
	".popsection\n\t"

/* Returns the vector (0 if none), like the kernel's rdmsr_safe(). */
static inline uint8_t rdmsr_safe(uint32_t msr, uint64_t *val)
{
	register uint64_t vec asm("r10");
	register uint64_t err asm("r11");
	uint32_t lo = 0, hi = 0;

	asm volatile(GUEST_ASM_SAFE("rdmsr")
		     : "=a"(lo), "=d"(hi), "=r"(vec), "=r"(err)
		     : "c"(msr)
		     : "memory");
	*val = lo | ((uint64_t)hi << 32);
	return vec ? (uint8_t)(vec & 0xff) : 0;
}

static inline uint8_t wrmsr_safe(uint32_t msr, uint64_t val)
{
	register uint64_t vec asm("r10");
	register uint64_t err asm("r11");

	asm volatile(GUEST_ASM_SAFE("wrmsr")
		     : "=r"(vec), "=r"(err)
		     : "c"(msr), "a"((uint32_t)val), "d"((uint32_t)(val >> 32))
		     : "memory");
	return vec ? (uint8_t)(vec & 0xff) : 0;
}

/* The frame the exception stubs build, in push order reversed. */
struct ex_regs {
	uint64_t rax, rcx, rdx, rbx, rbp, rsi, rdi;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t vector, error_code;
	uint64_t rip, cs, rflags, rsp, ss;
};

/*
 * A test may take over one vector (say #UD for an expected VMFUNC exit
 * test): the handler returns true if it dealt with the exception.
 */
typedef bool (*guest_ex_handler_t)(struct ex_regs *regs);
void vm_install_exception_handler(struct kvm_vm *vm, unsigned int vector,
				  guest_ex_handler_t handler);

#endif
