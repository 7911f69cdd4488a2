// SPDX-License-Identifier: GPL-2.0-only
/*
 * Memory slots: guest writes land in the host memory behind the slot, the
 * host's writes are seen by the guest, overlapping slots are refused, and
 * a deleted slot is gone (a guest access there exits as MMIO).  And the
 * test image's code, which the library lends to the guest read-only
 * (KVM_MEM_READONLY slots over the process's own pages), cannot be written
 * by the guest: the write exits as MMIO, and the host's code is intact.
 */
#include "kvm_util.h"
#include "ucall.h"
#include "x86_64/processor.h"

#define EXTRA_SLOT	1
#define EXTRA_GPA	0x80000000UL	/* 2 GiB: outside the RAM slot */
#define EXTRA_SIZE	(2UL << 20)
#define PATTERN		0x5eed5eed5eed5eedULL

static void guest_code(uint64_t *extra, uint64_t n)
{
	uint64_t i, sum = 0;

	for (i = 0; i < n; i++)
		extra[i] = PATTERN ^ i;
	GUEST_SYNC(1);
	/* The host has now rewritten the first word. */
	for (i = 0; i < n; i++)
		sum += extra[i];
	GUEST_SYNC_ARGS(2, extra[0], sum);
	GUEST_DONE();
}

/* Writes its own first byte: code the library lent read-only. */
static void guest_writes_code(void)
{
	volatile uint8_t *code = (volatile uint8_t *)guest_writes_code;

	*code = *code;
	GUEST_DONE();
}

static void code_is_read_only(void)
{
	uint8_t before = *(volatile uint8_t *)guest_writes_code;
	struct kvm_vm *vm = vm_create(0);
	struct kvm_vcpu *vcpu = vm_vcpu_add(vm, 0, guest_writes_code);
	uint64_t gpa = addr_gva2gpa(vm, (uint64_t)guest_writes_code);
	struct kvm_run *run = vcpu->run;

	vcpu_run(vcpu);
	if (run->exit_reason == KVM_EXIT_MMIO && run->mmio.is_write &&
	    run->mmio.phys_addr == gpa &&
	    *(volatile uint8_t *)guest_writes_code == before)
		tap_pass("guest_write_to_its_code_exits_as_mmio");
	else
		tap_fail("guest_write_to_its_code_exits_as_mmio");
	tap_diag("exit: wanted an MMIO write at 0x%lx (the code's page, lent read-only), got %s%s at 0x%llx",
		 (unsigned long)gpa, kvm_exit_reason_str(run->exit_reason),
		 run->exit_reason == KVM_EXIT_MMIO && !run->mmio.is_write ? " (a read)" : "",
		 (unsigned long long)run->mmio.phys_addr);
	vm_free(vm);
}

int main(void)
{
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm;
	struct ucall uc;
	uint64_t *host, i, n = 512, sum = 0;
	unsigned int bad = 0;
	int r;

	tap_init();
	vm = vm_create(0);
	tap_plan(6);

	host = vm_mem_region_add(vm, EXTRA_SLOT, EXTRA_GPA, EXTRA_SIZE, 0);
	/* Identity-map the new slot so that the guest reaches it. */
	for (i = 0; i < EXTRA_SIZE; i += PAGE_SIZE)
		vm_map_page(vm, EXTRA_GPA + i, EXTRA_GPA + i);
	vcpu = vm_vcpu_add(vm, 0, guest_code);
	vcpu_args_set(vcpu, 2, EXTRA_GPA, n);

	TEST_ASSERT(vcpu_run_ucall(vcpu, &uc) == UCALL_SYNC, "no first sync");
	for (i = 0; i < n; i++)
		bad += host[i] != (PATTERN ^ i);
	if (!bad)
		tap_pass("guest_writes_reach_the_slot");
	else
		tap_fail("guest_writes_reach_the_slot");
	tap_diag("%u of %lu words differ from what the guest wrote", bad, n);

	host[0] = 42;
	for (i = 0; i < n; i++)
		sum += host[i];
	TEST_ASSERT(vcpu_run_ucall(vcpu, &uc) == UCALL_SYNC, "no second sync");
	if (uc.args[1] == 42 && uc.args[2] == sum)
		tap_pass("host_writes_reach_the_guest");
	else
		tap_fail("host_writes_reach_the_guest");
	tap_diag("guest read: wanted 42 and sum 0x%lx, got %lu and 0x%lx",
		 sum, uc.args[1], uc.args[2]);
	TEST_ASSERT(vcpu_run_ucall(vcpu, &uc) == UCALL_DONE, "no done");

	/* A slot overlapping the RAM slot must be refused. */
	r = __vm_mem_region_add(vm, 2, GUEST_RAM_BASE + PAGE_SIZE, PAGE_SIZE, 0,
				host);
	if (r == -EEXIST)
		tap_pass("overlapping_slot_refused");
	else
		tap_fail("overlapping_slot_refused");
	tap_diag("KVM_SET_USER_MEMORY_REGION overlapping: wanted -EEXIST, got %d", r);

	r = vm_mem_region_delete(vm, EXTRA_SLOT);
	if (!r)
		tap_pass("slot_deleted");
	else
		tap_fail("slot_deleted");

	/* The same guest range now has no memory behind it. */
	vcpu_args_set(vcpu, 2, EXTRA_GPA, n);
	{
		struct kvm_regs regs;

		vcpu_regs_get(vcpu, &regs);
		regs.rip = (uint64_t)guest_code;
		vcpu_regs_set(vcpu, &regs);
	}
	vcpu_run(vcpu);
	if (vcpu->run->exit_reason == KVM_EXIT_MMIO &&
	    vcpu->run->mmio.phys_addr == EXTRA_GPA && vcpu->run->mmio.is_write)
		tap_pass("access_to_deleted_slot_exits_as_mmio");
	else
		tap_fail("access_to_deleted_slot_exits_as_mmio");
	tap_diag("exit: wanted MMIO write at 0x%lx, got %s at 0x%llx",
		 EXTRA_GPA, kvm_exit_reason_str(vcpu->run->exit_reason),
		 (unsigned long long)vcpu->run->mmio.phys_addr);
	vm_free(vm);
	code_is_read_only();
	tap_finish();
}
