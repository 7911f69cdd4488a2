// SPDX-License-Identifier: GPL-2.0-only
/*
 * A known KVM bug turns exactly its own failure into an expected failure:
 * the right check, the right finding, a kernel it is known in.  Anything
 * else (another finding of the same check, an older kernel) stays a
 * failure, so the table can never hide a new bug.
 */
#include "x86_64/kvm_known_bugs.h"

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

int main(void)
{
	const char *hit = "encoding 0x2808: wanted VMsucceed, got VMfailValid 12 (VMREAD/VMWRITE from/to unsupported VMCS component) for the full and high accesses";

	tap_init();
	tap_plan(5);
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
	tap_finish();
}
