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

#include "x86_64/model.h"
#include "x86_64/nested.h"
#include "x86_64/processor.h"

/* The derived ones: not in the save/restore list (vmx_has_emulated_msr). */
static bool derived(enum vmx_msr_id id)
{
	return id == VMX_PINBASED_CTLS || id == VMX_PROCBASED_CTLS ||
	       id == VMX_EXIT_CTLS || id == VMX_ENTRY_CTLS ||
	       id == VMX_CR0_FIXED1 || id == VMX_CR4_FIXED1;
}

/* One rule: cond must hold; NVMX_BREAK inverts it to show a failure. */
static void rule(struct check_list *l, bool cond, const char *what,
		 const char *name_fmt, const char *msr)
{
	struct check *c = check_new(l, name_fmt, msr);

	if (cond == check_broken(c))
		check_fail(c, "%s: %s", msr, what);
}

int main(void)
{
	struct kvm_msr_list *features, *saved;
	struct check_list checks = { 0 };
	unsigned int i;
	uint64_t v, again;
	char what[300];
	int fd;

	tap_init();
	fd = nested_open_kvm(false);
	features = kvm_get_feature_msr_index_list(fd);
	saved = kvm_get_msr_index_list(fd);
	TEST_ASSERT(features && saved, "cannot get KVM's MSR index lists");

	for (i = 0; i < NR_KVM_VMX_MSRS; i++) {
		const struct vmx_msr_info *m = vmx_msr(i);
		int r;

		snprintf(what, sizeof(what),
			 "wanted in KVM_GET_MSR_FEATURE_INDEX_LIST, got absent: with nested=1 KVM offers all of 0x480-0x491");
		rule(&checks, kvm_msr_list_has(features, m->index), what,
		     "%s.in_feature_msr_list", m->name);

		r = kvm_get_feature_msr(fd, m->index, &v);
		snprintf(what, sizeof(what),
			 "KVM_GET_MSRS on /dev/kvm wrote %d of 1: vmx_get_feature_msr() answers every VMX MSR when nested=1",
			 r);
		rule(&checks, r == 1, what, "%s.reads_from_system_fd", m->name);
		tap_diag("%s (0x%x) = 0x%016lx", m->name, m->index, v);

		snprintf(what, sizeof(what), derived(i) ?
			 "wanted absent from KVM_GET_MSR_INDEX_LIST, got listed: it is derived, never restored" :
			 "wanted in KVM_GET_MSR_INDEX_LIST, got absent: userspace saves and restores it (emulated_msrs_all)");
		rule(&checks, kvm_msr_list_has(saved, m->index) == !derived(i), what,
		     derived(i) ? "%s.not_in_save_restore_list" :
		     "%s.in_save_restore_list", m->name);

		r = kvm_get_feature_msr(fd, m->index, &again);
		snprintf(what, sizeof(what), "a second read gave 0x%016lx, wanted 0x%016lx",
			 again, v);
		rule(&checks, r == 1 && again == v, what, "%s.stable_across_reads",
		     m->name);
	}
	{
		/*
		 * No kernel from 5.10 to 7.3 offers them; a newer one may
		 * (the FRED series adds the secondary exit controls).
		 */
		bool offered = kvm_msr_list_has(features, vmx_msr(VMX_PROCBASED_CTLS3)->index) ||
			       kvm_msr_list_has(features, vmx_msr(VMX_EXIT_CTLS2)->index);
		struct check *c = check_new(&checks, "%s.never_offered",
					    "IA32_VMX_PROCBASED_CTLS3_and_EXIT_CTLS2");
		enum model_fit fit;
		struct kver kv, at;
		char note[300];

		kv = nested_kernel_version();
		model_place_kernel(&model_rules_default, kv, KVER_UPSTREAM, &fit,
				   &at, note, sizeof(note));
		if (offered && fit == MODEL_NEWER)
			check_skip(c, "0x492 or 0x493 is in the feature-MSR list, which no kernel up to 7.3 offers; %s",
				   note);
		else if (offered != check_broken(c))
			check_fail(c, "IA32_VMX_PROCBASED_CTLS3_and_EXIT_CTLS2: 0x492 or 0x493 is in the feature-MSR list: tertiary and secondary exit controls are never offered to L1 (5.10 to 7.3)");
	}
	rule(&checks, cpuid_has(kvm_get_supported_cpuid(), X86_FEATURE_VMX),
	     "KVM_GET_SUPPORTED_CPUID lacks CPUID.1:ECX[5] (vmx) with nested=1",
	     "%s", "supported_cpuid_has_vmx");
	nested_print_checks(&checks);
	check_list_free(&checks);
	free(features);
	free(saved);
	close(fd);
	tap_finish();
}
