// SPDX-License-Identifier: GPL-2.0-only
/*
 * The KVM-nested invariant checker: silent on a correct prediction, and
 * each rule fails, naming the MSR and the bit, when one value is edited
 * to break it.  The values are the model's for the Skylake dump on 6.12
 * (checked by model_dumps_unit against the same rules).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/unit.h"
#include "x86_64/kvm_nested_invariants.h"
#include "x86_64/model.h"

#define HI(x)	((uint64_t)(x) << 32)

static struct vmx_snapshot skylake;
static struct model_result r;

struct breakage {
	const char *name;
	enum vmx_msr_id msr;
	uint64_t clear, set;
	const char *param;	/* "name=value" in the params, or NULL */
	const char *check, *s1, *s2;
};

static const struct breakage breakages[] = {
	{ "exit_lo_constant", VMX_TRUE_EXIT_CTLS, BIT(0), 0, NULL,
	  "IA32_VMX_TRUE_EXIT_CTLS.kvm_constant_must_be_1_bits",
	  "allowed-0 bit 0", "wanted 1, got 0" },
	{ "proc_tertiary_exposed", VMX_TRUE_PROCBASED_CTLS, 0, HI(BIT(17)), NULL,
	  "IA32_VMX_TRUE_PROCBASED_CTLS.kvm_allowed1_within_kvm_bound",
	  "allowed-1 bit 17 (activate tertiary controls)", "never exposes" },
	{ "pin_timer_not_emulated", VMX_TRUE_PINBASED_CTLS, HI(BIT(6)), 0, NULL,
	  "IA32_VMX_TRUE_PINBASED_CTLS.kvm_emulated_bits_allowed",
	  "allowed-1 bit 6 (activate VMX-preemption timer)", "wanted 1, got 0" },
	{ "non_true_pin", VMX_PINBASED_CTLS, BIT(1), 0, NULL,
	  "IA32_VMX_PINBASED_CTLS.kvm_non_true_is_true_plus_default1",
	  "allowed-0 bit 1", "wanted 1, got 0" },
	{ "ctls2_vid_without_hardware", VMX_PROCBASED_CTLS2, 0, HI(BIT(9)), NULL,
	  "IA32_VMX_PROCBASED_CTLS2.kvm_allowed1_within_hardware",
	  "allowed-1 bit 9 (virtual-interrupt delivery)", "wanted 0, got 1" },
	{ "exit_host_addr_space_missing", VMX_TRUE_EXIT_CTLS, HI(BIT(9)), 0, NULL,
	  "IA32_VMX_TRUE_EXIT_CTLS.kvm_required_controls_allowed",
	  "allowed-1 bit 9 (host address-space size)", "wanted 1, got 0" },
	{ "entry_pat_unpaired", VMX_TRUE_ENTRY_CTLS, HI(BIT(14)), 0, NULL,
	  "IA32_VMX_TRUE_ENTRY_CTLS.kvm_entry_exit_pairs_match",
	  "allowed-1 bit 14 (load IA32_PAT)", "wanted 1, got 0" },
	{ "ug_without_ept", VMX_PROCBASED_CTLS2, HI(BIT(1)), 0, NULL,
	  "IA32_VMX_PROCBASED_CTLS2.kvm_ug_and_pml_need_ept",
	  "allowed-1 bit 7 (unrestricted guest)", "wanted 0, got 1" },
	{ "flexpriority_without_tpr", VMX_TRUE_PROCBASED_CTLS, HI(BIT(21)), 0, NULL,
	  "IA32_VMX_PROCBASED_CTLS2.kvm_flexpriority_needs_tpr_shadow",
	  "allowed-1 bit 0 (virtualize APIC accesses)", "wanted 0, got 1" },
	{ "x2apic_without_tpr", VMX_TRUE_PROCBASED_CTLS, HI(BIT(21)), 0, NULL,
	  "IA32_VMX_PROCBASED_CTLS2.kvm_apic_virtualization_needs_tpr_shadow",
	  "allowed-1 bit 4 (virtualize x2APIC mode)", "wanted 0, got 1" },
	{ "posted_without_vid", VMX_TRUE_PINBASED_CTLS, 0, HI(BIT(7)), NULL,
	  "IA32_VMX_TRUE_PINBASED_CTLS.kvm_posted_interrupts_need_apicv",
	  "IA32_VMX_PROCBASED_CTLS2 allowed-1 bit 8", "wanted 1, got 0" },
	{ "ept_uc_reported", VMX_EPT_VPID_CAP, 0, BIT(8), NULL,
	  "IA32_VMX_EPT_VPID_CAP.kvm_ept_caps_within_kvm_bound",
	  "bit 8 (EPT paging-structure memory type UC)", "wanted 0, got 1" },
	{ "vpid_extra_cap", VMX_EPT_VPID_CAP, 0, BIT_ULL(33), NULL,
	  "IA32_VMX_EPT_VPID_CAP.kvm_vpid_caps_within_kvm_bound",
	  "bit 33", "wanted 0, got 1" },
	{ "ept_1g_not_emulated", VMX_EPT_VPID_CAP, BIT(17), 0, NULL,
	  "IA32_VMX_EPT_VPID_CAP.kvm_ept_caps_follow_enable_ept",
	  "bit 17 (EPT 1-GByte pages)", "wanted 1, got 0" },
	{ "ept_ad_without_pml", VMX_EPT_VPID_CAP, BIT(21), 0, NULL,
	  "IA32_VMX_EPT_VPID_CAP.kvm_ept_ad_matches_pml",
	  "bit 21 (EPT accessed and dirty flags)", "wanted 1, got 0" },
	{ "vpid_caps_partial", VMX_EPT_VPID_CAP, BIT_ULL(40), 0, NULL,
	  "IA32_VMX_EPT_VPID_CAP.kvm_vpid_caps_follow_enable_vpid",
	  "bit 40 (INVVPID individual-address)", "wanted 1, got 0" },
	{ "vmfunc_extra", VMX_VMFUNC, 0, BIT(1), NULL,
	  "IA32_VMX_VMFUNC.kvm_eptp_switching_only", "bit 1", "wanted 0, got 1" },
	{ "vmfunc_missing", VMX_VMFUNC, BIT(0), 0, NULL,
	  "IA32_VMX_VMFUNC.kvm_eptp_switching_with_ept_and_vmfunc",
	  "bit 0 (EPTP switching)", "wanted 1, got 0" },
	{ "ept_5level_without_hardware", VMX_EPT_VPID_CAP, 0, BIT(7), NULL,
	  "IA32_VMX_EPT_VPID_CAP.kvm_ept_caps_within_hardware",
	  "bit 7 (EPT page-walk length 5)", "wanted 0, got 1" },
	{ "basic_revision", VMX_BASIC, 0, BIT(3), NULL,
	  "IA32_VMX_BASIC.kvm_vmcs12_revision_and_layout",
	  "bits 30:0 (VMCS revision identifier)", "got 0x11e57ed8" },
	{ "basic_no_true_ctls", VMX_BASIC, BIT_ULL(55), 0, NULL,
	  "IA32_VMX_BASIC.kvm_vmcs12_size_type_true_ctls",
	  "bit 55 (TRUE capability MSRs exist)", "wanted 1, got 0" },
	{ "basic_no_inout", VMX_BASIC, BIT_ULL(54), 0, NULL,
	  "IA32_VMX_BASIC.kvm_hardware_bits_copied",
	  "bit 54 (INS/OUTS exit information)", "wanted 1, got 0" },
	{ "misc_shutdown", VMX_MISC, 0, BIT(7), NULL,
	  "IA32_VMX_MISC.kvm_within_kvm_bound",
	  "bit 7 (activity state shutdown)", "wanted 0, got 1" },
	{ "misc_no_wait_sipi", VMX_MISC, BIT(8), 0, NULL,
	  "IA32_VMX_MISC.kvm_emulated_values",
	  "bit 8 (activity state wait-for-SIPI)", "wanted 1, got 0" },
	{ "misc_efer_lma", VMX_MISC, BIT(5), 0, NULL,
	  "IA32_VMX_MISC.kvm_save_efer_lma_from_hardware", "bit 5", "wanted 1, got 0" },
	{ "cr0_fixed0_ne", VMX_CR0_FIXED0, BIT(5), 0, NULL,
	  "IA32_VMX_CR0_FIXED0.kvm_pe_ne_pg", "bit 5 (CR0.NE)", "wanted 1, got 0" },
	{ "cr4_fixed0_extra", VMX_CR4_FIXED0, 0, BIT(4), NULL,
	  "IA32_VMX_CR4_FIXED0.kvm_vmxe", "bit 4 (CR4.PSE)", "wanted 0, got 1" },
	{ "cr0_fixed1_wp", VMX_CR0_FIXED1, BIT(16), 0, NULL,
	  "IA32_VMX_CR0_FIXED1.kvm_copied_from_hardware", "bit 16 (CR0.WP)",
	  "wanted 1, got 0" },
	{ "cr4_fixed1_pks", VMX_CR4_FIXED1, 0, BIT(24), NULL,
	  "IA32_VMX_CR4_FIXED1.kvm_copied_from_hardware", "bit 24 (CR4.PKS)",
	  "wanted 0, got 1" },
	{ "vmcs_enum_old", VMX_VMCS_ENUM, 0x32, 0x2e, NULL,
	  "IA32_VMX_VMCS_ENUM.kvm_highest_vmcs12_index",
	  "bits 9:1 (highest VMCS field index)", "wanted 0x19, got 0x17" },
	{ "vpid_against_param", VMX_PROCBASED_CTLS2, 0, 0, "vpid=N",
	  "IA32_VMX_PROCBASED_CTLS2.kvm_follows_param_vpid",
	  "allowed-1 bit 5 (enable VPID)", "wanted 0, got 1" },
	{ "posted_against_param", VMX_TRUE_PINBASED_CTLS, 0, HI(BIT(7)),
	  "enable_apicv=N",
	  "IA32_VMX_TRUE_PINBASED_CTLS.kvm_posted_intr_needs_param_enable_apicv",
	  "allowed-1 bit 7 (process posted interrupts)", "wanted 0, got 1" },
};

static void run(const struct vmx_msr_set *m, bool restricted,
		const struct vmx_snapshot *params, struct check_list *l)
{
	struct kvm_inv_ctx kc = { .version = r.version_index,
			      .hw = &skylake.msrs[VIEW_HW], .params = params,
			      .restricted = restricted };

	kvm_nested_check_invariants(m, &kc, l);
}

int main(void)
{
	static struct vmx_snapshot params;
	struct check_list l = { 0 };
	struct model_opts o = { .have_kver = true };
	char **paths, err[300];
	unsigned int n, i;

	tap_init();
	n = unit_list_dumps(&paths);
	for (i = 0; i < n; i++) {
		if (strstr(paths[i], "09_core-i7-6700k"))
			unit_load(&skylake, paths[i]);
		free(paths[i]);
	}
	free(paths);
	kver_parse("6.12", &o.kver);
	if (model_predict(&skylake, &o, &r, err, sizeof(err)))
		tap_bail("%s", err);

	run(&r.sys, false, &r.final_params, &l);
	if (checks_count(&l, TAP_FAIL) || checks_count(&l, TAP_PASS) < 40)
		tap_fail("prediction_holds_every_rule (%u held)", checks_count(&l, TAP_PASS));
	else
		tap_pass("prediction_holds_every_rule (%u held, %u skipped)",
			 checks_count(&l, TAP_PASS), checks_count(&l, TAP_SKIP));
	check_list_free(&l);

	for (i = 0; i < ARRAY_SIZE(breakages); i++) {
		const struct breakage *b = &breakages[i];
		struct vmx_msr_set m = r.sys;
		unsigned int j;

		m.val[b->msr] = (m.val[b->msr] & ~b->clear) | b->set;
		/* a PROCBASED_CTLS edit shows in CTLS2's checks; keep the
		 * non-TRUE twin in step so that only one rule is broken */
		if (vmx_msr(b->msr)->is_true)
			m.val[vmx_msr(b->msr)->twin] =
				m.val[b->msr] | vmx_msr(b->msr)->default1;
		params = r.final_params;
		if (b->param) {
			char name[48];

			snprintf(name, sizeof(name), "%.*s",
				 (int)(strchr(b->param, '=') - b->param), b->param);
			snap_param_set(&params, name, strchr(b->param, '=') + 1);
		}
		run(&m, false, &params, &l);
		if (unit_failed_with(&l, b->check, b->s1, b->s2, NULL)) {
			tap_pass("kni_mutation.%s", b->name);
		} else {
			tap_fail("kni_mutation.%s", b->name);
			tap_diag("wanted %s to fail naming '%s' and '%s'",
				 b->check, b->s1, b->s2);
			for (j = 0; j < l.nr; j++)
				if (l.v[j].status == TAP_FAIL)
					tap_diag("got %s: %s", l.v[j].name,
						 l.v[j].nr_findings ?
						 l.v[j].findings[0].text : "");
		}
		check_list_free(&l);
	}

	/* restricted: clearing allowed-1 bits and adding must-be-1 bits is
	 * what userspace may do; removing KVM's must-be-1 bits is not */
	{
		struct vmx_msr_set m = r.sys;

		m.val[VMX_PROCBASED_CTLS2] &= ~HI(BIT(17));
		m.val[VMX_TRUE_EXIT_CTLS] |= BIT(30);
		m.val[VMX_EXIT_CTLS] |= BIT(30);
		m.val[VMX_VMCS_ENUM] = 0;
		run(&m, true, NULL, &l);
		if (checks_count(&l, TAP_FAIL))
			tap_fail("restricted_view_accepts_restores");
		else
			tap_pass("restricted_view_accepts_restores");
		check_list_free(&l);
		m.val[VMX_TRUE_EXIT_CTLS] &= ~BIT(0);
		m.val[VMX_EXIT_CTLS] &= ~BIT(0);
		run(&m, true, NULL, &l);
		if (unit_failed_with(&l, "IA32_VMX_TRUE_EXIT_CTLS.kvm_constant_must_be_1_bits",
				     "allowed-0 bit 0", "wanted 1, got 0", NULL))
			tap_pass("restricted_view_rejects_lost_must_be_1");
		else
			tap_fail("restricted_view_rejects_lost_must_be_1");
		check_list_free(&l);
	}
	tap_finish();
}
