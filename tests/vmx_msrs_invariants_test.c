// SPDX-License-Identifier: GPL-2.0-only
/*
 * The VMX MSRs KVM reports obey the architecture: SDM Vol. 3D Appendix A,
 * rule by rule (x86_64/checks/sdm_invariants.c), on the system-fd values and on
 * a fresh vCPU's.  To L1 these values are its CPU; a value no CPU could
 * report breaks L1 hypervisors that trust the SDM.
 */
#include <unistd.h>

#include "x86_64/nested.h"
#include "x86_64/sdm_invariants.h"

int main(void)
{
	struct check_list sys_checks = { 0 }, vcpu_checks = { 0 };
	struct vmx_msr_set sys, vcpu_vals;
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm;
	unsigned int n;
	int fd;

	tap_init();
	fd = nested_open_kvm(true);
	n = sys_read_vmx_msrs(fd, &sys);
	TEST_ASSERT(n == NR_KVM_VMX_MSRS, "only %u of the VMX MSRs read", n);

	vm = vm_create_barebones();
	vcpu = vcpu_with_supported_cpuid(vm, 0);
	n = vcpu_read_vmx_msrs(vcpu, &vcpu_vals);
	TEST_ASSERT(n == NR_KVM_VMX_MSRS, "only %u VMX MSRs read on the vCPU", n);

	sdm_check_invariants(&sys, &sys_checks);
	sdm_check_invariants(&vcpu_vals, &vcpu_checks);
	check_list_append(&sys_checks, &vcpu_checks, "vcpu.");
	nested_print_checks(&sys_checks);
	check_list_free(&sys_checks);
	vm_free(vm);
	close(fd);
	tap_finish();
}
