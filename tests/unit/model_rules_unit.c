// SPDX-License-Identifier: GPL-2.0-only
/*
 * The rule data itself: every rule is well formed; the version policy
 * (nearest older modelled version, an error below the oldest) holds; and
 * the vmx-flags table agrees with the one table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/unit.h"
#include "x86_64/model.h"
#include "x86_64/vmx_flags.h"

/* The modelled versions, as model_resolve_version() numbers them. */
enum { V5_10, V6_1, V6_12, V6_16, V6_17, V6_18, V7_2, V7_3 };

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
		    (n->kind == NESTED_COPY && n->src == SRC_NONE)) {
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
	if (!ret && r.approximate && r.fit == MODEL_BETWEEN &&
	    !strcmp(r.version, "6.1") && !kver_cmp(r.rules_kv, KVER(6, 5, 13)) &&
	    strstr(r.version_note, "between 6.1 and 6.12"))
		tap_pass("predict_6.5_is_between_6.1_and_6.12: %s", r.version_note);
	else
		tap_fail("predict_6.5_is_between_6.1_and_6.12");
	kver_parse("4.19", &o.kver);
	ret = model_predict(&s, &o, &r, err, sizeof(err));
	if (ret && strstr(err, "older than the oldest modelled series (5.10)"))
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
	check_rules();
	check_version("5.10.223", V5_10, false, "5.10.223");
	check_version("5.10.137", V5_10, false, "stable updates in between may differ");
	check_version("5.15.0", V5_10, true, "between 5.10 and 6.1");
	check_version("6.1", V6_1, false, "6.1.192");
	check_version("6.5", V6_1, true, "'either'");
	check_version("6.12.117", V6_12, false, "6.12.117");
	check_version("6.14", V6_12, true, "between 6.12 and 6.16");
	check_version("6.18.15", V6_18, false, "rules of 6.18 (upstream history");
	check_version("7.2.13", V7_2, false, "7.2.13");
	check_version("7.3.4", V7_3, false, "7.3.4");
	check_version("7.9", V7_3, true, "newer than the model (7.3)");
	check_version("4.19", -1, false, "older than the oldest");
	check_prediction_note();
	check_flags_table();
	check_flags_skylake();
	tap_finish();
}
