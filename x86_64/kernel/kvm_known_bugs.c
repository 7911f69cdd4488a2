// SPDX-License-Identifier: GPL-2.0-only
/*
 * The known KVM bugs, as data.  Each entry says which check it explains,
 * the text every finding of it must contain, the kernels it was seen in,
 * and what is wrong, with the functions involved, so that a kernel
 * developer can go straight to the source.
 */
#include <fnmatch.h>
#include <string.h>

#include "x86_64/kvm_known_bugs.h"

static const struct {
	const char *check;	/* fnmatch() pattern on the check's name */
	const char *signature;	/* the finding must contain this */
	struct kver_range kernels;	/* open end: not known to be fixed */
	const char *what;
} bugs[] = {
	{
		/*
		 * nested_vmx_setup_{entry,exit}_ctls() always offer "load
		 * IA32_PERF_GLOBAL_CTRL" (emulated since 6.1), but vmcs12.c's
		 * cpu_has_vmcs12_field() drops the two fields when the host's
		 * vmcs_config lacks the control: Nehalem/Westmere's erratum,
		 * where setup_vmcs_config() clears it, and CPUs without it
		 * (Core 2 Conroe, VIA, Zhaoxin).  "KVM: nVMX: Disallow access to
		 * vmcs12 fields that aren't supported by hardware" (7.0); seen
		 * in 7.2.13 and 7.3.4, not in 6.12.117.
		 */
		.check = "vmread.*_IA32_PERF_GLOBAL_CTRL",
		.signature = "got VMfailValid 12",
		.kernels = KVR_FROM(KV_AT(7, 0)),
		.what = "KVM bug (7.0+, seen in 7.2.13 and 7.3.4): the VM-entry/VM-exit controls offer load IA32_PERF_GLOBAL_CTRL, but cpu_has_vmcs12_field() hides its VMCS fields on hosts without it (Nehalem/Westmere erratum), so VMREAD fails with error 12",
	},
};

const char *kvm_known_bug(const char *name, const char *text, struct kver kv)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bugs); i++) {
		if (fnmatch(bugs[i].check, name, 0) ||
		    !strstr(text, bugs[i].signature) ||
		    kver_range_test(bugs[i].kernels, kv) != KVER_IN)
			continue;
		return bugs[i].what;
	}
	return NULL;
}
