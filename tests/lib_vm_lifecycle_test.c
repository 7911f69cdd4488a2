// SPDX-License-Identifier: GPL-2.0-only
/*
 * VMs and vCPUs are created and torn down without leaking: a test suite
 * that leaks file descriptors or memory per VM eventually fails for
 * reasons that have nothing to do with what it checks.
 */
#include <dirent.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "kvm_util.h"
#include "ucall.h"

#define ROUNDS	5	/* enough to see a per-VM leak; each VM is costly under emulation */

static unsigned int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	unsigned int n = 0;

	TEST_ASSERT(d, "cannot list /proc/self/fd");
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

static void guest_code(void)
{
	GUEST_DONE();
}

int main(void)
{
	unsigned int before, after, i;
	struct kvm_vm *vm;
	int r;

	tap_init();
	close(kvm_open_or_skip());
	tap_plan(4);

	vm = vm_create_barebones();
	r = ioctl(vm->fd, KVM_CHECK_EXTENSION, KVM_CAP_USER_MEMORY);
	if (r > 0)
		tap_pass("vm_fd_answers_check_extension");
	else
		tap_fail("vm_fd_answers_check_extension");
	vm_free(vm);

	before = count_fds();
	for (i = 0; i < ROUNDS; i++) {
		vm = vm_create(0);
		vm_vcpu_add(vm, 0, guest_code);
		vm_vcpu_add(vm, 1, guest_code);
		vm_free(vm);
	}
	after = count_fds();
	if (before == after)
		tap_pass("create_and_free_%u_vms_leaks_no_fd", ROUNDS);
	else
		tap_fail("create_and_free_%u_vms_leaks_no_fd", ROUNDS);
	tap_diag("open file descriptors: wanted %u, got %u", before, after);

	/* Each of several vCPUs of one VM runs its own guest to the end. */
	vm = vm_create(0);
	for (i = 0; i < 3; i++)
		vm_vcpu_add(vm, i, guest_code);
	for (i = 0; i < 3; i++) {
		if (vcpu_run_ucall(vm->vcpus[i], NULL) != UCALL_DONE)
			break;
	}
	if (i == 3)
		tap_pass("three_vcpus_each_run_to_done");
	else
		tap_fail("three_vcpus_each_run_to_done");
	vm_free(vm);

	/* KVM refuses a second vCPU with the same id. */
	vm = vm_create_barebones();
	vm_vcpu_add_raw(vm, 0);
	r = ioctl(vm->fd, KVM_CREATE_VCPU, 0);
	if (r < 0 && errno == EEXIST)
		tap_pass("duplicate_vcpu_id_refused");
	else
		tap_fail("duplicate_vcpu_id_refused");
	tap_diag("KVM_CREATE_VCPU(0) again: wanted -1/EEXIST, got %d/%s", r,
		 r < 0 ? strerror(errno) : "success");
	if (r >= 0)
		close(r);
	vm_free(vm);
	tap_finish();
}
