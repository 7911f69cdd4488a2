// SPDX-License-Identifier: GPL-2.0-only
/*
 * Every bit of every VMX control MSR, tried by a VM entry in L1.
 *
 * L1 reads the pin-based, primary and secondary processor-based, VM-exit
 * and VM-entry control MSRs (the TRUE ones when BASIC bit 55 says they
 * exist) and, for each of the 32 bits of each word, does one VM entry:
 *   - may not be 1 (allowed-1 = 0): set it; VM entry must fail with
 *     VM-instruction error 7 (SDM 26.2.1: "VM entry with invalid control
 *     field(s)");
 *   - must be 1 (allowed-0 = 1): clear it; the same failure;
 *   - may be 1: set it, with what the SDM makes it depend on; VM entry
 *     must succeed and L2 must run to its VMCALL.
 * Each bit is one TAP line; a bit that needs set-up the suite does not
 * provide is a skip that says what is missing, never a pass.
 *
 * NVMX_L1_BREAK=must1 or =may1 makes L1 compute the controls from a wrong
 * mask: this test must then fail, naming the bits (docs/l1-tests.md).
 */
#include <stdio.h>
#include <string.h>

#include "kvm_util.h"
#include "ucall.h"
#include "x86_64/vmx.h"

#define NR_PROBES	(5 * 32)
#define RESULT_PAGES	4

enum { SYNC_BASELINE = 1, SYNC_PROBES };

static void l1_guest(uint64_t pages_gva)
{
	struct vmx_pages *p = (struct vmx_pages *)pages_gva;
	struct ctl_probe *res = (struct ctl_probe *)p->results;
	struct vmx_caps c;
	struct vmx_ret r;
	char buf[128];
	unsigned int w, b, n = 0;
	bool ept;

	vmx_read_caps(&c);
	r = vmx_enable(&c, p->vmxon);
	GUEST_ASSERT_MSG(vmx_ok(r), "VMXON: %s", vmx_ret_str(r, buf, sizeof(buf)));
	vmx_vmcs_setup(&c, p, l2_vmcall_stub, p->l2_stack_top);

	/* The baseline alone first: every other probe builds on it. */
	r = vmx_run_l2(p, l2_vmcall_stub);
	GUEST_SYNC_ARGS(SYNC_BASELINE, r.outcome, r.error, vmx_l2_mark,
			c.msr[VMX_BASIC]);

	ept = p->ept_root && vmx_ept_usable(&c);
	for (w = VMX_CTL_PIN; w <= VMX_CTL_ENTRY; w++) {
		for (b = 0; b < 32; b++, n++) {
			vmx_ctl_plan(&c, ept, w, b, &res[n]);
			vmx_ctl_execute(&c, p, &res[n]);
		}
	}
	GUEST_SYNC_ARGS(SYNC_PROBES, n);
	vmxoff();
	GUEST_DONE();
}

struct coverage {
	unsigned int entered, refused_set, refused_clear, uncovered, failed;
};

static void report_probes(const struct ctl_probe *res, unsigned int n)
{
	struct coverage cov = { 0 };
	char name[128], msg[1024];
	unsigned int i;

	for (i = 0; i < n; i++) {
		const struct ctl_probe *p = &res[i];
		enum tap_status st = vmx_ctl_verdict(p, msg, sizeof(msg));

		vmx_ctl_probe_name(p, name, sizeof(name));
		if (st == TAP_SKIP) {
			tap_skip(msg, "%s", name);
			cov.uncovered++;
			continue;
		}
		tap_result(st, NULL, "%s", name);
		if (st == TAP_FAIL) {
			tap_diag("%s", msg);
			cov.failed++;
		} else if (p->cls == CTL_FLEX) {
			cov.entered++;
		} else if (p->cls == CTL_MUST1) {
			cov.refused_clear++;
		} else {
			cov.refused_set++;
		}
	}
	tap_diag("coverage: %u bits entered (set, L2 ran to VMCALL), %u refused (%u may-not-be-1 set, %u must-be-1 cleared), %u uncovered, %u failed",
		 cov.entered, cov.refused_set + cov.refused_clear,
		 cov.refused_set, cov.refused_clear, cov.uncovered, cov.failed);
}

int main(void)
{
	struct vmx_pages *pages;
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm;
	struct ucall uc;
	uint64_t gva;
	char buf[160];
	struct vmx_ret r;

	tap_init();
	vmx_require_nested();
	vm = vm_create(0);
	vcpu = vm_vcpu_add(vm, 0, l1_guest);
	vmx_require_vcpu_vmx(vcpu);
	vmx_sync_break(vm);

	gva = vmx_pages_create(vm, RESULT_PAGES);
	pages = vmx_pages_hva(vm, gva);
	TEST_ASSERT(pages->results_size >= NR_PROBES * sizeof(struct ctl_probe),
		    "results area too small");
	pages->ept_root = vmx_ept_build(vm);
	vcpu_args_set(vcpu, 1, gva);
	tap_plan(1 + NR_PROBES);

	TEST_ASSERT(vmx_run_l1(vcpu, &uc) == UCALL_SYNC &&
		    uc.args[0] == SYNC_BASELINE, "no baseline sync");
	r = (struct vmx_ret){ .outcome = uc.args[1], .error = uc.args[2] };
	if (r.outcome == VMX_EXITED && r.error == EXIT_REASON_VMCALL &&
	    uc.args[3] == L2_MARK)
		tap_pass("baseline_entry_runs_l2");
	else
		tap_fail("baseline_entry_runs_l2");
	tap_diag("baseline (must-be-1 controls, 64-bit host and guest): wanted VM exit 18 (VMCALL) with L2's mark, got %s, mark 0x%lx",
		 vmx_ret_str(r, buf, sizeof(buf)), (unsigned long)uc.args[3]);

	TEST_ASSERT(vmx_run_l1(vcpu, &uc) == UCALL_SYNC &&
		    uc.args[0] == SYNC_PROBES && uc.args[1] == NR_PROBES,
		    "no probe results");
	report_probes(addr_gva2hva(vm, pages->results), NR_PROBES);
	TEST_ASSERT(vmx_run_l1(vcpu, &uc) == UCALL_DONE, "no done");
	vm_free(vm);
	tap_finish();
}
