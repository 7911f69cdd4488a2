// SPDX-License-Identifier: GPL-2.0-only
/*
 * CPUID: KVM_SET_CPUID2 with the supported CPUID minus chosen features;
 * KVM_GET_CPUID2 gives a table that, set on a new vCPU, comes back
 * unchanged (the save/restore round trip a VMM relies on); the chosen
 * features read back as chosen, and the guest's CPUID instruction sees
 * them.  The nested tests take features away (VMX, RDTSCP, ...) and rely
 * on KVM seeing exactly that.
 */
#include <stdlib.h>

#include "kvm_util.h"
#include "ucall.h"
#include "x86_64/processor.h"

static void guest_code(void)
{
	uint32_t a, b, c, d;

	cpuid(1, 0, &a, &b, &c, &d);
	GUEST_SYNC_ARGS(1, c, d);
	cpuid(0x80000001, 0, &a, &b, &c, &d);
	GUEST_SYNC_ARGS(2, c, d);
	GUEST_DONE();
}

/* The features the test chooses: cleared ones and one it sets. */
static const struct {
	struct x86_feature f;
	bool on;
} chosen[] = {
	{ X86_FEATURE_VMX, false },
	{ X86_FEATURE_RDTSCP, false },
	/* Offered by every x86-64 KVM, so clearing it is a real change. */
	{ X86_FEATURE_NX, false },
	{ X86_FEATURE_HYPERVISOR, true },
};

/*
 * KVM itself rewrites some CPUID bits at KVM_SET_CPUID2 and at run time
 * (OSXSAVE, APIC, OSPKE, the XSAVE sizes of leaf 0xD), and some KVM
 * flavours merge host features in (PVM does), so the table as a whole
 * need not come back bit for bit.  What must: every feature the caller
 * chose, and the leaves' presence for the features the suite uses.
 */
static void list_adjusted_leaves(struct kvm_cpuid2 *want, struct kvm_cpuid2 *got)
{
	uint32_t i;

	for (i = 0; i < want->nent; i++) {
		struct kvm_cpuid_entry2 *x = &want->entries[i];
		struct kvm_cpuid_entry2 *y = cpuid_find(got, x->function, x->index);

		if (!y)
			tap_diag("KVM dropped leaf 0x%x.%u", x->function, x->index);
		else if (x->eax != y->eax || x->ebx != y->ebx ||
			 x->ecx != y->ecx || x->edx != y->edx)
			tap_diag("KVM adjusted leaf 0x%x.%u", x->function, x->index);
	}
}

int main(void)
{
	struct kvm_cpuid2 *want, *got, *again;
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm;
	struct ucall uc;
	unsigned int i, bad = 0;

	tap_init();
	vm = vm_create(0);
	vcpu = vm_vcpu_add(vm, 0, guest_code);
	tap_plan(5);

	want = cpuid_dup(kvm_get_supported_cpuid());
	TEST_ASSERT(cpuid_has(want, X86_FEATURE_NX),
		    "KVM's supported CPUID lacks NX, which every x86-64 KVM offers");
	for (i = 0; i < ARRAY_SIZE(chosen); i++)
		TEST_ASSERT(cpuid_set_feature(want, chosen[i].f, chosen[i].on),
			    "KVM's supported CPUID lacks the leaf of %s",
			    chosen[i].f.name);
	vcpu_set_cpuid(vcpu, want);

	got = vcpu_get_cpuid(vcpu);
	for (i = 0; i < ARRAY_SIZE(chosen); i++) {
		bool on = cpuid_has(got, chosen[i].f);

		if (on != chosen[i].on)
			bad++;
		tap_diag("%s: wanted %d, got %d", chosen[i].f.name,
			 chosen[i].on, on);
	}
	if (!bad)
		tap_pass("chosen_features_read_back");
	else
		tap_fail("chosen_features_read_back");
	list_adjusted_leaves(want, got);

	{
		struct kvm_vm *vm2 = vm_create_barebones();
		struct kvm_vcpu *v2 = vm_vcpu_add_raw(vm2, 0);
		uint32_t n = 0;

		vcpu_set_cpuid(v2, got);
		again = vcpu_get_cpuid(v2);
		for (i = 0; i < got->nent; i++) {
			struct kvm_cpuid_entry2 *x = &got->entries[i];
			struct kvm_cpuid_entry2 *y = cpuid_find(again, x->function,
								x->index);

			if (!y || memcmp(&x->eax, &y->eax, 4 * sizeof(x->eax))) {
				n++;
				tap_diag("leaf 0x%x.%u changed on the second round",
					 x->function, x->index);
			}
		}
		if (!n && again->nent == got->nent)
			tap_pass("get_set_get_round_trip_is_stable");
		else
			tap_fail("get_set_get_round_trip_is_stable");
		tap_diag("entries: wanted %u, got %u", got->nent, again->nent);
		free(again);
		vm_free(vm2);
	}

	TEST_ASSERT(vcpu_run_ucall(vcpu, &uc) == UCALL_SYNC, "no sync 1");
	if (!(uc.args[1] & BIT(5)) && (uc.args[1] & BIT(31)))
		tap_pass("guest_cpuid_1_sees_chosen_features");
	else
		tap_fail("guest_cpuid_1_sees_chosen_features");
	tap_diag("guest CPUID.1:ECX = 0x%lx: wanted bit 5 (vmx) 0, bit 31 (hypervisor) 1",
		 uc.args[1]);

	TEST_ASSERT(vcpu_run_ucall(vcpu, &uc) == UCALL_SYNC, "no sync 2");
	if (!(uc.args[2] & BIT(27)) && !(uc.args[2] & BIT(20)))
		tap_pass("guest_cpuid_80000001_sees_chosen_features");
	else
		tap_fail("guest_cpuid_80000001_sees_chosen_features");
	tap_diag("guest CPUID.80000001:EDX = 0x%lx: wanted bit 27 (rdtscp) 0, bit 20 (nx) 0",
		 uc.args[2]);

	TEST_ASSERT(vcpu_run_ucall(vcpu, &uc) == UCALL_DONE, "no done");
	/* Idempotent: the same table again is accepted (KVM 5.19+ allows it
	 * even after KVM_RUN; before the vCPU runs, every version does). */
	free(got);
	vm_free(vm);
	vm = vm_create(0);
	vcpu = vm_vcpu_add_raw(vm, 0);
	if (!__vcpu_set_cpuid(vcpu, want) && !__vcpu_set_cpuid(vcpu, want))
		tap_pass("same_cpuid_set_twice_accepted");
	else
		tap_fail("same_cpuid_set_twice_accepted");
	free(want);
	vm_free(vm);
	tap_finish();
}
