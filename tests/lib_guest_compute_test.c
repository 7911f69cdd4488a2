// SPDX-License-Identifier: GPL-2.0-only
/*
 * A 64-bit guest computes something the host can check independently and
 * reports it through ucall: that proves the page tables, the GDT, the
 * image copy, the stack and the ucall channel all work.
 */
#include "kvm_util.h"
#include "ucall.h"
#include "x86_64/processor.h"

#define NR_PRIMES	500

static const uint64_t fnv_offset = 0xcbf29ce484222325ULL;

/* FNV-1a over the first NR_PRIMES primes: data, loops, calls, 64-bit math. */
static uint64_t primes_hash(void)
{
	uint64_t h = fnv_offset, n;
	unsigned int found = 0;

	for (n = 2; found < NR_PRIMES; n++) {
		uint64_t d;
		bool prime = true;

		for (d = 2; d * d <= n; d++) {
			if (n % d == 0) {
				prime = false;
				break;
			}
		}
		if (!prime)
			continue;
		found++;
		h ^= n;
		h *= 0x100000001b3ULL;
	}
	return h;
}

static void guest_code(uint64_t arg)
{
	GUEST_SYNC_ARGS(1, primes_hash(), arg * 3);
	GUEST_PRINTF("guest says %s %d 0x%lx", "hello", -42, 0xabcdefUL);
	GUEST_DONE();
}

int main(void)
{
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm;
	struct ucall uc;
	uint64_t cmd;

	tap_init();
	vm = vm_create(0);
	vcpu = vm_vcpu_add(vm, 0, guest_code);
	vcpu_args_set(vcpu, 1, 14ULL);
	tap_plan(3);

	cmd = vcpu_run_ucall(vcpu, &uc);
	if (cmd == UCALL_SYNC && uc.args[1] == primes_hash() && uc.args[2] == 42)
		tap_pass("guest_computes_and_syncs");
	else
		tap_fail("guest_computes_and_syncs");
	tap_diag("cmd %lu, hash wanted 0x%lx, got 0x%lx; arg*3 wanted 42, got %lu",
		 cmd, primes_hash(), uc.args[1], uc.args[2]);

	cmd = vcpu_run_ucall(vcpu, &uc);
	if (cmd == UCALL_PRINTF && !strcmp(uc.buffer, "guest says hello -42 0xabcdef"))
		tap_pass("guest_printf");
	else
		tap_fail("guest_printf");
	tap_diag("guest printed \"%s\"", uc.buffer);

	cmd = vcpu_run_ucall(vcpu, &uc);
	if (cmd == UCALL_DONE)
		tap_pass("guest_done");
	else
		tap_fail("guest_done");
	vm_free(vm);
	tap_finish();
}
