// SPDX-License-Identifier: GPL-2.0-only
/*
 * The guest view: an L1 guest reads every VMX MSR with RDMSR and gets
 * exactly what userspace reads for that vCPU, including a value userspace
 * restricted; and WRMSR to any of them is refused with #GP, since the
 * MSRs are read-only to the guest (vmx_set_msr(): !host_initiated).
 */
#include <unistd.h>

#include "ucall.h"
#include "x86_64/nested.h"
#include "x86_64/processor.h"

static void guest_code(void)
{
	uint32_t i;
	uint64_t v;
	uint8_t vec;

	for (i = VMX_MSR_FIRST; i <= KVM_VMX_MSR_LAST; i++) {
		vec = rdmsr_safe(i, &v);
		GUEST_SYNC_ARGS(1, i, vec, v);
	}
	for (i = VMX_MSR_FIRST; i <= KVM_VMX_MSR_LAST; i++) {
		vec = rdmsr_safe(i, &v);
		if (!vec)
			vec = wrmsr_safe(i, v);
		GUEST_SYNC_ARGS(2, i, vec);
	}
	GUEST_DONE();
}

int main(void)
{
	struct check_list checks = { 0 };
	struct vmx_msr_set user;
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm;
	struct ucall uc;
	uint64_t pin;
	unsigned int i;
	int fd;

	tap_init();
	fd = nested_open_kvm(true);
	vm = vm_create(0);
	vcpu = vm_vcpu_add(vm, 0, guest_code);

	/*
	 * Restrict one value first: the guest must see the vCPU's value, not
	 * KVM's system-wide one.  Clearing VMX-preemption timer in the TRUE
	 * pin-based controls is accepted on every version (KVM emulates the
	 * timer, so it is always offered).
	 */
	TEST_ASSERT(vcpu_get_msr(vcpu, VMX_MSR_INDEX(VMX_TRUE_PINBASED_CTLS), &pin) == 1,
		    "cannot read IA32_VMX_TRUE_PINBASED_CTLS");
	if (pin & BIT_ULL(32 + 6))
		TEST_ASSERT(vcpu_set_msr(vcpu, VMX_MSR_INDEX(VMX_TRUE_PINBASED_CTLS),
					 pin & ~BIT_ULL(32 + 6)) == 1,
			    "clearing the preemption timer in TRUE_PINBASED was refused");
	TEST_ASSERT(vcpu_read_vmx_msrs(vcpu, &user) == NR_KVM_VMX_MSRS,
		    "cannot read the vCPU's VMX MSRs");

	for (i = 0; i < NR_KVM_VMX_MSRS; i++) {
		struct check *c = check_new(&checks, "%s.guest_rdmsr_matches_userspace",
					    vmx_msr_name(i));

		TEST_ASSERT(vcpu_run_ucall(vcpu, &uc) == UCALL_SYNC && uc.args[0] == 1,
			    "guest out of step: %s", uc.buffer);
		if (uc.args[2])
			check_fail(c, "%s: guest RDMSR faulted with vector %lu, wanted the value 0x%016lx",
				   vmx_msr_name(i), uc.args[2], msrs_get(&user, i));
		else
			/* NVMX_BREAK expects bit 0 flipped, to show a failure */
			check_value(c, i, msrs_get(&user, i) ^ check_broken(c),
				    uc.args[3],
				    "the guest reads the vCPU's value (KVM_GET_MSRS on the vCPU)");
	}
	for (i = 0; i < NR_KVM_VMX_MSRS; i++) {
		struct check *c = check_new(&checks, "%s.guest_wrmsr_gets_gp",
					    vmx_msr_name(i));

		TEST_ASSERT(vcpu_run_ucall(vcpu, &uc) == UCALL_SYNC && uc.args[0] == 2,
			    "guest out of step: %s", uc.buffer);
		if ((uc.args[2] != GP_VECTOR) != check_broken(c))
			check_fail(c, "%s: guest WRMSR of its own value: wanted #GP (vector 13), got %s %lu: vmx_set_msr() refuses guest writes",
				   vmx_msr_name(i), uc.args[2] ? "vector" : "no fault,",
				   uc.args[2]);
	}
	TEST_ASSERT(vcpu_run_ucall(vcpu, &uc) == UCALL_DONE, "no done");
	nested_print_checks(&checks);
	check_list_free(&checks);
	vm_free(vm);
	close(fd);
	tap_finish();
}
