// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host side of the L1 tests: the pages L1 needs for VMX (VMXON region,
 * VMCS, bitmaps, APIC pages, L2 stack...) and identity-mapped EPT tables,
 * all in guest RAM where GVA == GPA, so L1 uses the addresses directly.
 */
#include <string.h>

#include "kvm_util.h"
#include "profile.h"
#include "x86_64/l1.h"

#define EPT_RWX		7ULL
#define EPT_MT_WB	(6ULL << 3)	/* leaf memory type, SDM 29.3.7 */
#define EPT_ADDR_MASK	GENMASK_ULL(51, 12)

uint64_t vmx_pages_create(struct kvm_vm *vm, unsigned int result_pages)
{
	uint64_t gva = vm_alloc_pages(vm, 1);
	struct vmx_pages *p = addr_gva2hva(vm, gva);
	uint64_t *pages[] = {
		&p->vmxon, &p->vmcs, &p->vmcs2, &p->shadow_vmcs,
		&p->msr_bitmap, &p->io_bitmap_a, &p->io_bitmap_b,
		&p->vapic, &p->apic_access, &p->pi_desc,
		&p->vmread_bitmap, &p->vmwrite_bitmap, &p->pml, &p->eptp_list,
		&p->data[0], &p->data[1], &p->data[2], &p->data[3],
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(pages); i++)
		*pages[i] = vm_alloc_pages(vm, 1);
	/* 8 mod 16, as at a function entry: L2 code may be a C function. */
	p->l2_stack_top = vm_alloc_pages(vm, 2) + 2 * PAGE_SIZE - 8;
	if (result_pages) {
		p->results = vm_alloc_pages(vm, result_pages);
		p->results_size = result_pages * PAGE_SIZE;
	}
	return gva;
}

struct vmx_pages *vmx_pages_hva(struct kvm_vm *vm, uint64_t gva)
{
	return addr_gva2hva(vm, gva);
}

/* The EPT entry for gpa at level (4 = PML4 ... 1 = PT), creating tables. */
static uint64_t *ept_entry(struct kvm_vm *vm, uint64_t root, uint64_t gpa,
			   int target)
{
	uint64_t table = root;
	int level;

	for (level = 4; level > target; level--) {
		uint64_t *e = (uint64_t *)addr_gpa2hva(vm, table) +
			      ((gpa >> (12 + 9 * (level - 1))) & 511);

		if (!(*e & EPT_RWX))
			*e = vm_alloc_pages(vm, 1) | EPT_RWX;
		table = *e & EPT_ADDR_MASK;
	}
	return (uint64_t *)addr_gpa2hva(vm, table) + ((gpa >> 12) & 511);
}

void vmx_ept_map(struct kvm_vm *vm, uint64_t root, uint64_t gpa, uint64_t hpa)
{
	*ept_entry(vm, root, gpa, 1) =
		hpa == ~0ULL ? 0 : (hpa & EPT_ADDR_MASK) | EPT_RWX | EPT_MT_WB;
}

uint64_t vmx_ept_build(struct kvm_vm *vm)
{
	uint64_t t = prof_begin(), root = vm_alloc_pages(vm, 1), a;
	unsigned int i;

	/*
	 * Every slot, so that the tables allocated while building (they come
	 * from the RAM slot) are covered as well as everything allocated
	 * later: the test image, the page tables and the stacks all live in
	 * RAM.
	 */
	for (i = 0; i < vm->nr_regions; i++) {
		const struct kvm_userspace_memory_region *r = &vm->regions[i].r;

		for (a = r->guest_phys_addr;
		     a < r->guest_phys_addr + r->memory_size; a += PAGE_SIZE)
			vmx_ept_map(vm, root, a, a);
	}
	prof_end(PROF_MEMORY, t);
	return root;
}
