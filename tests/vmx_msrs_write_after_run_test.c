// SPDX-License-Identifier: GPL-2.0-only
/*
 * VMX MSR writes once the vCPU has run.  Since 6.4 (do_set_msr(),
 * 0094f62c7eaa) the vCPU model is frozen: a write must keep the current
 * value.  6.4 to 6.9 accepted any same-value write without asking VMX;
 * since 6.10 (1d294dfaba8c) a same-value write still goes through
 * vmx_set_vmx_msr(), so FIXED1 and the non-TRUE controls stay refused.
 * Before 6.4 the restore rules apply after KVM_RUN as before it.
 */
#include <unistd.h>

#include "ucall.h"
#include "x86_64/kvm_behaviour.h"
#include "x86_64/nested.h"
#include "x86_64/write_probe.h"

static void guest_code(void)
{
	GUEST_DONE();
}

/* The derived MSRs refuse even their own value while VMX is consulted. */
static bool derived(enum vmx_msr_id id)
{
	return id == VMX_PINBASED_CTLS || id == VMX_PROCBASED_CTLS ||
	       id == VMX_EXIT_CTLS || id == VMX_ENTRY_CTLS ||
	       id == VMX_CR0_FIXED1 || id == VMX_CR4_FIXED1;
}

/*
 * A change the restore rules accept before the vCPU runs: for controls
 * and capability bitmaps, clear the highest allowed-1 (or set) bit; for
 * VMCS_ENUM, any other value; for FIXED0, one more fixed bit; for BASIC,
 * clear TRUE_CTLS; for MISC, clear activity HLT.
 */
static uint64_t acceptable_change(enum vmx_msr_id id, uint64_t v)
{
	uint64_t bits;

	switch (id) {
	case VMX_BASIC:
		return v & ~BIT_ULL(55);
	case VMX_MISC:
		return v & ~BIT_ULL(6);
	case VMX_CR0_FIXED0:
		return v | BIT_ULL(1);
	case VMX_CR4_FIXED0:
		return v | BIT_ULL(0);
	case VMX_VMCS_ENUM:
		return v ^ 2;
	default:
		/* controls: allowed-1 bits that are not also must-be-1 */
		bits = vmx_is_ctls(id) ?
		       v & ((uint64_t)~vmx_allowed0(v) << 32) : v;
		return bits ? v & ~BIT_ULL(63 - __builtin_clzll(bits)) : v;
	}
}

int main(void)
{
	struct check_list checks = { 0 };
	struct write_probe probe = { 0 };
	struct vmx_msr_set sys;
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm;
	struct kver kv;
	char frozen_why[300], validated_why[300], ctx[320];
	bool frozen, validated;
	unsigned int i;
	int fd;

	tap_init();
	fd = nested_setup(&kv, &sys);
	frozen = kvm_has(kv, KVM_FREEZES_MSRS_AFTER_RUN, frozen_why, sizeof(frozen_why));
	validated = kvm_has(kv, KVM_VALIDATES_SAME_VALUE_WRITES, validated_why,
			    sizeof(validated_why));

	vm = vm_create(0);
	vcpu = vm_vcpu_add(vm, 0, guest_code);
	TEST_ASSERT(vcpu_run_ucall(vcpu, NULL) == UCALL_DONE, "guest did not finish");
	probe.vcpu = vcpu;
	tap_diag("%s", frozen_why);
	tap_diag("%s", validated_why);

	for (i = 0; i < NR_KVM_VMX_MSRS; i++) {
		const char *name = vmx_msr_name(i);
		uint64_t v = probe_read(&probe, i), changed;
		struct check *c;
		enum expect same;

		ctx[0] = 0;
		if (vmx_is_ctls(i))
			probe_context_beyond(ctx, sizeof(ctx), i, v, msrs_get(&sys, i));

		/* Same value: accepted unless VMX itself refuses it. */
		c = check_new(&checks, "%s.same_value_after_run", name);
		if (*ctx)
			check_context(c, "%s", ctx);
		if (!derived(i))
			same = ACCEPTED;
		else if (frozen && !validated)
			same = ACCEPTED;	/* 6.4-6.9 skipped the VMX code */
		else
			same = REFUSED;
		probe_write(&probe, c, i, v, same, false, "current value written back",
			    derived(i) ? (same == ACCEPTED ? frozen_why : validated_why) :
			    "do_set_msr() allows writes that keep the value");

		if (derived(i))
			continue;
		changed = acceptable_change(i, v);
		c = check_new(&checks, "%s.changed_value_after_run", name);
		if (*ctx)
			check_context(c, "%s", ctx);
		if (changed == v) {
			check_skip(c, "no bit to change in 0x%016llx",
				   (unsigned long long)v);
			continue;
		}
		probe_write(&probe, c, i, changed, frozen ? REFUSED : ACCEPTED, false,
			    "changed the way restore rules allow before KVM_RUN",
			    frozen ? frozen_why :
			    "before 6.4 the restore rules apply after KVM_RUN too");
	}
	nested_print_checks(&checks);
	check_list_free(&checks);
	vm_free(vm);
	close(fd);
	tap_finish();
}
