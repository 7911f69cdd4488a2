// SPDX-License-Identifier: GPL-2.0-only
/*
 * The rule data itself: every bit constant the model uses names the bit
 * the one table names; every rule is well formed; the version policy
 * (nearest older modelled version, an error below the oldest) holds; and
 * the vmx-flags table agrees with the one table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/unit.h"
#include "x86_64/model.h"
#include "x86_64/vmx_flags.h"
#include "../../x86_64/model/model_bits.h"

/* The model's constants against the one table's field ids. */
static const struct {
	enum vmx_msr_id msr;
	const char *id;
	uint64_t value;		/* one bit, in the MSR's own layout */
} constants[] = {
#define C(m, id, v)	{ VMX_##m, id, v }
	C(PINBASED_CTLS, "EXT_INTR_MASK", PIN_BASED_EXT_INTR_MASK),
	C(PINBASED_CTLS, "NMI_EXITING", PIN_BASED_NMI_EXITING),
	C(PINBASED_CTLS, "VIRTUAL_NMIS", PIN_BASED_VIRTUAL_NMIS),
	C(PINBASED_CTLS, "VMX_PREEMPTION_TIMER", PIN_BASED_VMX_PREEMPTION_TIMER),
	C(PINBASED_CTLS, "POSTED_INTR", PIN_BASED_POSTED_INTR),
	C(PROCBASED_CTLS, "INTR_WINDOW_EXITING", CPU_BASED_INTR_WINDOW_EXITING),
	C(PROCBASED_CTLS, "USE_TSC_OFFSETTING", CPU_BASED_USE_TSC_OFFSETTING),
	C(PROCBASED_CTLS, "HLT_EXITING", CPU_BASED_HLT_EXITING),
	C(PROCBASED_CTLS, "INVLPG_EXITING", CPU_BASED_INVLPG_EXITING),
	C(PROCBASED_CTLS, "MWAIT_EXITING", CPU_BASED_MWAIT_EXITING),
	C(PROCBASED_CTLS, "RDPMC_EXITING", CPU_BASED_RDPMC_EXITING),
	C(PROCBASED_CTLS, "RDTSC_EXITING", CPU_BASED_RDTSC_EXITING),
	C(PROCBASED_CTLS, "CR3_LOAD_EXITING", CPU_BASED_CR3_LOAD_EXITING),
	C(PROCBASED_CTLS, "CR3_STORE_EXITING", CPU_BASED_CR3_STORE_EXITING),
	C(PROCBASED_CTLS, "ACTIVATE_TERTIARY_CONTROLS", CPU_BASED_ACTIVATE_TERTIARY_CONTROLS),
	C(PROCBASED_CTLS, "CR8_LOAD_EXITING", CPU_BASED_CR8_LOAD_EXITING),
	C(PROCBASED_CTLS, "CR8_STORE_EXITING", CPU_BASED_CR8_STORE_EXITING),
	C(PROCBASED_CTLS, "TPR_SHADOW", CPU_BASED_TPR_SHADOW),
	C(PROCBASED_CTLS, "NMI_WINDOW_EXITING", CPU_BASED_NMI_WINDOW_EXITING),
	C(PROCBASED_CTLS, "MOV_DR_EXITING", CPU_BASED_MOV_DR_EXITING),
	C(PROCBASED_CTLS, "UNCOND_IO_EXITING", CPU_BASED_UNCOND_IO_EXITING),
	C(PROCBASED_CTLS, "USE_IO_BITMAPS", CPU_BASED_USE_IO_BITMAPS),
	C(PROCBASED_CTLS, "MONITOR_TRAP_FLAG", CPU_BASED_MONITOR_TRAP_FLAG),
	C(PROCBASED_CTLS, "USE_MSR_BITMAPS", CPU_BASED_USE_MSR_BITMAPS),
	C(PROCBASED_CTLS, "MONITOR_EXITING", CPU_BASED_MONITOR_EXITING),
	C(PROCBASED_CTLS, "PAUSE_EXITING", CPU_BASED_PAUSE_EXITING),
	C(PROCBASED_CTLS, "ACTIVATE_SECONDARY_CONTROLS", CPU_BASED_ACTIVATE_SECONDARY_CONTROLS),
	C(PROCBASED_CTLS2, "VIRTUALIZE_APIC_ACCESSES", SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES),
	C(PROCBASED_CTLS2, "ENABLE_EPT", SECONDARY_EXEC_ENABLE_EPT),
	C(PROCBASED_CTLS2, "DESC", SECONDARY_EXEC_DESC),
	C(PROCBASED_CTLS2, "ENABLE_RDTSCP", SECONDARY_EXEC_ENABLE_RDTSCP),
	C(PROCBASED_CTLS2, "VIRTUALIZE_X2APIC_MODE", SECONDARY_EXEC_VIRTUALIZE_X2APIC_MODE),
	C(PROCBASED_CTLS2, "ENABLE_VPID", SECONDARY_EXEC_ENABLE_VPID),
	C(PROCBASED_CTLS2, "WBINVD_EXITING", SECONDARY_EXEC_WBINVD_EXITING),
	C(PROCBASED_CTLS2, "UNRESTRICTED_GUEST", SECONDARY_EXEC_UNRESTRICTED_GUEST),
	C(PROCBASED_CTLS2, "APIC_REGISTER_VIRT", SECONDARY_EXEC_APIC_REGISTER_VIRT),
	C(PROCBASED_CTLS2, "VIRTUAL_INTR_DELIVERY", SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY),
	C(PROCBASED_CTLS2, "PAUSE_LOOP_EXITING", SECONDARY_EXEC_PAUSE_LOOP_EXITING),
	C(PROCBASED_CTLS2, "RDRAND_EXITING", SECONDARY_EXEC_RDRAND_EXITING),
	C(PROCBASED_CTLS2, "ENABLE_INVPCID", SECONDARY_EXEC_ENABLE_INVPCID),
	C(PROCBASED_CTLS2, "ENABLE_VMFUNC", SECONDARY_EXEC_ENABLE_VMFUNC),
	C(PROCBASED_CTLS2, "SHADOW_VMCS", SECONDARY_EXEC_SHADOW_VMCS),
	C(PROCBASED_CTLS2, "ENCLS_EXITING", SECONDARY_EXEC_ENCLS_EXITING),
	C(PROCBASED_CTLS2, "RDSEED_EXITING", SECONDARY_EXEC_RDSEED_EXITING),
	C(PROCBASED_CTLS2, "ENABLE_PML", SECONDARY_EXEC_ENABLE_PML),
	C(PROCBASED_CTLS2, "EPT_VIOLATION_VE", SECONDARY_EXEC_EPT_VIOLATION_VE),
	C(PROCBASED_CTLS2, "PT_CONCEAL_VMX", SECONDARY_EXEC_PT_CONCEAL_VMX),
	C(PROCBASED_CTLS2, "ENABLE_XSAVES", SECONDARY_EXEC_ENABLE_XSAVES),
	C(PROCBASED_CTLS2, "MODE_BASED_EPT_EXEC", SECONDARY_EXEC_MODE_BASED_EPT_EXEC),
	C(PROCBASED_CTLS2, "PT_USE_GPA", SECONDARY_EXEC_PT_USE_GPA),
	C(PROCBASED_CTLS2, "TSC_SCALING", SECONDARY_EXEC_TSC_SCALING),
	C(PROCBASED_CTLS2, "ENABLE_USR_WAIT_PAUSE", SECONDARY_EXEC_ENABLE_USR_WAIT_PAUSE),
	C(PROCBASED_CTLS2, "BUS_LOCK_DETECTION", SECONDARY_EXEC_BUS_LOCK_DETECTION),
	C(PROCBASED_CTLS2, "NOTIFY_VM_EXITING", SECONDARY_EXEC_NOTIFY_VM_EXITING),
	C(EXIT_CTLS, "SAVE_DEBUG_CONTROLS", VM_EXIT_SAVE_DEBUG_CONTROLS),
	C(EXIT_CTLS, "HOST_ADDR_SPACE_SIZE", VM_EXIT_HOST_ADDR_SPACE_SIZE),
	C(EXIT_CTLS, "LOAD_IA32_PERF_GLOBAL_CTRL", VM_EXIT_LOAD_IA32_PERF_GLOBAL_CTRL),
	C(EXIT_CTLS, "ACK_INTR_ON_EXIT", VM_EXIT_ACK_INTR_ON_EXIT),
	C(EXIT_CTLS, "SAVE_IA32_PAT", VM_EXIT_SAVE_IA32_PAT),
	C(EXIT_CTLS, "LOAD_IA32_PAT", VM_EXIT_LOAD_IA32_PAT),
	C(EXIT_CTLS, "SAVE_IA32_EFER", VM_EXIT_SAVE_IA32_EFER),
	C(EXIT_CTLS, "LOAD_IA32_EFER", VM_EXIT_LOAD_IA32_EFER),
	C(EXIT_CTLS, "SAVE_VMX_PREEMPTION_TIMER", VM_EXIT_SAVE_VMX_PREEMPTION_TIMER),
	C(EXIT_CTLS, "CLEAR_BNDCFGS", VM_EXIT_CLEAR_BNDCFGS),
	C(EXIT_CTLS, "PT_CONCEAL_PIP", VM_EXIT_PT_CONCEAL_PIP),
	C(EXIT_CTLS, "CLEAR_IA32_RTIT_CTL", VM_EXIT_CLEAR_IA32_RTIT_CTL),
	C(EXIT_CTLS, "LOAD_CET_STATE", VM_EXIT_LOAD_CET_STATE),
	C(EXIT_CTLS, "SAVE_IA32_PERF_GLOBAL_CTRL", VM_EXIT_SAVE_IA32_PERF_GLOBAL_CTRL),
	C(ENTRY_CTLS, "LOAD_DEBUG_CONTROLS", VM_ENTRY_LOAD_DEBUG_CONTROLS),
	C(ENTRY_CTLS, "IA32E_MODE", VM_ENTRY_IA32E_MODE),
	C(ENTRY_CTLS, "LOAD_IA32_PERF_GLOBAL_CTRL", VM_ENTRY_LOAD_IA32_PERF_GLOBAL_CTRL),
	C(ENTRY_CTLS, "LOAD_IA32_PAT", VM_ENTRY_LOAD_IA32_PAT),
	C(ENTRY_CTLS, "LOAD_IA32_EFER", VM_ENTRY_LOAD_IA32_EFER),
	C(ENTRY_CTLS, "LOAD_BNDCFGS", VM_ENTRY_LOAD_BNDCFGS),
	C(ENTRY_CTLS, "PT_CONCEAL_PIP", VM_ENTRY_PT_CONCEAL_PIP),
	C(ENTRY_CTLS, "LOAD_IA32_RTIT_CTL", VM_ENTRY_LOAD_IA32_RTIT_CTL),
	C(ENTRY_CTLS, "LOAD_CET_STATE", VM_ENTRY_LOAD_CET_STATE),
	C(EPT_VPID_CAP, "EPT_EXECUTE_ONLY", VMX_EPT_EXECUTE_ONLY_BIT),
	C(EPT_VPID_CAP, "EPT_PAGE_WALK_4", VMX_EPT_PAGE_WALK_4_BIT),
	C(EPT_VPID_CAP, "EPT_PAGE_WALK_5", VMX_EPT_PAGE_WALK_5_BIT),
	C(EPT_VPID_CAP, "EPT_MT_WB", VMX_EPTP_WB_BIT),
	C(EPT_VPID_CAP, "EPT_2MB_PAGE", VMX_EPT_2MB_PAGE_BIT),
	C(EPT_VPID_CAP, "EPT_1GB_PAGE", VMX_EPT_1GB_PAGE_BIT),
	C(EPT_VPID_CAP, "INVEPT", VMX_EPT_INVEPT_BIT),
	C(EPT_VPID_CAP, "EPT_AD", VMX_EPT_AD_BIT),
	C(EPT_VPID_CAP, "EPT_ADVANCED_EXIT_INFO", VMX_EPT_ADVANCED_VMEXIT_INFO_BIT),
	C(EPT_VPID_CAP, "INVEPT_SINGLE_CONTEXT", VMX_EPT_EXTENT_CONTEXT_BIT),
	C(EPT_VPID_CAP, "INVEPT_ALL_CONTEXT", VMX_EPT_EXTENT_GLOBAL_BIT),
	C(EPT_VPID_CAP, "INVVPID", (uint64_t)VMX_VPID_INVVPID_BIT << 32),
	C(EPT_VPID_CAP, "INVVPID_INDIVIDUAL_ADDR", (uint64_t)VMX_VPID_EXTENT_INDIVIDUAL_ADDR_BIT << 32),
	C(EPT_VPID_CAP, "INVVPID_SINGLE_CONTEXT", (uint64_t)VMX_VPID_EXTENT_SINGLE_CONTEXT_BIT << 32),
	C(EPT_VPID_CAP, "INVVPID_ALL_CONTEXT", (uint64_t)VMX_VPID_EXTENT_GLOBAL_CONTEXT_BIT << 32),
	C(EPT_VPID_CAP, "INVVPID_SINGLE_NON_GLOBAL", (uint64_t)VMX_VPID_EXTENT_SINGLE_NON_GLOBAL_BIT << 32),
	C(BASIC, "PHYS_ADDR_32BIT", VMX_BASIC_32BIT_PHYS_ADDR_ONLY),
	C(BASIC, "INOUT", VMX_BASIC_INOUT),
	C(BASIC, "TRUE_CTLS", VMX_BASIC_TRUE_CTLS),
	C(BASIC, "NO_HW_ERROR_CODE_CC", VMX_BASIC_NO_HW_ERROR_CODE_CC),
	C(MISC, "SAVE_EFER_LMA", VMX_MISC_SAVE_EFER_LMA),
	C(MISC, "ACTIVITY_HLT", VMX_MISC_ACTIVITY_HLT),
	C(MISC, "ACTIVITY_WAIT_SIPI", VMX_MISC_ACTIVITY_WAIT_SIPI),
	C(MISC, "VMWRITE_ANY_FIELD", VMX_MISC_VMWRITE_SHADOW_RO_FIELDS),
	C(VMFUNC, "EPTP_SWITCHING", VMX_VMFUNC_EPTP_SWITCHING),
	C(CR4_FIXED1, "PCE", X86_CR4_PCE),
	C(CR4_FIXED1, "UMIP", X86_CR4_UMIP),
	C(CR4_FIXED1, "VMXE", X86_CR4_VMXE),
	C(CR0_FIXED1, "PE", X86_CR0_PE),
	C(CR0_FIXED1, "NE", X86_CR0_NE),
	C(CR0_FIXED1, "PG", X86_CR0_PG),
#undef C
};

static void check_constants(void)
{
	unsigned int i, bad = 0;

	for (i = 0; i < ARRAY_SIZE(constants); i++) {
		const struct vmx_field *f = vmx_field_by_id(constants[i].msr,
							    constants[i].id);
		uint64_t v = constants[i].value;

		if (f && f->lo == f->hi && v == BIT_ULL(f->lo))
			continue;
		bad++;
		tap_diag("%s %s: the model's constant 0x%llx, the table's bit %d",
			 vmx_msr_name(constants[i].msr), constants[i].id,
			 (unsigned long long)v, f ? f->lo : -1);
	}
	if (bad)
		tap_fail("model_bits_match_the_one_table");
	else
		tap_pass("model_bits_match_the_one_table (%zu constants)",
			 ARRAY_SIZE(constants));
}

/* The modelled versions, as model_resolve_version() numbers them. */
enum { V5_10, V6_1, V6_12, V7_2 };

static bool edge_ok(struct kver_edge e)
{
	return kver_edge_none(e) || kver_cmp(e.first, e.by) <= 0;
}

/* Both edges sound, and the range holds for at least one modelled kernel. */
static bool range_ok(const struct model_rules *r, struct kver_range v)
{
	unsigned int i;

	if (!edge_ok(v.since) || !edge_ok(v.until))
		return false;
	for (i = 0; i < r->nr_versions; i++)
		if (kver_range_holds(v, r->versions[i].source, false))
			return true;
	return false;
}

static void check_rules(void)
{
	const struct model_rules *r = &model_rules_default;
	unsigned int i, v, bad = 0;

	for (i = 0; i < r->nr_nested; i++) {
		const struct nested_rule *n = &r->nested[i];
		const struct vmx_msr_info *m = vmx_msr(n->msr);

		/* non-TRUE controls are derived, never stored */
		if (!range_ok(r, n->v) || !n->mask || !n->why || !*n->why ||
		    !n->cite || (vmx_is_ctls(n->msr) && !m->is_true && m->twin >= 0) ||
		    (n->kind == NK_COPY && n->src == NS_NONE)) {
			bad++;
			tap_diag("nested rule %u (%s: %s) is malformed", i,
				 vmx_msr_name(n->msr), n->why ? n->why : "");
		}
	}
	for (i = 0; i < r->nr_ctl; i++)
		bad += !range_ok(r, r->ctl[i].v) || !r->ctl[i].bits;
	for (i = 0; i < r->nr_features; i++)
		bad += !range_ok(r, r->features[i].v) || !r->features[i].cite;
	for (i = 0; i < r->nr_vcpu_ctl2; i++)
		bad += !range_ok(r, r->vcpu_ctl2[i].v);
	for (i = 0; i < r->nr_cr4; i++)
		bad += !range_ok(r, r->cr4[i].v);
	/* one vCPU rule per secondary control and version at most */
	for (v = 0; v < r->nr_versions; v++) {
		uint32_t seen = 0;

		for (i = 0; i < r->nr_vcpu_ctl2; i++) {
			const struct vcpu_ctl2_rule *c = &r->vcpu_ctl2[i];

			if (!kver_range_holds(c->v, r->versions[v].source, false))
				continue;
			if (seen & BIT(c->bit)) {
				bad++;
				tap_diag("two vCPU rules for bit %u in %s", c->bit,
					 r->versions[v].name);
			}
			seen |= BIT(c->bit);
		}
	}
	if (bad)
		tap_fail("rule_tables_well_formed");
	else
		tap_pass("rule_tables_well_formed (%u nested, %u setup, %u feature, %u vCPU rules)",
			 r->nr_nested, r->nr_ctl, r->nr_features,
			 r->nr_vcpu_ctl2 + r->nr_cr4);
}

static void check_version(const char *kernel, int want, bool approx,
			  const char *in_note)
{
	bool a = false;
	char note[200];
	struct kver kv;
	int v;

	kver_parse(kernel, &kv);
	v = model_resolve_version(&model_rules_default, kv, &a, note, sizeof(note));
	if (v == want && (v < 0 || a == approx) && strstr(note, in_note)) {
		tap_pass("version_policy %s -> %s: %s", kernel,
			 v < 0 ? "error" : model_rules_default.versions[v].name, note);
	} else {
		tap_fail("version_policy %s", kernel);
		tap_diag("got %d (approximate %d): %s", v, a, note);
	}
}

static void check_prediction_note(void)
{
	static struct vmx_snapshot s;
	static struct model_result r;
	struct model_opts o = { .have_kver = true };
	char **paths, err[300];
	unsigned int n, i;
	int ret;

	n = unit_list_dumps(&paths);
	for (i = 0; i < n; i++) {
		if (strstr(paths[i], "09_core-i7-6700k"))
			unit_load(&s, paths[i]);
		free(paths[i]);
	}
	free(paths);
	kver_parse("6.5.13", &o.kver);
	ret = model_predict(&s, &o, &r, err, sizeof(err));
	if (!ret && r.approximate && !strcmp(r.version, "6.1") &&
	    strstr(r.version_note, "approximation"))
		tap_pass("predict_6.5_uses_6.1: %s", r.version_note);
	else
		tap_fail("predict_6.5_uses_6.1");
	kver_parse("4.19", &o.kver);
	ret = model_predict(&s, &o, &r, err, sizeof(err));
	if (ret && strstr(err, "older than the oldest modelled version (5.10)"))
		tap_pass("predict_4.19_refused: %s", err);
	else
		tap_fail("predict_4.19_refused");
	/* a parameter the model does not read is an error, not a no-op */
	{
		const char *bad[] = { "etp=0" };

		o.params = bad;
		o.nr_params = 1;
		kver_parse("6.12", &o.kver);
		ret = model_predict(&s, &o, &r, err, sizeof(err));
		if (ret && strstr(err, "'etp'"))
			tap_pass("unknown_parameter_refused: %s", err);
		else
			tap_fail("unknown_parameter_refused");
	}
}

static void check_flags_table(void)
{
	unsigned int i, j, bad = 0;

	for (i = 0; i < nr_vmx_flags; i++) {
		const struct vmx_flag *f = &vmx_flags_table[i];

		if (f->src == VFS_CTL && !vmx_ctl_field(f->msr, f->bit))
			bad++, tap_diag("flag %s: bit %u unnamed in the table", f->name, f->bit);
		if (f->src == VFS_EPT && !vmx_field_at(VMX_EPT_VPID_CAP, f->bit))
			bad++, tap_diag("flag %s: EPT bit %u unnamed", f->name, f->bit);
		for (j = 0; j < i; j++)
			if (!strcmp(f->name, vmx_flags_table[j].name))
				bad++, tap_diag("flag %s twice", f->name);
	}
	if (bad)
		tap_fail("vmx_flags_table_well_formed");
	else
		tap_pass("vmx_flags_table_well_formed (%u flags)", nr_vmx_flags);
}

/* The flags line a 6.12 kernel prints for the Skylake dump, by hand. */
static void check_flags_skylake(void)
{
	static struct vmx_snapshot s;
	struct check_list l = { 0 };
	char **paths;
	unsigned int n, i;
	/*
	 * pin 0x7f: vnmi preemption_timer; VPID cap bit 0: invvpid; EPT
	 * 0x06334141: ept_x_only ept_ad ept_1gb (no 5-level); TPR shadow and
	 * APIC accesses: flexpriority (no apicv: no APIC-register
	 * virtualization); not eptp_switching: feat_ctl.c reads the high half
	 * of VMFUNC, which is 0; primary 0xfff9fffe:
	 * tsc_offset vtpr mtf; secondary 0x001ffcff: vapic ept vpid
	 * unrestricted_guest ple shadow_vmcs pml ept_violation_ve.
	 */
	const char *line = "vnmi preemption_timer invvpid ept_x_only ept_ad ept_1gb flexpriority tsc_offset vtpr mtf vapic ept vpid unrestricted_guest ple shadow_vmcs pml ept_violation_ve";

	n = unit_list_dumps(&paths);
	for (i = 0; i < n; i++) {
		if (strstr(paths[i], "09_core-i7-6700k"))
			unit_load(&s, paths[i]);
		free(paths[i]);
	}
	free(paths);
	vmx_flags_check(line, &s.msrs[VIEW_HW], KVER(6, 12, 117), false, &l);
	if (checks_count(&l, TAP_FAIL) || checks_count(&l, TAP_PASS) < 25)
		tap_fail("vmx_flags_skylake_6.12");
	else
		tap_pass("vmx_flags_skylake_6.12 (%u flags, %u skipped)",
			 checks_count(&l, TAP_PASS), checks_count(&l, TAP_SKIP));
	check_list_free(&l);

	/* a missing flag, and a 6.12 name on 5.10, are findings */
	vmx_flags_check("vnmi preemption_timer invvpid ept_x_only ept_ad ept_1gb flexpriority tsc_offset vtpr mtf vapic ept vpid unrestricted_guest ple shadow_vmcs ept_violation_ve",
			&s.msrs[VIEW_HW], KVER(5, 10, 223), false, &l);
	if (unit_failed_with(&l, "vmx_flags.pml_matches_raw_msrs",
			     "'pml' is missing",
			     "IA32_VMX_PROCBASED_CTLS2 allowed-1 bit 17 (enable PML) is 1", NULL) &&
	    unit_failed_with(&l, "vmx_flags.names_known", "ept_violation_ve", NULL))
		tap_pass("vmx_flags_mutation_named");
	else
		tap_fail("vmx_flags_mutation_named");
	check_list_free(&l);
}

int main(void)
{
	tap_init();
	check_constants();
	check_rules();
	check_version("5.10.223", V5_10, false, "5.10.223");
	check_version("5.10.137", V5_10, false, "stable updates in between may differ");
	check_version("5.15.0", V5_10, true, "nearest older");
	check_version("6.1", V6_1, false, "6.1.192");
	check_version("6.5", V6_1, true, "approximation");
	check_version("6.12.117", V6_12, false, "6.12.117");
	check_version("7.2.13", V7_2, false, "7.2.13");
	check_version("7.9", V7_2, true, "approximation");
	check_version("4.19", -1, false, "older than the oldest");
	check_prediction_note();
	check_flags_table();
	check_flags_skylake();
	tap_finish();
}
