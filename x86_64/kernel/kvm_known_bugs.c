// SPDX-License-Identifier: GPL-2.0-only
/*
 * The known KVM bugs, as data.  Each entry says which check it explains,
 * the text every finding of it must contain, the kernels it was seen in,
 * and what is wrong, with the functions involved, so that a kernel
 * developer can go straight to the source.
 */
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>

#include "x86_64/check.h"
#include "x86_64/kvm_known_bugs.h"

static const struct {
	const char *check;	/* fnmatch() pattern on the check's name */
	/*
	 * Every failing finding of the check, or the context the test
	 * recorded for it (check_context()), must contain this.
	 */
	const char *signature;
	/* When the context carries the signature: what every failing
	 * finding must still say, so that only the bug's own kind of
	 * failure is excused. */
	const char *findings;
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
	{
		/*
		 * 5.10's nested_vmx_setup_ctls_msrs() leaves "enable user wait
		 * and pause" out of KVM's own PROCBASED_CTLS2, yet
		 * vmx_compute_secondary_exec_control() adds it to the vCPU's
		 * value when guest CPUID has WAITPKG and the host has the
		 * control.  Since 5.10.137 vmx_restore_control_msr() compares
		 * a write with KVM's own value, so the vCPU's own value, and
		 * every value derived from it, is refused.  "KVM: nVMX:
		 * Properly expose ENABLE_USR_WAIT_PAUSE control to L1" (6.3,
		 * in 6.1 stable; Debian's 6.1.192 has it); seen in 5.10.251
		 * and 5.10.262 on Bochs's sapphire_rapids and arrow_lake,
		 * whose WAITPKG is the only way a 5.10 vCPU gets there.
		 */
		.check = "IA32_VMX_PROCBASED_CTLS2.*",
		.signature = "allowed-1 bit 26 (enable user wait and pause), which KVM's own value lacks",
		.findings = "wanted accepted, got refused",
		.kernels = KVR_UNTIL(KV_WINDOW(5, 10, 6, 1)),
		.what = "KVM bug (before 6.1, seen in 5.10.251 and 5.10.262): the vCPU's IA32_VMX_PROCBASED_CTLS2 gains 'enable user wait and pause' from guest WAITPKG but KVM's own value lacks it, and vmx_restore_control_msr() checks writes against KVM's own value, so it refuses the vCPU's own value and any value keeping that bit; fixed by 'KVM: nVMX: Properly expose ENABLE_USR_WAIT_PAUSE control to L1' (6.3, 6.1 stable)",
	},
};

static bool bug_applies(unsigned int i, const char *name, struct kver kv)
{
	return !fnmatch(bugs[i].check, name, 0) &&
	       kver_range_test(bugs[i].kernels, kv) == KVER_IN;
}

const char *kvm_known_bug(const char *name, const char *text, struct kver kv)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bugs); i++)
		if (bug_applies(i, name, kv) && strstr(text, bugs[i].signature))
			return bugs[i].what;
	return NULL;
}

/*
 * Whether bug i explains every failing finding of c: each carries the
 * signature, or the context does and each says what the bug does.
 */
static bool bug_explains(unsigned int i, const struct check *c)
{
	const char *need = bugs[i].signature;
	unsigned int j, failing = 0;

	if (bugs[i].findings && strstr(c->context, bugs[i].signature))
		need = bugs[i].findings;
	for (j = 0; j < c->nr_findings; j++) {
		const struct finding *f = &c->findings[j];

		if (finding_is_warning(f))
			continue;
		if (!strstr(f->text, need))
			return false;
		failing++;
	}
	return failing;
}

unsigned int checks_mark_known_bugs(struct check_list *l, struct kver kv)
{
	unsigned int i, b, n = 0;

	for (i = 0; i < l->nr; i++) {
		struct check *c = &l->v[i];

		if (c->status != TAP_FAIL || c->broken)
			continue;
		for (b = 0; b < ARRAY_SIZE(bugs); b++) {
			if (!bug_applies(b, c->name, kv) || !bug_explains(b, c))
				continue;
			c->status = TAP_XFAIL;
			snprintf(c->reason, sizeof(c->reason), "%s", bugs[b].what);
			n++;
			break;
		}
	}
	return n;
}
