// SPDX-License-Identifier: GPL-2.0-only
/*
 * Every bit of every nested VMX MSR KVM reports, against the model's
 * prediction from this host's raw MSRs, CPUID, kvm_intel parameters and
 * kernel version.  A kernel change that exposes a bit the host cannot
 * back, or hides one it can, shows here as a named bit and the rule that
 * says what it should be.
 *
 * Also: the kvm_intel parameters as hardware_setup() would leave them,
 * the vCPU values after KVM_SET_CPUID2 (the supported CPUID, and one with
 * features cleared), the invariants of KVM's nested values, and
 * /proc/cpuinfo's "vmx flags" against the raw MSRs.
 *
 * The raw MSRs come from /dev/cpu/0/msr, read only; as root the msr
 * module is loaded if it is missing.  Without them only the checks that
 * need no raw values run, and the test says so.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kvm_util.h"
#include "x86_64/host.h"
#include "x86_64/nested.h"
#include "x86_64/kvm_nested_invariants.h"
#include "x86_64/model.h"
#include "x86_64/snapshot.h"
#include "x86_64/vmx_flags.h"

/* Guest CPUID features whose absence changes the vCPU's VMX MSRs. */
static const struct x86_feature cleared[] = {
	X86_FEATURE_RDTSCP, X86_FEATURE_RDPID, X86_FEATURE_INVPCID,
	X86_FEATURE_RDRAND, X86_FEATURE_RDSEED, X86_FEATURE_XSAVES,
	X86_FEATURE_WAITPKG, X86_FEATURE_UMIP, X86_FEATURE_SMAP,
	X86_FEATURE_FSGSBASE, X86_FEATURE_PKU, X86_FEATURE_LA57,
};

static struct vmx_snapshot snap;
static struct model_result pred;
static model_why_t vcpu_why[NR_VMX_MSRS];

/* modprobe msr, as root only, when /dev/cpu/0/msr does not exist. */
static void load_msr_module(void)
{
	pid_t pid;
	int status;

	if (!access("/dev/cpu/0/msr", F_OK) || geteuid())
		return;
	pid = fork();
	if (pid == 0) {
		freopen("/dev/null", "w", stdout);
		freopen("/dev/null", "w", stderr);
		execlp("modprobe", "modprobe", "msr", (char *)NULL);
		_exit(127);
	}
	if (pid > 0 && waitpid(pid, &status, 0) == pid &&
	    WIFEXITED(status) && !WEXITSTATUS(status))
		tap_diag("loaded the msr module for /dev/cpu/0/msr");
	else
		tap_diag("modprobe msr failed: /dev/cpu/0/msr stays absent");
}

/* A vCPU with the supported CPUID minus cleared[]: its 18 MSRs. */
static int vcpu_with_cleared_cpuid(struct vmx_msr_set *got,
				   struct cpuid_set *guest)
{
	struct kvm_cpuid2 *c = cpuid_dup(kvm_get_supported_cpuid());
	struct kvm_vm *vm = vm_create_barebones();
	struct kvm_vcpu *vcpu = vm_vcpu_add_raw(vm, 0);
	unsigned int i;
	int r;

	for (i = 0; i < ARRAY_SIZE(cleared); i++)
		cpuid_set_feature(c, cleared[i], false);
	cpuid_set_from_kvm(guest, c);
	memset(got, 0, sizeof(*got));
	r = __vcpu_set_cpuid(vcpu, c);
	if (!r) {
		for (i = 0; i < NR_KVM_VMX_MSRS; i++) {
			uint64_t v;

			if (vcpu_get_msr(vcpu, vmx_msrs[i].index, &v) == 1)
				msrs_set(got, i, v);
		}
	}
	vm_free(vm);
	free(c);
	return r;
}

static void print_prediction_notes(void)
{
	unsigned int i;

	tap_diag("model: %s", pred.version_note);
	for (i = 0; i < pred.nr_assumptions; i++)
		tap_diag("model assumes: %s", pred.assumptions[i]);
	for (i = 0; i < snap.nr_notes; i++)
		tap_diag("capture: %s", snap.notes[i]);
}

/* The raw MSRs are missing: the checks that need none, and skips. */
static void without_raw(struct check_list *out)
{
	const char *why = "no /dev/cpu/0/msr";
	char reason[320];
	unsigned int i;

	for (i = 0; i < snap.nr_notes; i++)
		if (strstr(snap.notes[i], "hardware MSRs"))
			why = snap.notes[i];
	snprintf(reason, sizeof(reason), "the raw VMX MSRs are unreadable (%s)",
		 why);
	tap_diag("%s: only the checks that need no raw values run", reason);
	model_check_without_raw(&snap, false, reason, out);
}

int main(void)
{
	struct capture_opts co = { .cpu = 0 };
	struct check_list out = { 0 };
	char err[400];
	struct cpuid_set guest;

	tap_init();
	host_require_nested_vmx();
	load_msr_module();
	snapshot_capture(&snap, &co);
	TEST_REQUIRE(snap.have_kver, "cannot tell the kernel version from uname");
	TEST_REQUIRE(!msrs_empty(&snap.msrs[VIEW_SYS]),
		     "KVM reports no VMX MSR on the system fd although nested=Y");

	if (msrs_empty(&snap.msrs[VIEW_HW])) {
		without_raw(&out);
		nested_print_checks(&out);
		check_list_free(&out);
		tap_finish();
	}

	if (model_check_snapshot(&snap, &pred, &out, err, sizeof(err)))
		tap_skip_all("the model cannot serve this host: %s", err);
	print_prediction_notes();

	/* a vCPU whose CPUID lacks the features the rules look at */
	if (pred.nested) {
		struct vmx_msr_set got, vcpu;
		int r = vcpu_with_cleared_cpuid(&got, &guest);

		if (r) {
			check_fail(check_new(&out, "vcpu_cleared.set_cpuid"),
				   "KVM_SET_CPUID2 with features cleared failed: %s",
				   strerror(-r));
		} else {
			struct model_tolerance tol;

			model_predict_vcpu(&pred, &snap, &guest, &vcpu, vcpu_why);
			model_tolerance(&snap, NULL, &pred, &guest, &tol);
			model_compare_set(&vcpu, vcpu_why, &got, "vcpu_cleared.",
					  "KVM reports", &tol, &out);
		}
	}

	nested_print_checks(&out);
	check_list_free(&out);
	tap_finish();
}
