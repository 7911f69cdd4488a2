// SPDX-License-Identifier: GPL-2.0-only
/*
 * A failed guest assertion reaches the host with the guest's file, line,
 * expression and values, and an unexpected guest exception is reported
 * with its vector and RIP instead of a silent triple fault.  Without this,
 * every guest-side check in the suite would be a guess.
 */
#include <unistd.h>

#include "kvm_util.h"
#include "ucall.h"
#include "x86_64/processor.h"

/* The guest code is ours, so the host knows where its assertion sits. */
static const unsigned int assert_line = __LINE__ + 4;

static void guest_assert(uint64_t a)
{
	GUEST_ASSERT_EQ(44, a + 1);
	GUEST_DONE();
}

static void guest_ud2(void)
{
	asm volatile("ud2");
	GUEST_DONE();
}

static void guest_safe_rdmsr(void)
{
	uint64_t v;
	uint8_t vec = rdmsr_safe(0xdeadbeef, &v);

	GUEST_SYNC_ARGS(1, vec);
	GUEST_DONE();
}

int main(void)
{
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm;
	struct ucall uc;
	uint64_t cmd;

	tap_init();
	close(kvm_open_or_skip());
	tap_plan(4);

	vm = vm_create(0);
	vcpu = vm_vcpu_add(vm, 0, guest_assert);
	vcpu_args_set(vcpu, 1, 42ULL);
	cmd = vcpu_run_ucall(vcpu, &uc);
	if (cmd == UCALL_ABORT && strstr(uc.file, "lib_guest_assert_test.c") &&
	    uc.line == assert_line)
		tap_pass("guest_assert_reports_file_and_line");
	else
		tap_fail("guest_assert_reports_file_and_line");
	tap_diag("wanted ABORT at lib_guest_assert_test.c:%u, got cmd %lu at %s:%lu",
		 assert_line, cmd, uc.file, uc.line);
	if (strstr(uc.buffer, "44 == a + 1") &&
	    strstr(uc.buffer, "Wanted 0x2c, got 0x2b"))
		tap_pass("guest_assert_reports_expression_and_values");
	else
		tap_fail("guest_assert_reports_expression_and_values");
	tap_diag("guest said: %s", uc.buffer);
	vm_free(vm);

	vm = vm_create(0);
	vcpu = vm_vcpu_add(vm, 0, guest_ud2);
	cmd = vcpu_run_ucall(vcpu, &uc);
	if (cmd == UCALL_ABORT && strstr(uc.buffer, "unexpected exception vector 6"))
		tap_pass("unexpected_exception_reported_with_vector");
	else
		tap_fail("unexpected_exception_reported_with_vector");
	tap_diag("guest said: %s", uc.buffer);
	vm_free(vm);

	/* An exception-safe RDMSR of a bogus MSR: #GP comes back as a value. */
	vm = vm_create(0);
	vcpu = vm_vcpu_add(vm, 0, guest_safe_rdmsr);
	cmd = vcpu_run_ucall(vcpu, &uc);
	if (cmd == UCALL_SYNC && uc.args[1] == GP_VECTOR)
		tap_pass("rdmsr_safe_returns_gp_vector");
	else
		tap_fail("rdmsr_safe_returns_gp_vector");
	tap_diag("rdmsr_safe(0xdeadbeef): wanted vector 13, got cmd %lu vector %lu (%s)",
		 cmd, uc.args[1], uc.buffer);
	vm_free(vm);
	tap_finish();
}
