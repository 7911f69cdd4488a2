// SPDX-License-Identifier: GPL-2.0-only
/*
 * With nested=1, KVM reports all 18 VMX capability MSRs (0x480-0x491):
 * they are in KVM_GET_MSR_FEATURE_INDEX_LIST and each reads from the
 * system fd.  Userspace saves and restores exactly 12 of them, the ones
 * KVM_GET_MSR_INDEX_LIST names (x86.c emulated_msrs_all); the non-TRUE
 * controls and the FIXED1 MSRs are derived and never restored.  The
 * tertiary controls (0x492) are never offered to L1.  KVM's supported
 * CPUID has VMX.
 */
#include <stdlib.h>
#include <unistd.h>

#include "x86_64/nested.h"
#include "x86_64/processor.h"

/* The derived ones: not in the save/restore list (vmx_has_emulated_msr). */
static bool derived(enum vmx_msr_id id)
{
	return id == VMX_PINBASED_CTLS || id == VMX_PROCBASED_CTLS ||
	       id == VMX_EXIT_CTLS || id == VMX_ENTRY_CTLS ||
	       id == VMX_CR0_FIXED1 || id == VMX_CR4_FIXED1;
}

int main(void)
{
	struct kvm_msr_list *features, *saved;
	unsigned int i;
	uint64_t v;
	int fd;

	tap_init();
	fd = nested_require(false);
	features = kvm_get_feature_msr_index_list(fd);
	saved = kvm_get_msr_index_list(fd);
	TEST_ASSERT(features && saved, "cannot get KVM's MSR index lists");
	tap_plan(4 * NR_VMX_MSRS + 2);

	for (i = 0; i < NR_VMX_MSRS; i++) {
		const struct vmx_msr_info *m = vmx_msr(i);
		int r;

		if (kvm_msr_list_has(features, m->index))
			tap_pass("%s.in_feature_msr_list", m->name);
		else
			tap_fail("%s.in_feature_msr_list", m->name);

		r = kvm_get_feature_msr(fd, m->index, &v);
		if (r == 1)
			tap_pass("%s.reads_from_system_fd", m->name);
		else
			tap_fail("%s.reads_from_system_fd", m->name);
		tap_diag("%s (0x%x): KVM_GET_MSRS on /dev/kvm returned %d (wanted 1), value 0x%016lx",
			 m->name, m->index, r, v);

		if (kvm_msr_list_has(saved, m->index) == !derived(i))
			tap_pass("%s.%s", m->name, derived(i) ?
				 "not_in_save_restore_list" : "in_save_restore_list");
		else
			tap_fail("%s.%s", m->name, derived(i) ?
				 "not_in_save_restore_list" : "in_save_restore_list");

		/* The value read twice is the same: nothing is computed per read. */
		{
			uint64_t again;

			if (kvm_get_feature_msr(fd, m->index, &again) == 1 && again == v)
				tap_pass("%s.stable_across_reads", m->name);
			else
				tap_fail("%s.stable_across_reads", m->name);
		}
	}

	if (!kvm_msr_list_has(features, 0x492) && !kvm_msr_list_has(features, 0x493))
		tap_pass("IA32_VMX_PROCBASED_CTLS3_and_EXIT_CTLS2.never_offered");
	else
		tap_fail("IA32_VMX_PROCBASED_CTLS3_and_EXIT_CTLS2.never_offered");

	if (cpuid_has(kvm_get_supported_cpuid(), X86_FEATURE_VMX))
		tap_pass("supported_cpuid_has_vmx");
	else
		tap_fail("supported_cpuid_has_vmx");
	free(features);
	free(saved);
	close(fd);
	tap_finish();
}
