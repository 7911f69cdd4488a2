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
#include "x86_64/host.h"
#include "x86_64/l1.h"

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

/* Bits of a mask as "0,3,5-7", or "-". */
static const char *bit_list(uint32_t m, char *buf, size_t len)
{
	unsigned int b = 0, n = 0;

	buf[0] = '\0';
	while (b < 32) {
		unsigned int e = b;

		if (!(m & BIT(b))) {
			b++;
			continue;
		}
		while (e < 31 && (m & BIT(e + 1)))
			e++;
		n += snprintf(buf + n, len - n, n ? ",%u" : "%u", b);
		if (e > b)
			n += snprintf(buf + n, len - n, "-%u", e);
		b = e + 1;
	}
	if (!n)
		snprintf(buf, len, "-");
	return buf;
}

enum { COV_ENTERED, COV_REFUSED_SET, COV_REFUSED_CLEAR, COV_UNCOVERED,
       COV_FAILED, NR_COV };

static const char *const cov_names[NR_COV] = {
	"entered", "refused set", "refused cleared", "uncovered", "failed",
};

static void report_probes(const struct ctl_probe *res, unsigned int n)
{
	uint32_t cov[VMX_NR_CTL_WORDS][NR_COV] = { { 0 } };
	unsigned int total[NR_COV] = { 0 };
	char name[128], msg[1024], bits[128];
	unsigned int i, w, k;

	for (i = 0; i < n; i++) {
		const struct ctl_probe *p = &res[i];
		enum tap_status st = vmx_ctl_verdict(p, msg, sizeof(msg));

		vmx_ctl_probe_name(p, name, sizeof(name));
		if (st == TAP_SKIP) {
			tap_skip(msg, "%s", name);
			k = COV_UNCOVERED;
		} else {
			tap_result(st, NULL, "%s", name);
			if (st == TAP_FAIL)
				tap_diag("%s", msg);
			k = st == TAP_FAIL ? COV_FAILED :
			    p->cls == CTL_FLEX ? COV_ENTERED :
			    p->cls == CTL_MUST1 ? COV_REFUSED_CLEAR :
			    COV_REFUSED_SET;
		}
		cov[p->word][k] |= BIT(p->bit);
		total[k]++;
	}
	tap_diag("coverage: %u bits entered (set, L2 ran to VMCALL), %u refused (%u may-not-be-1 set, %u must-be-1 cleared), %u uncovered, %u failed",
		 total[COV_ENTERED],
		 total[COV_REFUSED_SET] + total[COV_REFUSED_CLEAR],
		 total[COV_REFUSED_SET], total[COV_REFUSED_CLEAR],
		 total[COV_UNCOVERED], total[COV_FAILED]);
	for (w = VMX_CTL_PIN; w <= VMX_CTL_ENTRY; w++)
		for (k = 0; k < NR_COV; k++)
			if (cov[w][k])
				tap_diag("coverage: %s %s: %s",
					 vmx_msrs[res[(w - 1) * 32].msr_id].short_name,
					 cov_names[k],
					 bit_list(cov[w][k], bits, sizeof(bits)));
}

int main(void)
{
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm;
	struct ucall uc;
	char buf[160];
	struct vmx_ret r;
	struct l1_vm l;

	tap_init();
	host_require_nested_vmx();
	l1_vm_create(&l, l1_guest, RESULT_PAGES);
	vm = l.vm;
	vcpu = l.vcpu;
	vmx_sync_break(vm);
	if (vmx_emulator())
		tap_diag("the host kernel runs in %s: its known VMX deviations are skips that say so",
			 vmx_emulator());
	TEST_ASSERT(l.pages->results_size >= NR_PROBES * sizeof(struct ctl_probe),
		    "results area too small");
	l.pages->ept_root = vmx_ept_build(vm);
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
	report_probes(addr_gva2hva(vm, l.pages->results), NR_PROBES);
	TEST_ASSERT(vmx_run_l1(vcpu, &uc) == UCALL_DONE, "no done");
	vmx_report_missing_fields(vm);
	vm_free(vm);
	tap_finish();
}
