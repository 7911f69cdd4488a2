// SPDX-License-Identifier: GPL-2.0-only
/*
 * Once L1 has executed VMXON, userspace may not change the promise: every
 * KVM_SET_MSRS of a VMX capability MSR (0x480-0x491) of that vCPU is
 * refused.  KVM's vmx_set_vmx_msr() returns -EBUSY while the vCPU is in
 * VMX operation (all of 5.10, 6.1, 6.12, 7.2), so even writing back the
 * value just read is refused.
 *
 * To show that VMXON is the cause, the same writes are made while L1 runs
 * but before its VMXON, and again after its VMXOFF: there the MSRs KVM
 * restores at all (all but the non-TRUE control MSRs and the FIXED1 ones)
 * take their own value back.  Those two rounds are diagnostics; the TAP
 * lines are the refusals after VMXON.
 *
 * Kernels 6.4 to 6.9 accept writing back a feature MSR's own value after
 * KVM_RUN without asking VMX at all (do_set_msr(); 6.10 sends it through
 * vmx_set_vmx_msr() again), so there the rule cannot be seen: skip.
 */
#include "kvm_util.h"
#include "ucall.h"
#include "x86_64/kvm_behaviour.h"
#include "x86_64/host.h"
#include "x86_64/l1.h"

enum { BEFORE_VMXON = 1, IN_VMX_OPERATION, AFTER_VMXOFF };

static void l1_guest(uint64_t pages_gva)
{
	const struct vmx_pages *p = (const struct vmx_pages *)pages_gva;
	struct vmx_caps c;
	struct vmx_ret r;
	char buf[128];

	vmx_read_caps(&c);
	vmx_prepare();
	GUEST_SYNC(BEFORE_VMXON);
	r = vmx_enable(&c, p->vmxon);
	GUEST_ASSERT_MSG(vmx_ok(r), "VMXON: %s", vmx_ret_str(r, buf, sizeof(buf)));
	GUEST_SYNC(IN_VMX_OPERATION);
	r = vmxoff();
	GUEST_ASSERT_MSG(vmx_ok(r), "VMXOFF: %s", vmx_ret_str(r, buf, sizeof(buf)));
	GUEST_SYNC(AFTER_VMXOFF);
	GUEST_DONE();
}

/* Write each MSR's own value back; counts[] gets KVM_SET_MSRS's count. */
static void write_back(struct kvm_vcpu *vcpu, int counts[NR_KVM_VMX_MSRS],
		       uint64_t vals[NR_KVM_VMX_MSRS])
{
	unsigned int id;

	for (id = 0; id < NR_KVM_VMX_MSRS; id++) {
		int r = vcpu_get_msr(vcpu, VMX_MSR_INDEX(id), &vals[id]);

		TEST_ASSERT(r == 1, "KVM_GET_MSRS(%s) returned %d",
			    vmx_msr_name(id), r);
		counts[id] = vcpu_set_msr(vcpu, VMX_MSR_INDEX(id), vals[id]);
	}
}

static void sync(struct kvm_vcpu *vcpu, uint64_t stage)
{
	struct ucall uc;

	TEST_ASSERT(vmx_run_l1(vcpu, &uc) == UCALL_SYNC && uc.args[0] == stage,
		    "L1 did not reach stage %lu", (unsigned long)stage);
}

int main(void)
{
	int before[NR_KVM_VMX_MSRS], during[NR_KVM_VMX_MSRS], after[NR_KVM_VMX_MSRS];
	uint64_t vals[NR_KVM_VMX_MSRS];
	struct kvm_vcpu *vcpu;
	struct kver kv;
	char rel[128];
	struct kvm_vm *vm;
	struct ucall uc;
	unsigned int id;
	struct l1_vm l;

	tap_init();
	host_require_nested_vmx();
	/*
	 * Where KVM freezes the MSRs after KVM_RUN but takes a write of the
	 * same value without asking VMX (6.4 to 6.9, do_set_msr()), a
	 * refusal in VMX operation cannot be seen.
	 */
	if (!kver_from_uname(&kv, rel, sizeof(rel)))
		TEST_REQUIRE(!kvm_has(kv, KVM_FREEZES_MSRS_AFTER_RUN, NULL, 0) ||
			     kvm_has(kv, KVM_VALIDATES_SAME_VALUE_WRITES, NULL, 0),
			     "kernel %s: 6.4 to 6.9 accept a feature MSR's own value after KVM_RUN without asking VMX (do_set_msr()), so the VMXON refusal cannot be seen",
			     rel);
	l1_vm_create(&l, l1_guest, 0);
	vm = l.vm;
	vcpu = l.vcpu;
	tap_plan(NR_KVM_VMX_MSRS);

	sync(vcpu, BEFORE_VMXON);
	write_back(vcpu, before, vals);
	sync(vcpu, IN_VMX_OPERATION);
	write_back(vcpu, during, vals);
	sync(vcpu, AFTER_VMXOFF);
	write_back(vcpu, after, vals);
	TEST_ASSERT(vmx_run_l1(vcpu, &uc) == UCALL_DONE, "L1 did not finish");

	for (id = 0; id < NR_KVM_VMX_MSRS; id++) {
		if (during[id] == 0)
			tap_pass("%s.set_refused_after_vmxon", vmx_msr_name(id));
		else
			tap_fail("%s.set_refused_after_vmxon", vmx_msr_name(id));
		tap_diag("KVM_SET_MSRS(%s, its own value 0x%lx): wanted 0 (refused) in VMX operation, got %d; before VMXON %d, after VMXOFF %d%s",
			 vmx_msr_name(id), (unsigned long)vals[id], during[id],
			 before[id], after[id],
			 before[id] == 0 ? " (KVM never restores this MSR)" : "");
	}
	vm_free(vm);
	tap_finish();
}
