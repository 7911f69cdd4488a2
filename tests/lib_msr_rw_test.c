// SPDX-License-Identifier: GPL-2.0-only
/*
 * vCPU MSRs with an ordinary MSR (IA32_SYSENTER_ESP): KVM_SET_MSRS then
 * KVM_GET_MSRS round-trips, the guest's RDMSR sees the host's value and
 * the host sees the guest's WRMSR.  KVM_SET_MSRS reports how many entries
 * it wrote: a batch with an MSR KVM refuses stops there, which the
 * library returns as is, so tests can tell "accepted" from "refused".
 */
#include <stdlib.h>

#include "kvm_util.h"
#include "ucall.h"
#include "x86_64/processor.h"

#define HOST_VALUE	0xffffffff81c0ffeeULL
#define GUEST_VALUE	0xffffffff8badf00dULL
#define BOGUS_MSR	0x40000200

static void guest_code(void)
{
	GUEST_SYNC_ARGS(1, rdmsr(MSR_IA32_SYSENTER_ESP));
	wrmsr(MSR_IA32_SYSENTER_ESP, GUEST_VALUE);
	GUEST_DONE();
}

int main(void)
{
	struct kvm_msrs *batch;
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm;
	struct ucall uc;
	uint64_t v;
	int r;

	tap_init();
	vm = vm_create(0);
	vcpu = vm_vcpu_add(vm, 0, guest_code);
	tap_plan(5);

	r = vcpu_set_msr(vcpu, MSR_IA32_SYSENTER_ESP, HOST_VALUE);
	TEST_ASSERT(r == 1, "KVM_SET_MSRS(SYSENTER_ESP) returned %d", r);
	r = vcpu_get_msr(vcpu, MSR_IA32_SYSENTER_ESP, &v);
	if (r == 1 && v == HOST_VALUE)
		tap_pass("set_then_get_round_trips");
	else
		tap_fail("set_then_get_round_trips");
	tap_diag("IA32_SYSENTER_ESP: wanted 0x%llx, got 0x%lx (count %d)",
		 HOST_VALUE, v, r);

	TEST_ASSERT(vcpu_run_ucall(vcpu, &uc) == UCALL_SYNC, "no sync");
	if (uc.args[1] == HOST_VALUE)
		tap_pass("guest_rdmsr_sees_host_value");
	else
		tap_fail("guest_rdmsr_sees_host_value");
	tap_diag("guest RDMSR: wanted 0x%llx, got 0x%lx", HOST_VALUE, uc.args[1]);

	TEST_ASSERT(vcpu_run_ucall(vcpu, &uc) == UCALL_DONE, "no done");
	r = vcpu_get_msr(vcpu, MSR_IA32_SYSENTER_ESP, &v);
	if (r == 1 && v == GUEST_VALUE)
		tap_pass("host_sees_guest_wrmsr");
	else
		tap_fail("host_sees_guest_wrmsr");
	tap_diag("after guest WRMSR: wanted 0x%llx, got 0x%lx", GUEST_VALUE, v);

	/* A batch of three whose middle MSR KVM refuses: count 1, not errno. */
	batch = calloc(1, sizeof(*batch) + 3 * sizeof(batch->entries[0]));
	TEST_ASSERT(batch, "out of memory");
	batch->nmsrs = 3;
	batch->entries[0] = (struct kvm_msr_entry){ .index = MSR_IA32_SYSENTER_ESP,
						    .data = HOST_VALUE };
	batch->entries[1] = (struct kvm_msr_entry){ .index = BOGUS_MSR, .data = 1 };
	batch->entries[2] = (struct kvm_msr_entry){ .index = MSR_IA32_SYSENTER_EIP,
						    .data = HOST_VALUE };
	r = vcpu_set_msrs(vcpu, batch);
	if (r == 1)
		tap_pass("refused_msr_stops_batch_with_count");
	else
		tap_fail("refused_msr_stops_batch_with_count");
	tap_diag("KVM_SET_MSRS [SYSENTER_ESP, 0x%x, SYSENTER_EIP]: wanted 1, got %d",
		 BOGUS_MSR, r);

	r = vcpu_get_msr(vcpu, MSR_IA32_SYSENTER_EIP, &v);
	if (r == 1 && v != HOST_VALUE)
		tap_pass("entries_after_refusal_not_written");
	else
		tap_fail("entries_after_refusal_not_written");
	tap_diag("IA32_SYSENTER_EIP after the stopped batch: got 0x%lx (count %d)",
		 v, r);
	free(batch);
	vm_free(vm);
	tap_finish();
}
