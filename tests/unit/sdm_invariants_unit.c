// SPDX-License-Identifier: GPL-2.0-only
/*
 * The SDM invariant checker: silent on every real dump in data/cpus/,
 * and each rule fails, naming the MSR and the bit, when a dump is edited
 * to break it.  A checker that cannot fail is worth nothing.
 */
#include <stdio.h>
#include <stdlib.h>

#include "lib/unit.h"
#include "x86_64/sdm_invariants.h"

static struct vmx_snapshot skylake;

/* Runs the checker on a copy of the Skylake values with one edit. */
static void expect_failure(const char *what, int id, uint64_t clear,
			   uint64_t set, const char *check, const char *s1,
			   const char *s2)
{
	struct vmx_msr_set m = skylake.msrs[VIEW_HW];
	struct check_list l = { 0 };

	m.val[id] = (m.val[id] & ~clear) | set;
	sdm_check_invariants(&m, &l);
	if (unit_failed_with(&l, check, s1, s2, NULL)) {
		tap_pass("mutation.%s", what);
	} else {
		tap_fail("mutation.%s", what);
		tap_diag("wanted %s to fail naming '%s' and '%s'", check, s1, s2);
	}
	check_list_free(&l);
}

int main(void)
{
	char **paths;
	unsigned int n, i, j;

	tap_init();
	n = unit_list_dumps(&paths);
	TEST_ASSERT(n >= 14, "expected the 14 dumps of data/cpus, found %u", n);

	for (i = 0; i < n; i++) {
		struct vmx_snapshot s;
		struct check_list l = { 0 };
		int view;

		unit_load(&s, paths[i]);
		view = msrs_empty(&s.msrs[VIEW_HW]) ? VIEW_SYS : VIEW_HW;
		sdm_check_invariants(&s.msrs[view], &l);
		if (checks_count(&l, TAP_FAIL) || checks_count(&l, TAP_PASS) < 10) {
			tap_fail("dump_holds_sdm_invariants %s", strrchr(paths[i], '/') + 1);
			for (j = 0; j < l.nr; j++)
				if (l.v[j].status == TAP_FAIL)
					tap_diag("%s: %s", l.v[j].name,
						 l.v[j].nr_findings ? l.v[j].findings[0].text : "");
		} else {
			tap_pass("dump_holds_sdm_invariants %s (%u held, %u skipped)",
				 strrchr(paths[i], '/') + 1, checks_count(&l, TAP_PASS),
				 checks_count(&l, TAP_SKIP));
		}
		if (strstr(paths[i], "09_core-i7-6700k"))
			skylake = s;
		check_list_free(&l);
		free(paths[i]);
	}
	free(paths);
	TEST_ASSERT(!msrs_empty(&skylake.msrs[VIEW_HW]), "no Skylake dump");

	expect_failure("must_be_1_not_allowed_1", VMX_TRUE_PINBASED_CTLS,
		       BIT_ULL(32 + 1), 0,
		       "IA32_VMX_TRUE_PINBASED_CTLS.must_be_1_bits_are_allowed_1",
		       "allowed-1 bit 1", "wanted 1, got 0");
	expect_failure("default1_cleared", VMX_PROCBASED_CTLS, BIT_ULL(26), 0,
		       "IA32_VMX_PROCBASED_CTLS.default1_class_must_be_1",
		       "allowed-0 bit 26", "wanted 1, got 0");
	expect_failure("allowed1_differs_from_true", VMX_EXIT_CTLS,
		       BIT_ULL(32 + 21), 0,
		       "IA32_VMX_EXIT_CTLS.allowed1_equals_true_msr",
		       "allowed-1 bit 21 (load IA32_EFER)", "wanted 1, got 0");
	expect_failure("true_must_be_1_not_in_non_true", VMX_TRUE_ENTRY_CTLS, 0,
		       BIT_ULL(14), "IA32_VMX_ENTRY_CTLS.allowed0_is_true_plus_default1",
		       "allowed-0 bit 14 (load IA32_PAT)", "wanted 1, got 0");
	expect_failure("basic_bit31", VMX_BASIC, 0, BIT_ULL(31),
		       "IA32_VMX_BASIC.bit31_clear", "bit 31", "wanted 0, got 1");
	expect_failure("basic_size_8k_minus_1", VMX_BASIC, VMX_BASIC_VMCS_SIZE_MASK,
		       0x1fffULL << 32, "IA32_VMX_BASIC.vmcs_size_1_to_4096",
		       "VMCS region size", "got 0x1fff");
	expect_failure("basic_size_0", VMX_BASIC, VMX_BASIC_VMCS_SIZE_MASK, 0,
		       "IA32_VMX_BASIC.vmcs_size_1_to_4096", "VMCS region size",
		       "got 0x0");
	expect_failure("basic_memtype_uc", VMX_BASIC, VMX_BASIC_MEM_TYPE_MASK, 0,
		       "IA32_VMX_BASIC.memory_type_wb", "bits 53:50 (VMCS memory type)",
		       "wanted 0x6, got 0x0");
	expect_failure("basic_reserved", VMX_BASIC, 0, BIT_ULL(46),
		       "IA32_VMX_BASIC.reserved_bits_clear", "bits 47:45", "got 0x2");
	expect_failure("cr0_fixed0_outside_fixed1", VMX_CR0_FIXED1, BIT_ULL(5), 0,
		       "IA32_VMX_CR0_FIXED0.within_fixed1",
		       "IA32_VMX_CR0_FIXED1 bit 5 (CR0.NE)", "wanted 1, got 0");
	expect_failure("cr4_fixed0_no_vmxe", VMX_CR4_FIXED0, BIT_ULL(13), 0,
		       "IA32_VMX_CR4_FIXED0.vmxe_fixed_1", "bit 13 (CR4.VMXE)",
		       "wanted 1, got 0");
	expect_failure("misc_cr3_count", VMX_MISC, VMX_MISC_CR3_TARGET_COUNT_MASK,
		       0x101ULL << 16, "IA32_VMX_MISC.cr3_target_count_valid",
		       "number of CR3-target values", "got 0x101");
	expect_failure("misc_reserved", VMX_MISC, 0, BIT_ULL(31),
		       "IA32_VMX_MISC.reserved_bits_clear", "bit 31", "wanted 0, got 1");
	expect_failure("misc_no_efer_lma_with_ug", VMX_MISC, BIT_ULL(5), 0,
		       "IA32_VMX_MISC.save_efer_lma_with_unrestricted_guest",
		       "bit 5", "wanted 1, got 0");
	expect_failure("vmcs_enum_reserved", VMX_VMCS_ENUM, 0, BIT_ULL(0),
		       "IA32_VMX_VMCS_ENUM.reserved_bits_clear", "bit 0", "got 1");
	expect_failure("secondary_without_activate", VMX_PROCBASED_CTLS,
		       BIT_ULL(63), 0,
		       "IA32_VMX_PROCBASED_CTLS2.needs_activate_secondary_controls",
		       "allowed-1 bit 31 (activate secondary controls)", "wanted 1, got 0");
	expect_failure("ept_caps_without_ept", VMX_PROCBASED_CTLS2,
		       BIT_ULL(32 + 1), 0, "IA32_VMX_EPT_VPID_CAP.ept_bits_need_enable_ept",
		       "bit 6 (EPT page-walk length 4)", "wanted 0, got 1");
	expect_failure("vpid_caps_without_vpid", VMX_PROCBASED_CTLS2,
		       BIT_ULL(32 + 5), 0, "IA32_VMX_EPT_VPID_CAP.vpid_bits_need_enable_vpid",
		       "bit 32 (INVVPID)", "wanted 0, got 1");
	expect_failure("vmfunc_without_control", VMX_PROCBASED_CTLS2,
		       BIT_ULL(32 + 13), 0, "IA32_VMX_VMFUNC.needs_enable_vm_functions",
		       "bit 0 (EPTP switching)", "wanted 0, got 1");
	expect_failure("true_msr_without_basic_bit55", VMX_BASIC, BIT_ULL(55), 0,
		       "IA32_VMX_BASIC.true_ctls_bit_set_when_true_msrs_exist",
		       "bit 55 (TRUE capability MSRs exist)", "wanted 1, got 0");
	tap_finish();
}
