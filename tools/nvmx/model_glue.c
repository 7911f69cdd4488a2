// SPDX-License-Identifier: GPL-2.0-only
/*
 * The model's checks on a snapshot, as nvmx check runs them offline: the
 * same model_check_snapshot() that nested_vs_host_test runs live, so a
 * file and a live host are judged alike.  A file without raw values (a
 * dump read inside an L1, a prediction) gets the KVM-nested invariants
 * only, for the kernel it names.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nvmx.h"
#include "x86_64/kvm_nested_invariants.h"
#include "x86_64/model.h"

/*
 * Values read inside an L1 may have been narrowed by the L0 VMM
 * (QEMU clears what its CPU model lacks, through vmx_set_vmx_msr()); the
 * invariants that only hold for KVM's own values are then skips.
 */
static bool read_in_guest(const struct vmx_snapshot *s)
{
	return !strcmp(s->environment, "nested-kvm");
}

/* KVM-nested invariants of a system view without the hardware's values. */
static void inv_without_raw(const struct vmx_snapshot *s, struct check_list *out)
{
	const struct model_rules *rules = &model_rules_default;
	struct kvm_inv_ctx kc = {
		.params = s->have_params ? s : NULL,
		.restricted = read_in_guest(s),
	};
	struct check_list l = { 0 };
	char note[200];
	bool approx;
	unsigned int i;
	bool fits;
	int v;

	if (s->have_kver) {
		v = model_resolve_version(rules, s->kver, &approx, note, sizeof(note));
		if (v < 0) {
			check_skip(check_new(out, "system.kvm_nested_invariants"),
				   "%s", note);
			return;
		}
		kc.version = v;
		kvm_nested_check_invariants(&s->msrs[VIEW_SYS], &kc, &l);
		check_list_append(out, &l, "system.");
		if (approx)
			check_skip(check_new(out, "system.kvm_version_exact"), "%s",
				   note);
		return;
	}
	/*
	 * The kernel is unknown (a dump from an L1 of some host): the values
	 * must fit at least one modelled version.  Report the first that
	 * fits, or the failures of the oldest when none does.
	 */
	for (i = 0; i < rules->nr_versions; i++) {
		kc.version = i;
		kvm_nested_check_invariants(&s->msrs[VIEW_SYS], &kc, &l);
		if (!checks_count(&l, TAP_FAIL))
			break;
		check_list_free(&l);
	}
	fits = i < rules->nr_versions;
	if (!fits) {
		kc.version = 0;
		kvm_nested_check_invariants(&s->msrs[VIEW_SYS], &kc, &l);
		i = 0;
	}
	check_list_append(out, &l, "system.");
	check_skip(check_new(out, "system.kvm_version_known"),
		   "the snapshot names no kernel; KVM-nested invariants checked as %s, %s",
		   rules->versions[i].name,
		   !fits ? "the oldest modelled version (no version fits)" :
		   "the first modelled version they fit");
}

/*
 * No system view.  In a dump that is just what a dump is; in a capture
 * where kvm_intel was loaded, it is KVM's answer (nested=N, say), and the
 * model must agree that KVM reports nothing.
 */
static void empty_system_view(const struct vmx_snapshot *s,
			      struct check_list *out)
{
	struct model_result *r;
	struct check *c;
	char err[400];

	if (strcmp(s->kvm_module, "kvm_intel") || msrs_empty(&s->msrs[VIEW_HW])) {
		check_skip(check_new(out, "model.system_matches_model"),
			   "the snapshot has no system view (KVM's nested values)");
		return;
	}
	c = check_new(out, "model.no_system_view_as_modelled");
	r = calloc(1, sizeof(*r));
	if (!r) {
		check_fail(c, "out of memory");
		return;
	}
	if (model_predict(s, NULL, r, err, sizeof(err)))
		check_skip(c, "the model cannot serve this snapshot: %s", err);
	else if (r->loads && r->nested)
		check_fail(c, "KVM reported no VMX MSR on the system fd, but the model (%s) expects all 18 with these parameters",
			   r->version);
	free(r);
}

void model_checks(const struct vmx_snapshot *s, struct check_list *out)
{
	struct model_result *r;
	struct check_list l = { 0 };
	char err[400];

	if (msrs_empty(&s->msrs[VIEW_SYS])) {
		empty_system_view(s, out);
		return;
	}
	if (msrs_empty(&s->msrs[VIEW_HW])) {
		check_skip(check_new(out, "model.system_matches_model"),
			   "the snapshot has no hardware view: nothing to predict from");
		inv_without_raw(s, out);
		return;
	}
	r = calloc(1, sizeof(*r));
	if (!r) {
		check_fail(check_new(out, "model.predict"), "out of memory");
		return;
	}
	if (model_check_snapshot(s, r, &l, err, sizeof(err)))
		check_skip(check_new(out, "model.system_matches_model"),
			   "the model cannot serve this snapshot: %s", err);
	else
		check_list_append(out, &l, "model.");
	check_list_free(&l);
	free(r);
}
