// SPDX-License-Identifier: GPL-2.0-only
/*
 * The table of include/x86_64/kvm_params.h: module_param*() of
 * arch/x86/kvm/vmx/ in linux-source-5.10, -6.1, -6.12, -7.2 and -7.3.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bits.h"
#include "x86_64/kvm_params.h"

static const struct {
	const char *name;
	enum kvm_param_type type;
} params[] = {
	{ "allow_smaller_maxphyaddr", KVM_PARAM_BOOL },
	{ "cet", KVM_PARAM_BOOL },
	{ "dump_invalid_vmcs", KVM_PARAM_BOOL },
	{ "emulate_invalid_guest_state", KVM_PARAM_BOOL },
	{ "enable_apicv", KVM_PARAM_BOOL },
	{ "enable_device_posted_irqs", KVM_PARAM_BOOL },
	{ "enable_ipiv", KVM_PARAM_BOOL },
	{ "enable_mediated_pmu", KVM_PARAM_BOOL },
	{ "enable_shadow_vmcs", KVM_PARAM_BOOL },
	{ "enlightened_vmcs", KVM_PARAM_BOOL },
	{ "ept", KVM_PARAM_BOOL },
	{ "eptad", KVM_PARAM_BOOL },
	{ "error_on_inconsistent_vmcs_config", KVM_PARAM_BOOL },
	{ "fasteoi", KVM_PARAM_BOOL },
	{ "flexpriority", KVM_PARAM_BOOL },
	{ "mbec", KVM_PARAM_BOOL },
	{ "nested", KVM_PARAM_BOOL },
	{ "nested_early_check", KVM_PARAM_BOOL },
	{ "ple_gap", KVM_PARAM_UINT },
	{ "ple_window", KVM_PARAM_UINT },
	{ "ple_window_grow", KVM_PARAM_UINT },
	{ "ple_window_max", KVM_PARAM_UINT },
	{ "ple_window_shrink", KVM_PARAM_UINT },
	{ "pml", KVM_PARAM_BOOL },
	{ "preemption_timer", KVM_PARAM_BOOL },
	{ "pt_mode", KVM_PARAM_INT },
	{ "sgx", KVM_PARAM_BOOL },
	{ "tdx", KVM_PARAM_BOOL },
	{ "unrestricted_guest", KVM_PARAM_BOOL },
	{ "vmentry_l1d_flush", KVM_PARAM_TEXT },
	{ "vnmi", KVM_PARAM_BOOL },
	{ "vpid", KVM_PARAM_BOOL },
	{ "warn_on_missed_cc", KVM_PARAM_BOOL },
};

int kvm_param_type(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(params); i++)
		if (!strcmp(params[i].name, name))
			return params[i].type;
	return -1;
}

int kvm_param_bool(const char *v)
{
	/* what param_set_bool() takes, and what sysfs shows */
	if (!strcmp(v, "Y") || !strcmp(v, "y") || !strcmp(v, "1"))
		return 1;
	if (!strcmp(v, "N") || !strcmp(v, "n") || !strcmp(v, "0"))
		return 0;
	return -1;
}

/* A decimal number in [min, max], strictly: no sign junk, no overflow. */
static bool in_range(const char *v, long long min, long long max)
{
	char *end;
	long long n;

	if (!*v || (*v != '-' && (*v < '0' || *v > '9')))
		return false;
	errno = 0;
	n = strtoll(v, &end, 10);
	return !errno && !*end && n >= min && n <= max;
}

int kvm_param_check(const char *name, const char *value, bool must_know,
		    char *err, size_t len)
{
	int t = kvm_param_type(name);

	switch (t) {
	case KVM_PARAM_BOOL:
		if (kvm_param_bool(value) >= 0)
			return 0;
		snprintf(err, len, "kvm_intel parameter %s='%s' is not a boolean (Y, N, 1 or 0)",
			 name, value);
		return -1;
	case KVM_PARAM_INT:
		if (in_range(value, INT_MIN, INT_MAX))
			return 0;
		snprintf(err, len, "kvm_intel parameter %s='%s' is not an int (%d to %d)",
			 name, value, INT_MIN, INT_MAX);
		return -1;
	case KVM_PARAM_UINT:
		if (in_range(value, 0, UINT_MAX))
			return 0;
		snprintf(err, len, "kvm_intel parameter %s='%s' is not an unsigned int (0 to %u)",
			 name, value, UINT_MAX);
		return -1;
	case KVM_PARAM_TEXT:
		return 0;
	default:
		if (!must_know)
			return 0;
		snprintf(err, len, "unknown kvm_intel parameter '%s' (none of 5.10 to 7.3 has it)",
			 name);
		return -1;
	}
}
