// SPDX-License-Identifier: GPL-2.0-only
/*
 * The model against real KVM, offline: every snapshot the emulated
 * matrix recorded in data/snapshots (KERNEL-CPU-PARAMS.json, captured by
 * real runs, never edited) goes through model_check_snapshot(), the very
 * checks nested_vs_host_test runs live.  A snapshot of a kernel that
 * refused or had nested=N is checked for that instead.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/unit.h"
#include "x86_64/model.h"

static int list_snapshots(char ***out)
{
	char dir[512];
	int n;

	snprintf(dir, sizeof(dir), "%s/snapshots", unit_data_dir());
	n = snapshot_list_dir(dir, ".json", out);
	/* none at all fails later, with the count in the message */
	return n < 0 ? 0 : n;
}

/*
 * The same comparison with one rule broken must fail on real KVM values,
 * naming the bit: MISC's "activity state HLT" no longer emulated.
 */
static void broken_rule_on(const struct vmx_snapshot *s, const char *name)
{
	static struct nested_rule nested[128];
	static struct model_result r;
	struct model_rules rules = model_rules_default;
	struct model_opts o = { .rules = &rules };
	struct check_list l = { 0 };
	char err[400];
	unsigned int i;

	TEST_ASSERT(rules.nr_nested <= ARRAY_SIZE(nested), "rule table outgrew the test");
	memcpy(nested, rules.nested, rules.nr_nested * sizeof(*nested));
	rules.nested = nested;
	for (i = 0; i < rules.nr_nested; i++)
		if (nested[i].msr == VMX_MISC && nested[i].kind == NESTED_FORCED)
			nested[i].mask &= ~BIT_ULL(6);
	if (model_predict(s, &o, &r, err, sizeof(err)))
		tap_bail("%s: %s", name, err);
	model_compare(&r, &s->msrs[VIEW_SYS], "KVM reports", NULL, &l);
	if (unit_failed_with(&l, "IA32_VMX_MISC.matches_model",
			     "bit 6 (activity state HLT): KVM reports 1, model expects 0",
			     NULL))
		tap_pass("broken_rule_caught_on_real_values %s", name);
	else
		tap_fail("broken_rule_caught_on_real_values %s", name);
	check_list_free(&l);
}

int main(void)
{
	static struct vmx_snapshot s;
	static struct model_result r;
	char **paths = NULL, err[400];
	bool broken = false;
	unsigned int n, i;

	tap_init();
	n = list_snapshots(&paths);
	if (!n)
		tap_skip_all("no snapshots in %s/snapshots yet (the emulated matrix records them)",
			     unit_data_dir());
	for (i = 0; i < n; i++) {
		const char *name = strrchr(paths[i], '/') + 1;
		struct check_list l = { 0 }, all = { 0 };
		char prefix[48];

		unit_load(&s, paths[i]);
		if (msrs_empty(&s.msrs[VIEW_SYS])) {
			/* nested=N, or kvm_intel absent: nothing to compare
			 * but the verdict */
			if (model_predict(&s, NULL, &r, err, sizeof(err)))
				tap_skip(err, "%s", name);
			else if (r.loads && r.nested)
				tap_fail("%s: KVM reports no VMX MSR, the model expects all 18", name);
			else
				tap_pass("%s: no VMX MSR, as modelled (%s)", name,
					 r.loads ? "nested=N" : r.refusal);
			free(paths[i]);
			continue;
		}
		if (model_check_snapshot(&s, &r, &l, err, sizeof(err))) {
			tap_skip(err, "%s", name);
			free(paths[i]);
			continue;
		}
		if (!broken)
			broken_rule_on(&s, name);
		broken = true;
		snprintf(prefix, sizeof(prefix), "%.40s:", name);
		check_list_append(&all, &l, prefix);
		checks_print_tap(&all);
		check_list_free(&all);
		free(paths[i]);
	}
	free(paths);
	tap_finish();
}
