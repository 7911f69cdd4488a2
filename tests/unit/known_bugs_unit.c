// SPDX-License-Identifier: GPL-2.0-only
/*
 * A known KVM bug turns exactly its own failure into an expected failure:
 * the right check, the right finding, a kernel it is known in.  Anything
 * else (another finding of the same check, an older kernel) stays a
 * failure, so the table can never hide a new bug.
 */
#include "x86_64/check.h"
#include "x86_64/kvm_known_bugs.h"
#include "x86_64/write_probe.h"

static void expect(bool want, const char *what, const char *name,
		   const char *text, struct kver kv)
{
	bool got = kvm_known_bug(name, text, kv) != NULL;

	if (got == want)
		tap_pass("%s", what);
	else
		tap_fail("%s", what);
	tap_diag("%s on %u.%u: wanted %s, got %s", name, kv.major, kv.minor,
		 want ? "known" : "not known", got ? "known" : "not known");
}

/*
 * 5.10's PROCBASED_CTLS2 refusing the vCPU's own value: a check list
 * with the context a write test records, judged on kernel kv.
 */
static void expect_list(enum tap_status want, const char *what, uint64_t vcpu,
			uint64_t sys, const char *finding, struct kver kv)
{
	struct check_list l = { 0 };
	struct check *c;
	char ctx[320];

	probe_context_beyond(ctx, sizeof(ctx), VMX_PROCBASED_CTLS2, vcpu, sys);
	c = check_new(&l, "IA32_VMX_PROCBASED_CTLS2.write_back_current_value_accepted");
	if (*ctx)
		check_context(c, "%s", ctx);
	check_fail(c, "%s", finding);
	checks_mark_known_bugs(&l, kv);
	if (l.v[0].status == want)
		tap_pass("%s", what);
	else
		tap_fail("%s", what);
	tap_diag("context \"%s\" on %u.%u: wanted %s, got %s (%s)", ctx,
		 kv.major, kv.minor, want == TAP_XFAIL ? "XFAIL" : "fail",
		 l.v[0].status == TAP_XFAIL ? "XFAIL" : "fail", l.v[0].reason);
	check_list_free(&l);
}

int main(void)
{
	/* Bochs's sapphire_rapids under 5.10.251: bit 26 only on the vCPU */
	const uint64_t vcpu = 0x04137bff00000000ULL, sys = 0x00137bff00000000ULL;
	const char *refused = "IA32_VMX_PROCBASED_CTLS2 current value written back (0x04137bff00000000): wanted accepted, got refused (KVM_SET_MSRS wrote 0 of 1)";
	const char *hit = "encoding 0x2808: wanted VMsucceed, got VMfailValid 12 (VMREAD/VMWRITE from/to unsupported VMCS component) for the full and high accesses";

	tap_init();
	tap_plan(11);
	expect(true, "perf_global_fields_on_7_2", "vmread.GUEST_IA32_PERF_GLOBAL_CTRL",
	       hit, KVER(7, 2, 13));
	expect(true, "host_field_too", "vmread.HOST_IA32_PERF_GLOBAL_CTRL", hit,
	       KVER(7, 2, 13));
	expect(false, "not_before_the_bug", "vmread.GUEST_IA32_PERF_GLOBAL_CTRL",
	       hit, KVER(6, 12, 117));
	expect(false, "other_finding_stays_a_failure",
	       "vmread.GUEST_IA32_PERF_GLOBAL_CTRL",
	       "encoding 0x2808: wanted VMsucceed, got VMfailValid 7", KVER(7, 2, 13));
	expect(false, "other_check_stays_a_failure", "vmread.GUEST_IA32_PAT", hit,
	       KVER(7, 2, 13));

	expect_list(TAP_XFAIL, "waitpkg_vcpu_beyond_own_value_on_5_10", vcpu, sys,
		    refused, KVER(5, 10, 251));
	expect_list(TAP_FAIL, "waitpkg_fixed_in_6_1", vcpu, sys, refused,
		    KVER(6, 1, 192));
	expect_list(TAP_FAIL, "no_extra_bit_stays_a_failure", sys, sys, refused,
		    KVER(5, 10, 251));
	expect_list(TAP_FAIL, "other_extra_bit_stays_a_failure",
		    sys | BIT_ULL(32 + 25), sys, refused, KVER(5, 10, 251));
	/* the context names bit 26 among others: still that bug */
	expect_list(TAP_XFAIL, "waitpkg_among_others", vcpu | BIT_ULL(32 + 25),
		    sys, refused, KVER(5, 10, 251));
	/* the bug refuses; a write accepted that should not be is news */
	expect_list(TAP_FAIL, "accepting_what_it_should_refuse_stays_a_failure",
		    vcpu, sys,
		    "IA32_VMX_PROCBASED_CTLS2 allowed-1 bit 31 (enable NOTIFY VM exiting) set (0x84137bff00000000): wanted refused, got accepted (KVM_SET_MSRS wrote 1 of 1)",
		    KVER(5, 10, 251));
	tap_finish();
}
