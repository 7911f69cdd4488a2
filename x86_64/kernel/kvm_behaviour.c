// SPDX-License-Identifier: GPL-2.0-only
/*
 * The version table of include/x86_64/kvm_behaviour.h.  Each range was
 * checked in Debian's linux-source-5.10 (5.10.223), -6.1 (6.1.192), -6.12
 * (6.12.117) and -7.2 (7.2.13); the mainline and stable versions come from
 * the commits named.
 */
#include <stdio.h>

#include "x86_64/kvm_behaviour.h"

static const struct {
	const char *what;
	const char *cite;
	/* mainline first, then stable backports; unused ones are zero */
	struct kver_range r[3];
} table[NR_KVM_BEHAVIOURS] = {
	[KVM_RESTORE_CHECKS_SYSTEM_VALUE] = {
		.what = "VMX MSR writes are checked against KVM's own values, so a cleared bit can be set again",
		.cite = "f8ae08f9789a, vmx_restore_control_msr(); stable backports to 5.10.137 and 5.15.61",
		.r = { KVR_FROM(KV_AT(6, 0)),
		       KVR(KV_AT3(5, 10, 137), KV_AT(5, 11)),
		       KVR(KV_AT3(5, 15, 61), KV_AT(5, 16)) },
	},
	[KVM_FREEZES_MSRS_AFTER_RUN] = {
		.what = "after KVM_RUN a VMX MSR write must keep the current value",
		.cite = "0094f62c7eaa, do_set_msr() and kvm_is_immutable_feature_msr()",
		.r = { KVR_FROM(KV_AT(6, 4)) },
	},
	[KVM_VALIDATES_SAME_VALUE_WRITES] = {
		.what = "after KVM_RUN a same-value write still goes through vmx_set_vmx_msr()",
		.cite = "1d294dfaba8c, do_set_msr()",
		.r = { KVR_FROM(KV_AT(6, 10)) },
	},
	[KVM_RESTORES_BASIC_BIT56] = {
		.what = "IA32_VMX_BASIC bit 56 is a restorable feature bit",
		.cite = "033cc166f029, vmx_restore_vmx_basic() (VMX_BASIC_NO_HW_ERROR_CODE_CC)",
		.r = { KVR_FROM(KV_AT(6, 18)) },
	},
	[KVM_HAS_STUFF_FEATURE_MSRS_QUIRK] = {
		.what = "KVM_X86_QUIRK_STUFF_FEATURE_MSRS decides whether a new vCPU gets the VMX MSRs",
		.cite = "\"KVM: x86: Quirk initialization of feature MSRs to KVM's max configuration\", __vmx_vcpu_reset(); backported to 6.12.85",
		.r = { KVR_FROM(KV_AT(6, 13)),
		       KVR(KV_AT3(6, 12, 85), KV_AT(6, 13)) },
	},
};

bool kvm_has(struct kver kv, enum kvm_behaviour b, char *why, size_t len)
{
	char v[24], k[24];
	bool has = false;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(table[b].r); i++)
		has |= !kver_edge_none(table[b].r[i].since) &&
		       kver_range_test(table[b].r[i], kv) == KVER_IN;
	if (why)
		snprintf(why, len, "%s: %s since %s (%s); this kernel is %s",
			 has ? "has" : "lacks", table[b].what,
			 kver_str(table[b].r[0].since.by, v, sizeof(v)),
			 table[b].cite, kver_str(kv, k, sizeof(k)));
	return has;
}
