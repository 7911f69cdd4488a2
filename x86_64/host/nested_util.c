// SPDX-License-Identifier: GPL-2.0-only
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "x86_64/host.h"
#include "x86_64/kvm_known_bugs.h"
#include "x86_64/nested.h"
#include "x86_64/processor.h"

int nested_open_kvm(bool need_listed)
{
	struct kvm_msr_list *l;
	unsigned int i;
	int fd;

	host_require_nested_vmx();
	fd = kvm_open_or_skip();
	TEST_REQUIRE(ioctl(fd, KVM_CHECK_EXTENSION, KVM_CAP_GET_MSR_FEATURES) > 0,
		     "KVM lacks KVM_CAP_GET_MSR_FEATURES (kernel older than 4.17)");
	if (!need_listed)
		return fd;
	l = kvm_get_feature_msr_index_list(fd);
	TEST_ASSERT(l, "KVM_GET_MSR_FEATURE_INDEX_LIST failed");
	for (i = 0; i < NR_KVM_VMX_MSRS; i++) {
		if (kvm_msr_list_has(l, vmx_msrs[i].index))
			continue;
		free(l);
		tap_skip_all("%s (0x%x) is absent from KVM's feature-MSR list",
			     vmx_msrs[i].name, vmx_msrs[i].index);
	}
	free(l);
	return fd;
}

struct kver nested_kernel_version(void)
{
	struct kver kv;

	TEST_REQUIRE(!kver_from_uname(&kv, NULL, 0),
		     "cannot parse the kernel version from uname");
	return kv;
}

void nested_print_checks(struct check_list *l)
{
	struct kver kv;

	if (!kver_from_uname(&kv, NULL, 0))
		checks_mark_known_bugs(l, kv);
	checks_print_tap(l);
}

int nested_setup(struct kver *kv, struct vmx_msr_set *sys)
{
	int fd = nested_open_kvm(true);

	*kv = nested_kernel_version();
	TEST_ASSERT(sys_read_vmx_msrs(fd, sys) == NR_KVM_VMX_MSRS,
		    "cannot read the VMX MSRs from the system fd");
	return fd;
}

/* The system fd and a vCPU answer KVM_GET_MSRS the same way. */
static unsigned int read_all(int fd, struct vmx_msr_set *out)
{
	unsigned int i, n = 0;

	*out = (struct vmx_msr_set){ 0 };
	for (i = 0; i < NR_VMX_MSRS; i++) {
		uint64_t v;

		if (kvm_get_feature_msr(fd, vmx_msrs[i].index, &v) == 1) {
			msrs_set(out, i, v);
			n++;
		}
	}
	return n;
}

unsigned int sys_read_vmx_msrs(int kvm_fd, struct vmx_msr_set *out)
{
	return read_all(kvm_fd, out);
}

unsigned int vcpu_read_vmx_msrs(struct kvm_vcpu *vcpu, struct vmx_msr_set *out)
{
	return read_all(vcpu->fd, out);
}

struct kvm_vcpu *vcpu_with_supported_cpuid(struct kvm_vm *vm, unsigned int id)
{
	struct kvm_vcpu *vcpu = vm_vcpu_add_raw(vm, id);

	vcpu_set_cpuid(vcpu, kvm_get_supported_cpuid());
	return vcpu;
}
