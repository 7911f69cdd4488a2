// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host side of the L1 tests: gating on nested VMX, NVMX_L1_BREAK, and the
 * run loop that turns L1's messages into TAP.
 */
#include <stdio.h>
#include <stdlib.h>

#include "kvm_util.h"
#include "profile.h"
#include "ucall.h"
#include "x86_64/host.h"
#include "x86_64/l1.h"

/*
 * L1's RAM: its VMX pages, results, page and EPT tables and the image's
 * writable data take well under 1 MiB.  vmx_ept_build() maps every page
 * of it, one 4 KiB entry each (tests remap single pages), so the default
 * 64 MiB cost each EPT test 16384 entries, ~14 ms of emulated time.
 */
#define L1_RAM_BYTES	(8UL << 20)

void vmx_require_vcpu_vmx(struct kvm_vcpu *vcpu)
{
	struct kvm_cpuid2 *c = vcpu_get_cpuid(vcpu);
	bool vmx = cpuid_has(c, X86_FEATURE_VMX);

	free(c);
	TEST_REQUIRE(vmx, "the vCPU's CPUID has no VMX: KVM's supported CPUID does not offer nested VMX");
}

int vmx_l1_break_from_env(void)
{
	const char *s = getenv("NVMX_L1_BREAK");

	if (!s || !*s)
		return VMX_BREAK_NONE;
	if (!strcmp(s, "must1"))
		return VMX_BREAK_MUST1;
	if (!strcmp(s, "may1"))
		return VMX_BREAK_MAY1;
	tap_bail("NVMX_L1_BREAK=%s: unknown (must1 or may1)", s);
}

void vmx_sync_break(struct kvm_vm *vm)
{
	vmx_l1_break = vmx_l1_break_from_env();
	sync_global_to_guest(vm, vmx_l1_break);
	if (vmx_l1_break)
		tap_diag("NVMX_L1_BREAK=%s: L1 computes controls from a deliberately wrong mask; this run must fail",
			 getenv("NVMX_L1_BREAK"));
}

const char *vmx_emulator(void)
{
	static char ver[64];
	static bool done;
	char vendor[64];

	if (!done) {
		done = true;
		if (!read_text_file("/sys/class/dmi/id/bios_vendor", vendor,
				    sizeof(vendor)) &&
		    !strcmp(vendor, "The Bochs Project") &&
		    read_text_file("/sys/class/dmi/id/bios_version", ver,
				   sizeof(ver)))
			snprintf(ver, sizeof(ver), "Bochs");
	}
	return ver[0] ? ver : NULL;
}

uint64_t vmx_run_l1(struct kvm_vcpu *vcpu, struct ucall *uc)
{
	for (;;) {
		uint64_t cmd = vcpu_run_ucall(vcpu, uc);

		switch (cmd) {
		case UCALL_PRINTF:
			tap_diag("L1: %s", uc->buffer);
			continue;
		case UCALL_ABORT:
			tap_fail("l1_guest_ran_to_the_end");
			tap_diag("L1 assertion at %s:%lu: %s", uc->file,
				 (unsigned long)uc->line, uc->buffer);
			tap_finish();
		default:
			return cmd;
		}
	}
}

unsigned int vmx_report_missing_fields(struct kvm_vm *vm)
{
	unsigned int i;

	sync_global_from_guest(vm, vmx_nr_missing);
	sync_global_from_guest(vm, vmx_missing_fields);
	for (i = 0; i < vmx_nr_missing && i < VMX_MAX_MISSING; i++)
		tap_diag("L1 could not write %s (0x%04x), though the MSRs advertise its feature: VMfailValid 12 (see l1_vmcs_enum_test); set-up went on without it",
			 vmcs_field_name(vmx_missing_fields[i]),
			 vmx_missing_fields[i]);
	return vmx_nr_missing;
}

/* L1's VM entries, counted in the guest's copy of vmx_nr_entries. */
static void l1_count_entries(struct kvm_vm *vm)
{
	if (!prof_enabled())
		return;
	sync_global_from_guest(vm, vmx_nr_entries);
	prof_events(PROF_L1_ENTRIES, vmx_nr_entries);
}

void l1_vm_create(struct l1_vm *l, void *guest_code, unsigned int result_pages)
{
	l->vm = vm_create(L1_RAM_BYTES);
	l->vm->run_phase = PROF_L1_ENTRIES;
	l->vm->before_free = l1_count_entries;
	l->vcpu = vm_vcpu_add(l->vm, 0, guest_code);
	vmx_require_vcpu_vmx(l->vcpu);
	l->gva = vmx_pages_create(l->vm, result_pages);
	l->pages = vmx_pages_hva(l->vm, l->gva);
	vcpu_args_set(l->vcpu, 1, l->gva);
}

void l1_vm_finish(struct l1_vm *l)
{
	struct ucall uc;

	TEST_ASSERT(vmx_run_l1(l->vcpu, &uc) == UCALL_DONE, "L1 did not finish");
	l1_lines_print(l->vm, l->pages);
	vmx_report_missing_fields(l->vm);
	vm_free(l->vm);
}
