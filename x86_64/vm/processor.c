// SPDX-License-Identifier: GPL-2.0-only
/*
 * 64-bit guest set-up: page tables, GDT, IDT and TSS, the test image
 * mapped into the guest, and vCPU registers for long mode.
 */
#include <link.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "kvm_util.h"
#include "profile.h"
#include "ucall.h"
#include "x86_64/processor.h"

#define PTE_PRESENT	BIT_ULL(0)
#define PTE_WRITABLE	BIT_ULL(1)
#define PTE_LARGE	BIT_ULL(7)
#define PTE_ADDR_MASK	GENMASK_ULL(51, 12)

#define GDT_CODE64_SEL	0x08
#define GDT_DATA_SEL	0x10
#define GDT_TSS_SEL	0x18
#define NR_EXC_VECTORS	32

extern const uint64_t guest_exc_stubs[NR_EXC_VECTORS];
extern guest_ex_handler_t guest_ex_handlers[NR_EXC_VECTORS];

static uint64_t *pte_at(struct kvm_vm *vm, uint64_t table_gpa, unsigned int i)
{
	return (uint64_t *)addr_gpa2hva(vm, table_gpa) + i;
}

/*
 * Walk to the entry for gva at the given level (4 = PML4 ... 1 = PT),
 * creating tables on the way.
 */
static uint64_t *walk_create(struct kvm_vm *vm, uint64_t gva, int target)
{
	uint64_t table = vm->arch.pml4_gpa;
	int level;

	for (level = 4; level > target; level--) {
		uint64_t *e = pte_at(vm, table, (gva >> (12 + 9 * (level - 1))) & 511);

		if (!(*e & PTE_PRESENT))
			*e = vm_alloc_pages(vm, 1) | PTE_PRESENT | PTE_WRITABLE;
		TEST_ASSERT(!(*e & PTE_LARGE),
			    "gva 0x%lx already covered by a large page",
			    (unsigned long)gva);
		table = *e & PTE_ADDR_MASK;
	}
	return pte_at(vm, table, (gva >> (12 + 9 * (target - 1))) & 511);
}

void vm_map_page(struct kvm_vm *vm, uint64_t gva, uint64_t gpa)
{
	*walk_create(vm, gva, 1) = gpa | PTE_PRESENT | PTE_WRITABLE;
}

static void map_2m(struct kvm_vm *vm, uint64_t gva, uint64_t gpa)
{
	*walk_create(vm, gva, 2) = gpa | PTE_PRESENT | PTE_WRITABLE | PTE_LARGE;
}

uint64_t vm_arch_gva2gpa(struct kvm_vm *vm, uint64_t gva)
{
	uint64_t table = vm->arch.pml4_gpa;
	int level;

	for (level = 4; level >= 1; level--) {
		unsigned int shift = 12 + 9 * (level - 1);
		uint64_t *hva = addr_gpa2hva(vm, table), e;

		if (!hva)
			return ~0ULL;
		e = hva[(gva >> shift) & 511];
		if (!(e & PTE_PRESENT))
			return ~0ULL;
		if (level == 1 || (e & PTE_LARGE))
			return (e & PTE_ADDR_MASK & ~((1ULL << shift) - 1)) |
			       (gva & ((1ULL << shift) - 1));
		table = e & PTE_ADDR_MASK;
	}
	return ~0ULL;
}

/* The page-aligned bounds of a loaded segment in this process. */
static void segment_pages(const struct dl_phdr_info *info, const ElfW(Phdr) *ph,
			  uint64_t *start, uint64_t *end)
{
	*start = ALIGN_DOWN(info->dlpi_addr + ph->p_vaddr, PAGE_SIZE);
	*end = ALIGN_UP(info->dlpi_addr + ph->p_vaddr + ph->p_memsz, PAGE_SIZE);
}

/* Whether a page of [start, end) also holds part of a writable segment. */
static bool shares_writable_page(const struct dl_phdr_info *info,
				 uint64_t start, uint64_t end)
{
	int i;

	for (i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		uint64_t s, e;

		if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_W))
			continue;
		segment_pages(info, ph, &s, &e);
		if (s < end && start < e)
			return true;
	}
	return false;
}

/*
 * A read-only segment (code, constants) is lent to the guest as it is:
 * a KVM_MEM_READONLY slot over the process's own pages, mapped at the same
 * virtual addresses.  Copying it instead cost each VM about 10 ms of
 * emulated time for a static binary's ~220 pages, most of a small test's
 * set-up; and the guest cannot write its code or constants either way
 * (a write exits as MMIO, which the test reports as an unexpected exit).
 */
static void lend_segment(struct kvm_vm *vm, uint64_t start, uint64_t end)
{
	uint64_t gpa = vm->image_next, va;

	TEST_ASSERT(gpa + (end - start) <= GUEST_RAM_BASE,
		    "the test image does not fit below guest RAM");
	vm_mem_region_borrow(vm, GUEST_IMAGE_SLOT + vm->nr_regions, gpa,
			     end - start, KVM_MEM_READONLY, (void *)start);
	vm->image_next = gpa + (end - start);
	for (va = start; va < end; va += PAGE_SIZE)
		vm_map_page(vm, va, gpa + (va - start));
}

/* A writable segment is the guest's own copy, page by page, in RAM. */
static void copy_segment(struct kvm_vm *vm, uint64_t start, uint64_t end)
{
	uint64_t va;

	for (va = start; va < end; va += PAGE_SIZE) {
		uint64_t gpa = vm_arch_gva2gpa(vm, va);

		if (gpa == ~0ULL) {
			gpa = vm_alloc_pages(vm, 1);
			vm_map_page(vm, va, gpa);
		}
		memcpy(addr_gpa2hva(vm, gpa), (void *)va, PAGE_SIZE);
	}
}

/*
 * Each loaded segment of the test binary, at its own virtual addresses.
 * A read-only segment sharing a page with a writable one (a layout linkers
 * avoid) is copied: the guest's writes to that page must not reach the
 * lent, read-only pages.
 */
static int load_image_cb(struct dl_phdr_info *info, size_t size, void *data)
{
	struct kvm_vm *vm = data;
	int i;

	(void)size;
	for (i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		uint64_t start, end;

		if (ph->p_type != PT_LOAD)
			continue;
		segment_pages(info, ph, &start, &end);
		if (!(ph->p_flags & PF_W) &&
		    !shares_writable_page(info, start, end))
			lend_segment(vm, start, end);
		else
			copy_segment(vm, start, end);
	}
	return 1;	/* the first object is the executable itself */
}

struct gdt_desc {
	uint16_t limit0, base0;
	uint8_t base1, access, limit1_flags, base2;
} __attribute__((packed));

struct gdt_sys_desc {
	struct gdt_desc lo;
	uint32_t base3, zero;
} __attribute__((packed));

struct idt_gate {
	uint16_t off0, sel;
	uint8_t ist, type_attr;
	uint16_t off1;
	uint32_t off2, zero;
} __attribute__((packed));

static void setup_gdt_idt_tss(struct kvm_vm *vm)
{
	struct gdt_desc *gdt;
	struct gdt_sys_desc *tss;
	struct idt_gate *idt;
	unsigned int v;

	vm->arch.gdt_gpa = vm_alloc_pages(vm, 1);
	vm->arch.idt_gpa = vm_alloc_pages(vm, 1);
	vm->arch.tss_gpa = vm_alloc_pages(vm, 1);

	gdt = addr_gpa2hva(vm, vm->arch.gdt_gpa);
	/* 64-bit code: present, DPL 0, execute/read, accessed; L=1, G=1. */
	gdt[GDT_CODE64_SEL / 8] = (struct gdt_desc){
		.limit0 = 0xffff, .access = 0x9b, .limit1_flags = 0xaf };
	/* Data: present, read/write, accessed; D/B=1, G=1. */
	gdt[GDT_DATA_SEL / 8] = (struct gdt_desc){
		.limit0 = 0xffff, .access = 0x93, .limit1_flags = 0xcf };
	/* 64-bit busy TSS, as VM entry wants TR to be. */
	tss = (struct gdt_sys_desc *)&gdt[GDT_TSS_SEL / 8];
	*tss = (struct gdt_sys_desc){
		.lo = { .limit0 = 0x67, .base0 = vm->arch.tss_gpa & 0xffff,
			.base1 = (vm->arch.tss_gpa >> 16) & 0xff, .access = 0x8b,
			.base2 = (vm->arch.tss_gpa >> 24) & 0xff },
		.base3 = vm->arch.tss_gpa >> 32 };

	idt = addr_gpa2hva(vm, vm->arch.idt_gpa);
	for (v = 0; v < NR_EXC_VECTORS; v++) {
		uint64_t a = guest_exc_stubs[v];

		idt[v] = (struct idt_gate){
			.off0 = a & 0xffff, .sel = GDT_CODE64_SEL,
			.type_attr = 0x8e, /* present, DPL 0, interrupt gate */
			.off1 = (a >> 16) & 0xffff, .off2 = a >> 32 };
	}
}

void vm_arch_setup(struct kvm_vm *vm)
{
	uint64_t a, t = prof_begin();

	vm->arch.pml4_gpa = vm_alloc_pages(vm, 1);
	/* Identity map all of RAM, so that GVA == GPA for allocations. */
	for (a = GUEST_RAM_BASE; a < vm->ram_end; a += 2UL << 20)
		map_2m(vm, a, a);
	prof_end(PROF_MEMORY, t);
	t = prof_begin();
	dl_iterate_phdr(load_image_cb, vm);
	prof_end(PROF_IMAGE, t);
	t = prof_begin();
	setup_gdt_idt_tss(vm);
	prof_end(PROF_MEMORY, t);
}

static void set_seg(struct kvm_segment *s, uint16_t sel, uint8_t type,
		    bool code)
{
	*s = (struct kvm_segment){
		.base = 0, .limit = 0xffffffff, .selector = sel, .type = type,
		.present = 1, .dpl = 0, .db = !code, .s = 1, .l = code,
		.g = 1,
	};
}

/* Where a guest function that returns lands: report it, don't run off. */
static void __attribute__((used)) guest_code_returned(void)
{
	ucall(UCALL_DONE, 0);
	for (;;)
		hlt();
}

void vcpu_arch_setup(struct kvm_vcpu *vcpu, void *guest_code)
{
	struct kvm_vm *vm = vcpu->vm;
	struct kvm_sregs sregs;
	struct kvm_regs regs = { 0 };
	uint64_t stack = vm_alloc_pages(vm, GUEST_STACK_PAGES);
	uint64_t *top;

	vcpu_set_cpuid(vcpu, kvm_get_supported_cpuid());
	vcpu_sregs_get(vcpu, &sregs);
	set_seg(&sregs.cs, GDT_CODE64_SEL, 0xb, true);
	set_seg(&sregs.ds, GDT_DATA_SEL, 0x3, false);
	sregs.es = sregs.fs = sregs.gs = sregs.ss = sregs.ds;
	sregs.tr = (struct kvm_segment){
		.base = vm->arch.tss_gpa, .limit = 0x67, .selector = GDT_TSS_SEL,
		.type = 0xb, .present = 1 };
	sregs.ldt = (struct kvm_segment){ .unusable = 1, .type = 0x2,
					  .present = 1 };
	sregs.gdt.base = vm->arch.gdt_gpa;
	sregs.gdt.limit = GDT_TSS_SEL + 15;
	sregs.idt.base = vm->arch.idt_gpa;
	sregs.idt.limit = NR_EXC_VECTORS * 16 - 1;
	sregs.cr0 = X86_CR0_PE | X86_CR0_MP | X86_CR0_ET | X86_CR0_NE |
		    X86_CR0_WP | X86_CR0_AM | X86_CR0_PG;
	sregs.cr4 = X86_CR4_PAE | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT;
	sregs.cr3 = vm->arch.pml4_gpa;
	sregs.efer = EFER_LME | EFER_LMA;
	vcpu_sregs_set(vcpu, &sregs);

	/*
	 * The stack top holds a return address, as if guest_code had been
	 * called; RSP is then 8 mod 16, as the ABI wants at a function entry.
	 */
	top = addr_gpa2hva(vm, stack + GUEST_STACK_PAGES * PAGE_SIZE - 8);
	*top = (uint64_t)guest_code_returned;
	regs.rsp = stack + GUEST_STACK_PAGES * PAGE_SIZE - 8;
	regs.rip = (uint64_t)guest_code;
	regs.rflags = 0x2;
	vcpu_regs_set(vcpu, &regs);
}

void vm_install_exception_handler(struct kvm_vm *vm, unsigned int vector,
				  guest_ex_handler_t handler)
{
	guest_ex_handler_t *slot;

	TEST_ASSERT(vector < NR_EXC_VECTORS, "vector %u out of range", vector);
	slot = addr_gva2hva(vm, (uint64_t)&guest_ex_handlers[vector]);
	*slot = handler;
}

void vcpu_sregs_get(struct kvm_vcpu *vcpu, struct kvm_sregs *sregs)
{
	TEST_ASSERT(!ioctl(vcpu->fd, KVM_GET_SREGS, sregs), "KVM_GET_SREGS failed");
}

void vcpu_sregs_set(struct kvm_vcpu *vcpu, struct kvm_sregs *sregs)
{
	TEST_ASSERT(!ioctl(vcpu->fd, KVM_SET_SREGS, sregs), "KVM_SET_SREGS failed");
}

uint64_t vcpu_arch_ip(struct kvm_vcpu *vcpu)
{
	struct kvm_regs regs;

	vcpu_regs_get(vcpu, &regs);
	return regs.rip;
}

void vcpu_args_set(struct kvm_vcpu *vcpu, unsigned int n, ...)
{
	struct kvm_regs regs;
	__u64 *slots[] = { &regs.rdi, &regs.rsi, &regs.rdx,
			      &regs.rcx, &regs.r8, &regs.r9 };
	va_list ap;
	unsigned int i;

	TEST_ASSERT(n <= ARRAY_SIZE(slots), "at most 6 guest arguments");
	vcpu_regs_get(vcpu, &regs);
	va_start(ap, n);
	for (i = 0; i < n; i++)
		*slots[i] = va_arg(ap, uint64_t);
	va_end(ap);
	vcpu_regs_set(vcpu, &regs);
}
