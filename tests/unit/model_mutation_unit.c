// SPDX-License-Identifier: GPL-2.0-only
/*
 * A model that can be wrong must be shown to fail: each case copies the
 * rule tables, breaks one rule, and compares the broken model with the
 * intact one standing in for KVM.  The comparison must fail on the
 * MSR and the bit that rule governs, and say the broken rule's reason.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/unit.h"
#include "x86_64/model.h"

#define HI(x)	((uint64_t)(x) << 32)

static struct vmx_snapshot skylake, penryn;
static struct model_result truth, broken;

static void load(struct vmx_snapshot *s, const char *prefix)
{
	char **paths;
	unsigned int n, i;

	n = unit_list_dumps(&paths);
	for (i = 0; i < n; i++) {
		if (strstr(strrchr(paths[i], '/'), prefix))
			unit_load(s, paths[i]);
		free(paths[i]);
	}
	free(paths);
	TEST_ASSERT(!msrs_empty(&s->msrs[VIEW_HW]), "no dump %s", prefix);
}

static void predict(const struct vmx_snapshot *s, const char *kernel,
		    const struct model_rules *rules, const char *param,
		    struct model_result *r)
{
	const char *params[1] = { param };
	struct model_opts o = { .have_kver = true, .rules = rules,
				.params = params, .nr_params = !!param };
	char err[300];

	kver_parse(kernel, &o.kver);
	if (model_predict(s, &o, r, err, sizeof(err)))
		tap_bail("%s: %s", kernel, err);
}

/* A private copy of the default tables, to break. */
struct copy {
	struct model_rules rules;
	struct nested_rule nested[128];
	struct vmcs_ctl_rule ctl[64];
	struct model_feature_rule features[64];
	struct vcpu_ctl2_rule ctl2[32];
	struct cr4_fixed1_rule cr4[32];
};

static void copy_rules(struct copy *c)
{
	const struct model_rules *d = &model_rules_default;

	TEST_ASSERT(d->nr_nested <= ARRAY_SIZE(c->nested) &&
		    d->nr_ctl <= ARRAY_SIZE(c->ctl) &&
		    d->nr_features <= ARRAY_SIZE(c->features) &&
		    d->nr_vcpu_ctl2 <= ARRAY_SIZE(c->ctl2) &&
		    d->nr_cr4 <= ARRAY_SIZE(c->cr4), "rule tables outgrew the test");
	c->rules = *d;
	memcpy(c->nested, d->nested, d->nr_nested * sizeof(*d->nested));
	memcpy(c->ctl, d->ctl, d->nr_ctl * sizeof(*d->ctl));
	memcpy(c->features, d->features, d->nr_features * sizeof(*d->features));
	memcpy(c->ctl2, d->vcpu_ctl2, d->nr_vcpu_ctl2 * sizeof(*d->vcpu_ctl2));
	memcpy(c->cr4, d->cr4, d->nr_cr4 * sizeof(*d->cr4));
	c->rules.nested = c->nested;
	c->rules.ctl = c->ctl;
	c->rules.features = c->features;
	c->rules.vcpu_ctl2 = c->ctl2;
	c->rules.cr4 = c->cr4;
}

/* The first nested rule for msr covering bit whose text contains what. */
static struct nested_rule *nested_rule(struct copy *c, enum vmx_msr_id msr,
				       uint64_t bit, const char *what)
{
	unsigned int i;

	for (i = 0; i < c->rules.nr_nested; i++)
		if (c->nested[i].msr == msr && (c->nested[i].mask & bit) &&
		    strstr(c->nested[i].why, what))
			return &c->nested[i];
	tap_bail("no nested rule for %s with '%s'", vmx_msr_name(msr), what);
}

static void verdict(const char *name, const struct check_list *l,
		    const char *check, const char *s1, const char *s2)
{
	unsigned int i, j;

	if (unit_failed_with(l, check, s1, s2, NULL)) {
		tap_pass("mutation.%s", name);
		return;
	}
	tap_fail("mutation.%s", name);
	tap_diag("wanted %s to fail naming '%s' and '%s'", check, s1, s2);
	for (i = 0; i < l->nr; i++)
		for (j = 0; j < l->v[i].nr_findings; j++)
			tap_diag("got: %s", l->v[i].findings[j].text);
}

/* Broken model against the intact one, on the system values. */
static void compare_sys(const char *name, const struct vmx_snapshot *s,
			const char *kernel, const struct model_rules *rules,
			const char *param, const char *check, const char *s1,
			const char *s2)
{
	struct check_list l = { 0 };

	predict(s, kernel, NULL, param, &truth);
	predict(s, kernel, rules, param, &broken);
	model_compare(&broken, &truth.sys, NULL, NULL, &l);
	verdict(name, &l, check, s1, s2);
	check_list_free(&l);
}

static void guest_cpuid(struct cpuid_set *g, bool rdseed)
{
	struct cpuid_leaf l1 = { 0x1, 0, 0x506e3, 0, 0x7ffafbbf, 0xbfebfbff };
	struct cpuid_leaf l7 = { 0x7, 0, 0, 0x029c6fbf, 0x4, 0 };

	memset(g, 0, sizeof(*g));
	if (!rdseed)
		l7.ebx &= ~BIT(18);
	cpuid_set_add(g, &l1);
	cpuid_set_add(g, &l7);
}

static void compare_vcpu(const char *name, const struct model_rules *rules,
			 bool rdseed, const char *check, const char *s1,
			 const char *s2)
{
	static model_why_t why[NR_VMX_MSRS];
	struct vmx_msr_set want, got;
	struct check_list l = { 0 };
	struct cpuid_set g;

	guest_cpuid(&g, rdseed);
	predict(&skylake, "6.12", NULL, NULL, &truth);
	predict(&skylake, "6.12", rules, NULL, &broken);
	model_predict_vcpu(&truth, &skylake, &g, &got, NULL);
	model_predict_vcpu(&broken, &skylake, &g, &want, why);
	model_compare_set(&want, why, &got, "vcpu.", NULL, NULL, &l);
	verdict(name, &l, check, s1, s2);
	check_list_free(&l);
}

int main(void)
{
	static struct copy c;
	struct check_list l = { 0 };
	unsigned int i;

	tap_init();
	load(&skylake, "09_core-i7-6700k");
	load(&penryn, "03_xeon-x5482");

	/* VMCS shadowing copied from vmcs_config instead of emulated */
	copy_rules(&c);
	nested_rule(&c, VMX_PROCBASED_CTLS2, HI(BIT(14)), "emulated")->kind = NESTED_COPY;
	nested_rule(&c, VMX_PROCBASED_CTLS2, HI(BIT(14)), "emulated")->src = SRC_VMCS_CONFIG;
	compare_sys("shadow_vmcs_not_emulated", &penryn, "6.12", &c.rules, NULL,
		    "IA32_VMX_PROCBASED_CTLS2.matches_model",
		    "allowed-1 bit 14 (VMCS shadowing)",
		    "KVM reports 1, model expects 0: emulated: always 1, whatever the hardware and enable_shadow_vmcs (5.10+); 0 there");

	/* PERF_GLOBAL_CTRL emulated from 6.12 instead of 6.1 */
	copy_rules(&c);
	nested_rule(&c, VMX_TRUE_EXIT_CTLS, HI(BIT(12)), "erratum")->v.since =
		(struct kver_edge)KV_WINDOW(6, 1, 6, 12);
	compare_sys("perf_global_emulated_too_late", &skylake, "6.1", &c.rules, NULL,
		    "IA32_VMX_TRUE_EXIT_CTLS.matches_model",
		    "allowed-1 bit 12 (load IA32_PERF_GLOBAL_CTRL)",
		    "KVM reports 1, model expects 0: never exposed to L1 (6.1)");

	/* 6.1's VMCS_ENUM as 5.10's */
	copy_rules(&c);
	nested_rule(&c, VMX_VMCS_ENUM, 0x32, "TSC_MULTIPLIER (0x19)")->value = 0x2e;
	compare_sys("vmcs_enum_value", &skylake, "6.1", &c.rules, NULL,
		    "IA32_VMX_VMCS_ENUM.matches_model",
		    "bits 9:1 (highest VMCS field index)",
		    "KVM reports 0x19, model expects 0x17");

	/* SAVE_IA32_PAT optional only from 6.12: 6.1's vmcs_config lacks it */
	copy_rules(&c);
	for (i = 0; i < c.rules.nr_ctl; i++)
		if (c.ctl[i].word == WORD_EXIT && (c.ctl[i].bits & BIT(18)) &&
		    !kver_cmp(c.ctl[i].v.since.by, KVER(6, 1, 0)))
			c.ctl[i].v.since = (struct kver_edge)KV_WINDOW(6, 1, 6, 12);
	compare_sys("save_pat_not_optional", &skylake, "6.1", &c.rules, NULL,
		    "IA32_VMX_TRUE_EXIT_CTLS.matches_model",
		    "allowed-1 bit 18 (save IA32_PAT)",
		    "copied from vmcs_config (6.1+); 0 there: not among kvm_intel's required or optional controls (6.1)");

	/* the vpid gate removed: VPID exposed with vpid=0 */
	copy_rules(&c);
	nested_rule(&c, VMX_PROCBASED_CTLS2, HI(BIT(5)), "vpid=Y")->gate = WHEN_ALWAYS;
	compare_sys("vpid_gate_removed", &skylake, "6.12", &c.rules, "vpid=0",
		    "IA32_VMX_PROCBASED_CTLS2.matches_model",
		    "allowed-1 bit 5 (enable VPID)",
		    "KVM reports 0, model expects 1: set when vpid=Y (5.10+)");

	/* setup_vmcs_config() forgets that ENCLS exiting needs SGX */
	copy_rules(&c);
	for (i = 0; i < c.rules.nr_features; i++)
		if (c.features[i].id == STEP_ENCLS_NEEDS_SGX)
			c.features[i].v.until = (struct kver_edge)KV_WINDOW(5, 10, 6, 1);
	compare_sys("encls_without_sgx", &skylake, "6.12", &c.rules, NULL,
		    "IA32_VMX_PROCBASED_CTLS2.matches_model",
		    "allowed-1 bit 15 (enable ENCLS exiting)",
		    "KVM reports 0, model expects 1: set when sgx=Y (6.1+)");

	/* the vCPU: RDSEED exiting follows RDRAND instead of RDSEED */
	copy_rules(&c);
	for (i = 0; i < c.rules.nr_vcpu_ctl2; i++)
		if (c.ctl2[i].bit == 16)
			c.ctl2[i].all_of = CPU_FEAT_BIT(CPU_FEAT_RDRAND);
	compare_vcpu("vcpu_rdseed_predicate", &c.rules, false,
		     "vcpu.IA32_VMX_PROCBASED_CTLS2.matches_model",
		     "allowed-1 bit 16 (RDSEED exiting)",
		     "KVM reports 0, model expects 1: follows guest CPUID RDSEED (5.10-6.13)");

	/* the vCPU: CR4.UMIP no longer follows guest CPUID */
	copy_rules(&c);
	for (i = 0; i < c.rules.nr_cr4; i++)
		if (c.cr4[i].cr4_bit == 11)
			c.cr4[i].v.until = (struct kver_edge)KV_AT(5, 10);
	compare_vcpu("vcpu_cr4_umip", &c.rules, true,
		     "vcpu.IA32_VMX_CR4_FIXED1.matches_model",
		     "bit 11 (CR4.UMIP)",
		     "KVM reports 1, model expects 0: rebuilt at KVM_SET_CPUID2: no guest CPUID bit allows it");

	/* the issue's own example: KVM exposing EPT-violation #VE on 6.12 */
	predict(&skylake, "6.12", NULL, NULL, &truth);
	broken.sys = truth.sys;
	broken.sys.val[VMX_PROCBASED_CTLS2] |= HI(BIT(18));
	model_compare(&truth, &broken.sys, NULL, NULL, &l);
	verdict("kvm_exposes_ept_violation_ve", &l,
		"IA32_VMX_PROCBASED_CTLS2.matches_model",
		"IA32_VMX_PROCBASED_CTLS2 allowed-1 bit 18 (EPT-violation #VE): KVM reports 1, model expects 0: never exposed to L1 (6.12)",
		"");
	check_list_free(&l);

	/* and the intact model agrees with itself on every MSR */
	model_compare(&truth, &truth.sys, NULL, NULL, &l);
	if (checks_count(&l, TAP_PASS) == NR_VMX_MSRS)
		tap_pass("intact_model_matches_itself");
	else
		tap_fail("intact_model_matches_itself");
	check_list_free(&l);
	tap_finish();
}
