// SPDX-License-Identifier: GPL-2.0-only
/*
 * The model over every real dump of data/cpus: for each modelled kernel
 * and each default parameter set, the prediction must be a valid CPU as
 * far as L1 can tell (SDM invariants) and obey every rule KVM's nested
 * values obey (kvm_nested_invariants.c, a second reading of the source).
 * Each dump also gets a load verdict per kernel, checked against the
 * verdicts derived by hand below.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/unit.h"
#include "x86_64/kvm_nested_invariants.h"
#include "x86_64/model.h"
#include "x86_64/sdm_invariants.h"

static const char *const param_sets[][2] = {
	{ NULL }, { "ept=0" }, { "vpid=0" }, { "unrestricted_guest=0" },
	{ "eptad=0" }, { "enable_apicv=0" }, { "enable_shadow_vmcs=0" },
	{ "flexpriority=0" }, { "ept=0", "vpid=0" },
};

static const char *const kernels[] = { "5.10", "6.1", "6.12", "7.2" };

/*
 * Load verdicts, derived from the dumps by hand with the sources:
 *
 * Yonah (Core Duo T2600): PROCBASED_CTLS allowed-1 is 0x7781fffe, bits 19
 * and 20 (CR8-load/store exiting) are 0, and every version requires them
 * on a 64-bit kernel (setup_vmcs_config() min, #ifdef CONFIG_X86_64).
 * (Yonah has no long mode at all: a 64-bit kernel would not boot; the
 * verdict is what kvm_intel's code says.)
 *
 * Conroe, VIA L4700, Zhaoxin KX-U5581: allowed-1 0x77b9fffe / 0x77f9fffe
 * has every required primary control (2, 3, 7, 9-11, 15, 16, 19, 20, 23,
 * 24, 29); EXIT_CTLS 0x3efff has 2, 9 and 15; PINBASED 0x1f/0x3f has 0
 * and 3; ENTRY_CTLS 0x1fff has 2 and 9; BASIC: size 0x400, bit 48 clear,
 * memory type 6.  Without secondary controls ept is N, and 6.1+ then need
 * NX, which these CPUs have.  So kvm_intel loads, contrary to what the
 * issue expected: nothing in any of the four sources refuses them.
 *
 * Every CPU from Penryn on has everything required: loads.
 */
static bool expect_refusal(const char *dump)
{
	return strstr(dump, "yonah") != NULL;
}

/*
 * KVM reports VMCS shadowing in PROCBASED_CTLS2 unconditionally
 * (nested_vmx_setup_ctls_msrs(): secondary_ctls_high |= SHADOW_VMCS),
 * also when the hardware, and so the nested PROCBASED_CTLS, has no
 * "activate secondary controls": an SDM inconsistency of KVM's own, in
 * every modelled version.  The model reproduces it; this is the one SDM
 * rule a prediction may break, and only there.
 */
static bool kvm_known_sdm_break(const struct check *c,
				const struct vmx_msr_set *sys)
{
	return !strcmp(c->name, "IA32_VMX_PROCBASED_CTLS2.needs_activate_secondary_controls") &&
	       !(msrs_get(sys, VMX_PROCBASED_CTLS) & BIT_ULL(63)) &&
	       vmx_allowed1(msrs_get(sys, VMX_PROCBASED_CTLS2)) == BIT(14);
}

/* A guest CPUID with the features the vCPU rules look at, and VMX. */
static void rich_guest_cpuid(struct cpuid_set *g)
{
	static const struct cpuid_leaf leaves[] = {
		{ 0x0, 0, 0xd, 0, 0, 0 },
		{ 0x1, 0, 0x506e3, 0, 0x7ffafbbf, 0xbfebfbff },
		{ 0x7, 0, 0, 0x029c6fbf, 0x0040002c, 0 },
		{ 0xd, 1, 0xf, 0, 0, 0 },
		{ 0x80000000, 0, 0x80000008, 0, 0, 0 },
		{ 0x80000001, 0, 0, 0, 0x121, 0x2c100800 },
	};
	unsigned int i;

	memset(g, 0, sizeof(*g));
	for (i = 0; i < ARRAY_SIZE(leaves); i++)
		cpuid_set_add(g, &leaves[i]);
}

static unsigned int failures(const struct check_list *l,
			     const struct vmx_msr_set *sys, const char *what)
{
	unsigned int i, n = 0;

	for (i = 0; i < l->nr; i++) {
		const struct check *c = &l->v[i];

		if (c->status != TAP_FAIL || kvm_known_sdm_break(c, sys))
			continue;
		if (n++ < 4)
			tap_diag("%s %s: %s", what, c->name,
				 c->nr_findings ? c->findings[0].text : "");
	}
	return n;
}

/* Every kernel and parameter set on one bare-metal dump. */
static void model_one_dump(const struct vmx_snapshot *s, const char *name)
{
	static struct model_result r;
	unsigned int k, p;

	for (k = 0; k < ARRAY_SIZE(kernels); k++) {
		unsigned int bad = 0, runs = 0;
		struct model_opts o = { .have_kver = true };
		char err[300];

		kver_parse(kernels[k], &o.kver);
		if (model_predict(s, &o, &r, err, sizeof(err)))
			tap_bail("%s: %s", name, err);
		if (r.loads == expect_refusal(name)) {
			tap_fail("load_verdict %s %s", name, kernels[k]);
			tap_diag("model says %s: %s", r.loads ? "loads" : "refuses",
				 r.refusal);
		} else if (!r.loads) {
			tap_pass("load_verdict %s %s: refuses: %s", name,
				 kernels[k], r.refusal);
		} else {
			tap_pass("load_verdict %s %s: loads", name, kernels[k]);
		}

		for (p = 0; p < ARRAY_SIZE(param_sets) && r.loads; p++) {
			struct check_list l = { 0 };
			struct kvm_inv_ctx kc = { 0 };
			struct vmx_msr_set vcpu;
			struct cpuid_set guest;

			o.params = param_sets[p];
			o.nr_params = param_sets[p][1] ? 2 : param_sets[p][0] ? 1 : 0;
			if (model_predict(s, &o, &r, err, sizeof(err)))
				tap_bail("%s %s: %s", name, kernels[k], err);
			runs++;
			sdm_check_invariants(&r.sys, &l);
			kc.version = r.version_index;
			kc.hw = &s->msrs[VIEW_HW];
			kc.params = &r.final_params;
			kvm_nested_check_invariants(&r.sys, &kc, &l);
			bad += failures(&l, &r.sys, param_sets[p][0] ?
					param_sets[p][0] : "defaults");
			check_list_free(&l);

			/* the vCPU is a CPU too, and a restricted system value */
			rich_guest_cpuid(&guest);
			model_predict_vcpu(&r, s, &guest, &vcpu, NULL);
			sdm_check_invariants(&vcpu, &l);
			kc.restricted = true;
			kc.params = NULL;
			bad += failures(&l, &vcpu, "vcpu");
			check_list_free(&l);
		}
		if (!r.loads)
			continue;
		if (bad)
			tap_fail("prediction_holds_invariants %s %s", name, kernels[k]);
		else
			tap_pass("prediction_holds_invariants %s %s (%u parameter sets)",
				 name, kernels[k], runs);
	}
}

/*
 * The nested-KVM dump is what an L1 read: KVM's values as QEMU left them
 * after KVM_SET_MSRS, so only the restore-proof rules apply.  Its MISC
 * (0x20000065, no wait-for-SIPI) and VMCS_ENUM (0x2e) are 5.10's exact
 * system values; it must be consistent with 5.10 at least.
 */
static void nested_dump(const struct vmx_snapshot *s, const char *name)
{
	char ok[64] = "";
	unsigned int k;

	for (k = 0; k < ARRAY_SIZE(kernels); k++) {
		struct check_list l = { 0 };
		struct kvm_inv_ctx kc = { .restricted = true };
		bool approx;
		char note[200];
		struct kver kv;

		kver_parse(kernels[k], &kv);
		kc.version = model_resolve_version(&model_rules_default, kv,
						   &approx, note, sizeof(note));
		kvm_nested_check_invariants(&s->msrs[VIEW_SYS], &kc, &l);
		if (!checks_count(&l, TAP_FAIL))
			snprintf(ok + strlen(ok), sizeof(ok) - strlen(ok), " %s",
				 kernels[k]);
		else if (k == 0)
			failures(&l, &s->msrs[VIEW_SYS], "5.10");
		check_list_free(&l);
	}
	/*
	 * For information: read as KVM's own system values, which rules break
	 * per version (QEMU clears what its CPU model lacks, PML for one).
	 */
	for (k = 0; k < ARRAY_SIZE(kernels); k++) {
		struct check_list l = { 0 };
		struct kvm_inv_ctx kc = { 0 };
		char broken[200] = "";
		unsigned int j;
		bool approx;
		char note[200];
		struct kver kv;

		kver_parse(kernels[k], &kv);
		kc.version = model_resolve_version(&model_rules_default, kv,
						   &approx, note, sizeof(note));
		kvm_nested_check_invariants(&s->msrs[VIEW_SYS], &kc, &l);
		for (j = 0; j < l.nr; j++)
			if (l.v[j].status == TAP_FAIL &&
			    strlen(broken) + strlen(l.v[j].name) + 2 < sizeof(broken))
				snprintf(broken + strlen(broken),
					 sizeof(broken) - strlen(broken), " %s",
					 l.v[j].name);
		tap_diag("as %s system values: %u rules broken:%s", kernels[k],
			 checks_count(&l, TAP_FAIL), broken);
		check_list_free(&l);
	}
	if (strncmp(ok, " 5.10", 5))
		tap_fail("nested_dump_consistent_with_kvm %s", name);
	else
		tap_pass("nested_dump_consistent_with_kvm %s: consistent with%s",
			 name, ok);
}

int main(void)
{
	static struct vmx_snapshot s;
	char **paths;
	unsigned int n, i;

	tap_init();
	n = unit_list_dumps(&paths);
	TEST_ASSERT(n >= 14, "expected the 14 dumps of data/cpus, found %u", n);
	for (i = 0; i < n; i++) {
		const char *name = strrchr(paths[i], '/') + 1;
		struct check_list l = { 0 };

		unit_load(&s, paths[i]);
		if (msrs_empty(&s.msrs[VIEW_HW])) {
			nested_dump(&s, name);
		} else {
			sdm_check_invariants(&s.msrs[VIEW_HW], &l);
			if (checks_count(&l, TAP_FAIL))
				tap_fail("bare_metal_dump_holds_sdm_invariants %s", name);
			else
				tap_pass("bare_metal_dump_holds_sdm_invariants %s", name);
			check_list_free(&l);
			model_one_dump(&s, name);
		}
		free(paths[i]);
	}
	free(paths);
	tap_finish();
}
