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
		model_check_without_raw(s, read_in_guest(s),
					"the snapshot has no hardware view: nothing to predict from",
					&l);
		check_list_append(out, &l, "model.");
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
