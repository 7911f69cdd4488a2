// SPDX-License-Identifier: GPL-2.0-only
/*
 * The version table of include/x86_64/kvm_behaviour.h.  Each range was
 * checked in Debian's linux-source-5.10 (5.10.223), -6.1 (6.1.192), -6.12
 * (6.12.117) and -7.2 (7.2.13); the mainline and stable versions come from
 * the commits named.
 */
#include <stdio.h>

#include "x86_64/kvm_behaviour.h"

struct range {
	struct kver since, until;	/* until {0}: open-ended */
};

static const struct {
	const char *what;
	const char *cite;
	struct range r[3];
} table[NR_KVM_BEHAVIOURS] = {
	[KB_RESTORE_REF_IS_SYSTEM] = {
		"VMX MSR writes are checked against KVM's own values, so a cleared bit can be set again",
		"f8ae08f9789a, vmx_restore_control_msr(); stable backports to 5.10.137 and 5.15.61",
		{ { KVER(6, 0, 0) }, { KVER(5, 10, 137), KVER(5, 11, 0) },
		  { KVER(5, 15, 61), KVER(5, 16, 0) } },
	},
	[KB_FROZEN_AFTER_RUN] = {
		"after KVM_RUN a VMX MSR write must keep the current value",
		"0094f62c7eaa, do_set_msr() and kvm_is_immutable_feature_msr()",
		{ { KVER(6, 4, 0) } },
	},
	[KB_SAME_VALUE_WRITE_VALIDATED] = {
		"after KVM_RUN a same-value write still goes through vmx_set_vmx_msr()",
		"1d294dfaba8c, do_set_msr()",
		{ { KVER(6, 10, 0) } },
	},
	[KB_BASIC_BIT56_FEATURE] = {
		"IA32_VMX_BASIC bit 56 is a restorable feature bit",
		"vmx_restore_vmx_basic() (VMX_BASIC_NO_HW_ERROR_CODE_CC)",
		{ { KVER(6, 18, 0) } },
	},
	[KB_STUFF_FEATURE_MSRS_QUIRK] = {
		"KVM_X86_QUIRK_STUFF_FEATURE_MSRS decides whether a new vCPU gets the VMX MSRs",
		"__vmx_vcpu_reset(), KVM_X86_QUIRK_STUFF_FEATURE_MSRS",
		{ { KVER(6, 12, 0) } },
	},
};

static bool in_range(struct kver kv, const struct range *r)
{
	if (!r->since.major)
		return false;
	if (kver_cmp(kv, r->since) < 0)
		return false;
	return !r->until.major || kver_cmp(kv, r->until) < 0;
}

bool kvm_has(struct kver kv, enum kvm_behaviour b, char *why, size_t len)
{
	char v[24], k[24];
	bool has = false;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(table[b].r); i++)
		has |= in_range(kv, &table[b].r[i]);
	if (why)
		snprintf(why, len, "%s: %s since %s (%s); this kernel is %s",
			 has ? "has" : "lacks", table[b].what,
			 kver_str(table[b].r[0].since, v, sizeof(v)),
			 table[b].cite, kver_str(kv, k, sizeof(k)));
	return has;
}
