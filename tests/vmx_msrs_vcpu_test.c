// SPDX-License-Identifier: GPL-2.0-only
/*
 * The vCPU view.  A vCPU's VMX MSRs read back only once its CPUID has
 * VMX.  Right after KVM_SET_CPUID2 they equal the system-fd values except
 * where this kernel's CPUID rules adjust them: some secondary controls
 * follow guest CPUID (vmx_adjust_secondary_exec_control()), CR0/CR4_FIXED1
 * are rebuilt from it (nested_vmx_cr_fixed1_bits_update()), and up to
 * 5.19 the BNDCFGS and PERF_GLOBAL_CTRL entry/exit controls followed it.
 *
 * The rules are the model's data (include/x86_64/model_rules.h), one
 * table per modelled version; each rule is exercised by clearing its
 * CPUID bit and checking that the bit it governs goes away.  Since 6.12,
 * with KVM_X86_QUIRK_STUFF_FEATURE_MSRS disabled, a new vCPU starts with
 * no VMX capabilities at all.
 */
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "x86_64/kvm_behaviour.h"
#include "x86_64/model.h"
#include "x86_64/nested.h"

#define SYS_WHY	"a new vCPU starts with the system-fd values (vmcs_config.nested)"
_Static_assert(sizeof(SYS_WHY) <= MODEL_WHY_LEN, "SYS_WHY fits a why");

static struct check_list checks;
static struct model_result model;
static struct vmx_msr_set sys;

/*
 * Fresh vCPUs come from a few shared VMs: creating a VM per probe costs
 * most of this test's time under emulation, and a vCPU's VMX MSRs do not
 * depend on its VM.
 */
static struct kvm_vm *pool_vm;
static unsigned int pool_next;

static struct kvm_vcpu *fresh_vcpu(void)
{
	if (!pool_vm || pool_next == KVM_MAX_TEST_VCPUS) {
		vm_free(pool_vm);
		pool_vm = vm_create_barebones();
		pool_next = 0;
	}
	return vm_vcpu_add_raw(pool_vm, pool_next++);
}

/* This host, as the model read it (for model_tolerance()). */
static struct vmx_snapshot *host_snap;

/*
 * A fresh vCPU with cpuid set: its VMX MSRs, and what the model says they
 * are.  Returns false (and skips c) if KVM refuses the CPUID.
 */
static bool vcpu_and_prediction(struct kvm_cpuid2 *cpuid, struct check *c,
				struct vmx_msr_set *got, struct vmx_msr_set *want,
				model_why_t *why)
{
	struct kvm_vcpu *vcpu = fresh_vcpu();
	struct cpuid_set g;
	int r = __vcpu_set_cpuid(vcpu, cpuid);

	if (r) {
		check_skip(c, "KVM_SET_CPUID2 refused this CPUID: %s", strerror(-r));
		return false;
	}
	vcpu_read_vmx_msrs(vcpu, got);
	cpuid_set_from_kvm(&g, cpuid);
	model_predict_vcpu(&model, NULL, &g, want, why);
	return true;
}

static void reads_need_vmx_cpuid(void)
{
	struct kvm_cpuid2 *no_vmx = cpuid_dup(kvm_get_supported_cpuid());
	struct kvm_vm *vm = vm_create_barebones();
	struct kvm_vcpu *bare = vm_vcpu_add_raw(vm, 0);
	struct kvm_vcpu *novmx = vm_vcpu_add_raw(vm, 1);
	struct check *c1 = check_new(&checks, "vcpu.reads_fail_before_set_cpuid");
	struct check *c2 = check_new(&checks, "vcpu.reads_fail_without_vmx_in_cpuid");
	unsigned int i;
	uint64_t v;

	cpuid_set_feature(no_vmx, X86_FEATURE_VMX, false);
	vcpu_set_cpuid(novmx, no_vmx);
	for (i = 0; i < NR_KVM_VMX_MSRS; i++) {
		int r = vcpu_get_msr(bare, vmx_msrs[i].index, &v);

		if ((r == 1) != check_broken(c1))
			check_fail(c1, "%s: read on a vCPU without CPUID: wanted refused, got %d entries: KVM allows the VMX MSRs only to a guest with VMX in CPUID",
				   vmx_msr_name(i), r);
		r = vcpu_get_msr(novmx, vmx_msrs[i].index, &v);
		if ((r == 1) != check_broken(c2))
			check_fail(c2, "%s: read with CPUID.1:ECX[5] (vmx) cleared: wanted refused, got %d entries",
				   vmx_msr_name(i), r);
	}
	free(no_vmx);
	vm_free(vm);
}

/* The supported CPUID: the vCPU is the system values, adjusted by rule. */
static void baseline(void)
{
	struct vmx_msr_set got, want;
	model_why_t *why = calloc(NR_VMX_MSRS, sizeof(model_why_t));
	struct check c = { 0 };

	TEST_ASSERT(why, "out of memory");
	if (vcpu_and_prediction(kvm_get_supported_cpuid(), &c, &got, &want, why)) {
		struct model_tolerance tol;
		struct cpuid_set g;

		cpuid_set_from_kvm(&g, kvm_get_supported_cpuid());
		model_tolerance(host_snap, NULL, &model, &g, &tol);
		model_compare_set(&want, why, &got, "vcpu.supported_cpuid.",
				  "KVM reports", &tol, &checks);
	}
	free(why);
}

/*
 * Clear guest CPUID bits, and compare one MSR with the prediction.  The
 * prediction's rule texts are only for a failure's message, and writing
 * them costs more than the rest of the prediction under emulation: they
 * are made only when the values differ.
 */
static void one_rule(const char *name, const struct x86_feature *feats,
		     unsigned int nr, enum vmx_msr_id id, unsigned int bit)
{
	static model_why_t why[NR_VMX_MSRS];
	struct kvm_cpuid2 *cpuid = cpuid_dup(kvm_get_supported_cpuid());
	struct check *c = check_new(&checks, "%s", name);
	struct vmx_msr_set got, want, before;
	unsigned int i;
	struct cpuid_set g;
	bool had = false;
	uint64_t wanted;

	for (i = 0; i < nr; i++)
		had |= cpuid_has(cpuid, feats[i]);
	cpuid_set_from_kvm(&g, cpuid);
	model_predict_vcpu(&model, NULL, &g, &before, NULL);
	if (!had || !(msrs_get(&before, id) & BIT_ULL(bit))) {
		check_skip(c, "rule not exercised here: %s %s",
			   !had ? "KVM's supported CPUID lacks" : "the vCPU does not have the bit even with",
			   feats[0].name);
		goto out;
	}
	for (i = 0; i < nr; i++)
		cpuid_set_feature(cpuid, feats[i], false);
	if (!vcpu_and_prediction(cpuid, c, &got, &want, NULL))
		goto out;
	if (msrs_get(&want, id) & BIT_ULL(bit))
		check_fail(c, "model inconsistency: clearing %s keeps %s bit %u",
			   feats[0].name, vmx_msr_name(id), bit);
	wanted = msrs_get(&want, id) ^ (check_broken(c) ? BIT_ULL(bit) : 0);
	if (wanted != msrs_get(&got, id)) {
		cpuid_set_from_kvm(&g, cpuid);
		model_predict_vcpu(&model, NULL, &g, &want, why);
	}
	check_bits(c, id, ~0ULL, wanted, msrs_get(&got, id), "%s", why[id][bit]);
out:
	free(cpuid);
}

static void ctl2_rules(void)
{
	const struct model_rules *rules = model.rules;
	unsigned int i, f;

	for (i = 0; i < rules->nr_vcpu_ctl2; i++) {
		const struct vcpu_ctl2_rule *vr = &rules->vcpu_ctl2[i];
		struct x86_feature feats[NR_CPU_FEATS];
		unsigned int nr = 0;
		char name[160];

		if (!model_rule_holds(&model, vr->v))
			continue;
		/* Take away every feature the control needs (any_of: all). */
		for (f = 0; f < NR_CPU_FEATS; f++)
			if ((vr->all_of | vr->any_of) & CPU_FEAT_BIT(f) && f != CPU_FEAT_XSAVE)
				feats[nr++] = model_cpu_feature(f);
		if (!nr)
			continue;
		snprintf(name, sizeof(name), "IA32_VMX_PROCBASED_CTLS2.%s_without_%s",
			 vmx_ctl_field(VMX_PROCBASED_CTLS2, vr->bit) ?
			 vmx_ctl_field(VMX_PROCBASED_CTLS2, vr->bit)->id : "bit",
			 feats[0].name);
		one_rule(name, feats, nr, VMX_PROCBASED_CTLS2, 32 + vr->bit);
	}
}

/*
 * One test per CR4 bit: clear every guest CPUID feature that allows it
 * (cr4_fixed1_update() ORs them: CR4.CET stays allowed while either SHSTK
 * or IBT remains), and see the bit go.
 */
static void cr4_rules(void)
{
	const struct model_rules *rules = model.rules;
	unsigned int i, j;

	for (i = 0; i < rules->nr_cr4; i++) {
		const struct cr4_fixed1_rule *cr = &rules->cr4[i];
		const struct vmx_field *fld = vmx_field_at(VMX_CR4_FIXED1, cr->cr4_bit);
		struct x86_feature feats[4];
		char name[160], feat[32];
		unsigned int nr = 0;
		bool done = false;

		/* Clearing VMX would take the whole MSR away. */
		if (!model_rule_holds(&model, cr->v) ||
		    x86_feature_eq(cr->feature, X86_FEATURE_VMX))
			continue;
		for (j = 0; j < i; j++)
			done |= rules->cr4[j].cr4_bit == cr->cr4_bit &&
				model_rule_holds(&model, rules->cr4[j].v);
		if (done)
			continue;	/* the bit's first row took them all */
		snprintf(name, sizeof(name), "IA32_VMX_CR4_FIXED1.%s_without",
			 fld ? fld->id : "bit");
		for (j = i; j < rules->nr_cr4 && nr < ARRAY_SIZE(feats); j++) {
			if (rules->cr4[j].cr4_bit != cr->cr4_bit ||
			    !model_rule_holds(&model, rules->cr4[j].v))
				continue;
			feats[nr] = rules->cr4[j].feature;
			snprintf(name + strlen(name), sizeof(name) - strlen(name),
				 "%s%s", nr ? "_and_" : "_",
				 x86_feature_upper(feats[nr], feat, sizeof(feat)));
			nr++;
		}
		one_rule(name, feats, nr, VMX_CR4_FIXED1, cr->cr4_bit);
	}
}

/*
 * For a kernel the model does not know exactly, a CPUID rule that fails
 * may simply have changed: a skip that says so (NVMX_STRICT=1 keeps the
 * failure).  The baseline is compared with model_tolerance() instead.
 */
static void approximate_rules(void)
{
	const char *strict = getenv("NVMX_STRICT");
	unsigned int i;

	if (model.fit == MODEL_EXACT || (strict && !strcmp(strict, "1")))
		return;
	for (i = 0; i < checks.nr; i++) {
		struct check *c = &checks.v[i];

		if (c->status != TAP_FAIL || !strstr(c->name, "_without_"))
			continue;
		c->status = TAP_PASS;
		check_skip(c, "%s", model.version_note);
	}
}

/* 6.12+: without KVM_X86_QUIRK_STUFF_FEATURE_MSRS a vCPU starts empty. */
static void quirk_off(int fd, struct kver kv)
{
	struct check *c = check_new(&checks, "vcpu.quirk_off_starts_without_vmx_capabilities");
	struct kvm_enable_cap cap = { .cap = KVM_CAP_DISABLE_QUIRKS2,
				      .args[0] = KVM_X86_QUIRK_STUFF_FEATURE_MSRS };
	struct vmx_msr_set got, with_quirk;
	struct kvm_vm *vm;
	char why[300];
	unsigned int i;

	if (!kvm_has(kv, KVM_HAS_STUFF_FEATURE_MSRS_QUIRK, why, sizeof(why))) {
		check_skip(c, "%s", why);
		return;
	}
	if (!(ioctl(fd, KVM_CHECK_EXTENSION, KVM_CAP_DISABLE_QUIRKS2) &
	      KVM_X86_QUIRK_STUFF_FEATURE_MSRS)) {
		check_skip(c, "KVM_CAP_DISABLE_QUIRKS2 does not offer KVM_X86_QUIRK_STUFF_FEATURE_MSRS");
		return;
	}
	vm = vm_create_barebones();
	TEST_ASSERT(!ioctl(vm->fd, KVM_ENABLE_CAP, &cap), "cannot disable the quirk");
	vcpu_read_vmx_msrs(vcpu_with_supported_cpuid(vm, 0), &got);
	vm_free(vm);
	vm = vm_create_barebones();
	vcpu_read_vmx_msrs(vcpu_with_supported_cpuid(vm, 0), &with_quirk);
	vm_free(vm);

	for (i = 0; i < NR_KVM_VMX_MSRS; i++) {
		const struct vmx_msr_info *m = vmx_msr(i);
		uint64_t want = 0;

		/* FIXED1 follows CPUID regardless; non-TRUE reads add default1. */
		if (i == VMX_CR0_FIXED1 || i == VMX_CR4_FIXED1)
			want = msrs_get(&with_quirk, i);
		else if (vmx_is_ctls(i) && !m->is_true)
			want = m->default1;
		if (!msrs_has(&got, i))
			check_fail(c, "%s: not readable with the quirk off", m->name);
		else
			check_value(c, i, want ^ check_broken(c), msrs_get(&got, i),
				    "__vmx_vcpu_reset() copies vmcs_config.nested only with KVM_X86_QUIRK_STUFF_FEATURE_MSRS (6.12+)");
	}
}

int main(void)
{
	struct vmx_snapshot *snap = calloc(1, sizeof(*snap));
	struct capture_opts opts = { .no_vcpu = true };
	char err[400];
	struct kver kv;
	int fd;

	tap_init();
	fd = nested_setup(&kv, &sys);
	reads_need_vmx_cpuid();
	quirk_off(fd, kv);

	/*
	 * The rules need the model's facts about this host (which controls
	 * vmcs_config has, KVM's CPUID), hence the raw MSRs.  The prediction
	 * starts from what KVM really reports on the system fd: this test is
	 * about the vCPU rules, nested_vs_host_test about the system values.
	 */
	TEST_ASSERT(snap, "out of memory");
	snapshot_capture(snap, &opts);
	if (msrs_empty(&snap->msrs[VIEW_HW])) {
		nested_print_checks(&checks);
		tap_skip_all("the CPUID rules need the hardware VMX MSRs: %s",
			     snap->nr_notes ? snap->notes[0] : "not readable");
	}
	host_snap = snap;
	if (model_predict(snap, NULL, &model, err, sizeof(err)))
		tap_bail("model: %s", err);
	if (model.approximate)
		tap_diag("%s", model.version_note);
	model.sys = sys;
	{
		unsigned int i, b;

		/* (memcpy: 1300 snprintf calls cost ~10 ms under emulation) */
		for (i = 0; i < NR_KVM_VMX_MSRS; i++)
			for (b = 0; b < 64; b++)
				memcpy(model.why[i][b], SYS_WHY, sizeof(SYS_WHY));
	}
	baseline();
	ctl2_rules();
	cr4_rules();
	approximate_rules();
	nested_print_checks(&checks);
	check_list_free(&checks);
	vm_free(pool_vm);
	free(snap);
	close(fd);
	tap_finish();
}
