// SPDX-License-Identifier: GPL-2.0-only
/*
 * The control probes of l1_controls_test, without a CPU: the plan L1
 * computes (vmx_ctl_plan()) and the host's verdict (vmx_ctl_verdict()),
 * run on every real dump of data/cpus and on KVM's typical nested values,
 * against a simulated VM entry that applies the SDM A.3.1 rule with the
 * true MSR values (what KVM's nested_check_vm_*_controls() do).
 *
 *   - Computed correctly, every bit passes or is an explained skip.
 *   - Computed from a deliberately wrong mask (NVMX_L1_BREAK=must1: the
 *     allowed-0 half ignored; =may1: the allowed-1 half ignored), the
 *     verdict fails, and the message names the MSR and the bit.  This is
 *     the same breakage the emulated run shows with the real KVM.
 *   - Against a KVM that accepts any control value, the refusal probes
 *     fail: the test can catch KVM breaking its promise.
 */
#include <stdio.h>
#include <stdlib.h>

#include "lib/unit.h"
#include "x86_64/l1.h"

/* KVM 6.3-6.17 defaults on a modern host (nested-vmx-rules.md E.9). */
static const struct {
	enum vmx_msr_id id;
	uint64_t v;
} kvm_typical[] = {
	{ VMX_BASIC, 0x00d8100011e57ed0ULL },
	{ VMX_PINBASED_CTLS, 0x000000ff00000016ULL },
	{ VMX_PROCBASED_CTLS, 0xfff9fffe0401e172ULL },
	{ VMX_EXIT_CTLS, 0x007fffff00036dffULL },
	{ VMX_ENTRY_CTLS, 0x0000f3ff000011ffULL },
	{ VMX_PROCBASED_CTLS2, 0x06137bff00000000ULL },
	{ VMX_EPT_VPID_CAP, 0x00000f01063340c1ULL },
	{ VMX_TRUE_PINBASED_CTLS, 0x000000ff00000016ULL },
	{ VMX_TRUE_PROCBASED_CTLS, 0xfff9fffe04006172ULL },
	{ VMX_TRUE_EXIT_CTLS, 0x007fffff00036dfbULL },
	{ VMX_TRUE_ENTRY_CTLS, 0x0000f3ff000011fbULL },
	{ VMX_VMFUNC, 1 },
};

/* A KVM that forgets to check the allowed-1 half (a KVM bug to catch). */
static bool lenient_kvm;

/* KVM's check: each control word fits its MSR (SDM A.3.1). */
static void simulate_entry(const struct vmx_caps *truth, struct ctl_probe *p)
{
	const struct ctl_need *n = vmx_ctl_need(p->word, p->bit);
	bool ok = true;
	unsigned int w;

	for (w = VMX_CTL_PIN; w <= VMX_CTL_ENTRY && !lenient_kvm; w++) {
		if (w == VMX_CTL_PROC2 && !(p->ctl[VMX_CTL_PROC] & BIT(31)))
			continue;
		ok &= vmx_ctl_fits(vmx_ctl_msr(truth, w), p->ctl[w]);
	}
	if (ok) {
		p->outcome = VMX_EXITED;
		p->error = EXIT_REASON_VMCALL;
		p->l2_ran = 1;
		if (p->cls == CTL_FLEX && n && n->first_exit)
			p->first_exit = n->first_exit;
	} else {
		p->outcome = VMX_FAIL_VALID;
		p->error = VMXERR_ENTRY_INVALID_CONTROL;
	}
}

/* The class each bit truly has, from the unbroken masks. */
static enum ctl_class true_class(const struct vmx_caps *c, unsigned int w,
				 unsigned int b)
{
	uint64_t m = vmx_ctl_msr(c, w);

	if (vmx_allowed0(m) & BIT(b))
		return CTL_MUST1;
	return (vmx_allowed1(m) & BIT(b)) ? CTL_FLEX : CTL_FORBIDDEN;
}

/*
 * Run every probe with the current vmx_l1_break.  Returns the number of
 * failed verdicts.  *missed counts the bits the break misjudges (a
 * must-be-1 bit taken as optional, a may-not-be-1 bit taken as allowed)
 * that L1 tried and whose verdict did not fail naming the MSR and the bit.
 */
static unsigned int run_all(const struct vmx_caps *c, const char *label,
			    unsigned int *missed)
{
	unsigned int w, b, fails = 0;
	char msg[1024], want[160];
	bool shown = false;

	*missed = 0;
	for (w = VMX_CTL_PIN; w <= VMX_CTL_ENTRY; w++) {
		for (b = 0; b < 32; b++) {
			enum ctl_class tc = true_class(c, w, b);
			bool misjudged, failed;
			struct ctl_probe p;

			vmx_ctl_plan(c, vmx_ept_usable(c), w, b, &p);
			if (p.action != PROBE_UNCOVERED)
				simulate_entry(c, &p);
			failed = vmx_ctl_verdict(&p, msg, sizeof(msg)) == TAP_FAIL;
			misjudged = p.action != PROBE_UNCOVERED &&
				    ((vmx_l1_break == VMX_BREAK_MUST1 && tc == CTL_MUST1) ||
				     (vmx_l1_break == VMX_BREAK_MAY1 && tc == CTL_FORBIDDEN));
			snprintf(want, sizeof(want), "%s allowed-%d bit %u ",
				 vmx_msrs[p.msr_id].name,
				 p.cls == CTL_MUST1 ? 0 : 1, b);
			if (misjudged && (!failed || !strstr(msg, want)))
				(*missed)++;
			if (!failed)
				continue;
			fails++;
			if (!shown) {
				tap_diag("%s, first failure: %s", label, msg);
				shown = true;
			}
		}
	}
	return fails;
}

/* A 64-bit L1 and L2 need both IA-32e controls (SDM 26.2.4, 26.3.1.1). */
static bool ia32e_allowed(const struct vmx_caps *c)
{
	return (vmx_allowed1(vmx_ctl_msr(c, VMX_CTL_EXIT)) & BIT(9)) &&
	       (vmx_allowed1(vmx_ctl_msr(c, VMX_CTL_ENTRY)) & BIT(9));
}

static void check_caps(const struct vmx_caps *c, const char *label)
{
	unsigned int fails, missed;

	if (!ia32e_allowed(c)) {
		tap_skip("host address-space size or IA-32e mode guest may not be 1: no 64-bit L1 or L2 on this processor",
			 "correct_masks_pass %s", label);
		return;
	}
	vmx_l1_break = VMX_BREAK_NONE;
	fails = run_all(c, label, &missed);
	tap_result(fails ? TAP_FAIL : TAP_PASS, NULL, "correct_masks_pass %s",
		   label);

	vmx_l1_break = VMX_BREAK_MUST1;
	fails = run_all(c, label, &missed);
	tap_result(fails && !missed ? TAP_PASS : TAP_FAIL, NULL,
		   "break_must1_fails_naming_bits %s (%u failures, %u misjudged bits not named)",
		   label, fails, missed);

	vmx_l1_break = VMX_BREAK_MAY1;
	fails = run_all(c, label, &missed);
	tap_result(fails && !missed ? TAP_PASS : TAP_FAIL, NULL,
		   "break_may1_fails_naming_bits %s (%u failures, %u misjudged bits not named)",
		   label, fails, missed);
	vmx_l1_break = VMX_BREAK_NONE;

	/* A KVM that accepts anything fails every refusal probe. */
	lenient_kvm = true;
	fails = run_all(c, label, &missed);
	lenient_kvm = false;
	tap_result(fails ? TAP_PASS : TAP_FAIL, NULL,
		   "lenient_kvm_is_caught %s (%u failures)", label, fails);
}

int main(void)
{
	struct vmx_caps c = { 0 };
	char **paths;
	unsigned int n, i;

	tap_init();
	for (i = 0; i < ARRAY_SIZE(kvm_typical); i++)
		c.msr[kvm_typical[i].id] = kvm_typical[i].v;
	check_caps(&c, "kvm_typical_nested");

	n = unit_list_dumps(&paths);
	for (i = 0; i < n; i++) {
		struct vmx_snapshot s;
		const struct vmx_msr_set *m;
		const char *base = strrchr(paths[i], '/') + 1;

		unit_load(&s, paths[i]);
		m = msrs_empty(&s.msrs[VIEW_HW]) ? &s.msrs[VIEW_SYS] : &s.msrs[VIEW_HW];
		memset(&c, 0, sizeof(c));
		memcpy(c.msr, m->val, sizeof(c.msr));
		if (!msrs_has(m, VMX_PROCBASED_CTLS)) {
			tap_skip("the dump has no control MSRs", "correct_masks_pass %s", base);
			free(paths[i]);
			continue;
		}
		check_caps(&c, base);
		free(paths[i]);
	}
	free(paths);
	tap_finish();
}
