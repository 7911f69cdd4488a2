// SPDX-License-Identifier: GPL-2.0-only
/*
 * KVM_SET_MSRS on the VMX MSRs that are not controls, each with its own
 * rule in vmx_set_vmx_msr() (nested.c):
 *
 *   BASIC      feature bits may be cleared, never set beyond KVM's; bit 48
 *              (32-bit addresses) and reserved bits are refused; the
 *              revision must stay; the VMCS size may grow, not shrink; the
 *              memory type is not checked.  Bit 56 is reserved up to 6.17
 *              and a restorable feature from 6.18.
 *   MISC       feature bits may be cleared; reserved bits, CR3-target and
 *              MSR-list counts beyond KVM's and MSEG changes are refused;
 *              the preemption-timer rate is fixed while the vCPU's TRUE
 *              pin-based controls offer the timer.
 *   EPT_VPID_CAP, VMFUNC   any subset of KVM's value.
 *   CR0/CR4_FIXED0         any superset of KVM's; FIXED1: never writable.
 *   VMCS_ENUM  any value at all.
 */
#include <unistd.h>

#include "x86_64/kvm_behaviour.h"
#include "x86_64/nested.h"
#include "x86_64/write_probe.h"

static struct check_list checks;
static struct write_probe probe;
static struct vmx_msr_set sys;
static struct kver kv;

/* Probe each bit of mask (set in val or not, as chosen) one at a time. */
static void each_bit(struct check *c, enum vmx_msr_id id, uint64_t base,
		     uint64_t mask, bool set, enum expect want, const char *rule)
{
	char what[200], d[160];
	unsigned int b;

	for (b = 0; b < 64; b++) {
		if (!(mask & BIT_ULL(b)))
			continue;
		snprintf(what, sizeof(what), "%s %s",
			 vmx_describe_bit(id, b, d, sizeof(d)),
			 set ? "set" : "cleared");
		probe_write(&probe, c, id, set ? base | BIT_ULL(b) : base & ~BIT_ULL(b),
			    want, false, what, rule);
	}
	if (!mask)
		check_skip(c, "no such bit in KVM's value");
}

static void field(struct check *c, enum vmx_msr_id id, uint64_t base,
		  uint64_t mask, uint64_t val, enum expect want, const char *what,
		  const char *rule)
{
	probe_write(&probe, c, id, (base & ~mask) | (val & mask), want, false,
		    what, rule);
}

static void basic(void)
{
	enum vmx_msr_id id = VMX_BASIC;
	uint64_t s = msrs_get(&sys, id), v = probe_read(&probe, id);
	uint64_t feature = BIT_ULL(49) | BIT_ULL(54) | BIT_ULL(55);
	uint64_t reserved = BIT_ULL(31) | GENMASK_ULL(47, 45) | GENMASK_ULL(63, 57);
	char why[300];
	struct check *c;

	if (kvm_has(kv, KVM_RESTORES_BASIC_BIT56, why, sizeof(why)))
		feature |= BIT_ULL(56);
	else
		reserved |= BIT_ULL(56);

	c = check_new(&checks, "IA32_VMX_BASIC.write_back_current_value_accepted");
	probe_write(&probe, c, id, v, ACCEPTED, false, "current value written back",
		    "vmx_restore_vmx_basic() accepts KVM's own value");
	c = check_new(&checks, "IA32_VMX_BASIC.clearing_feature_bits_accepted");
	each_bit(c, id, v, v & feature, false, ACCEPTED,
		 "vmx_restore_vmx_basic(): feature bits may be cleared");
	c = check_new(&checks, "IA32_VMX_BASIC.setting_unsupported_feature_bits_refused");
	each_bit(c, id, v, feature & ~s, true, REFUSED,
		 "vmx_restore_vmx_basic(): feature bits stay within KVM's");
	c = check_new(&checks, "IA32_VMX_BASIC.setting_reserved_bits_refused");
	each_bit(c, id, v, reserved, true, REFUSED, why);
	c = check_new(&checks, "IA32_VMX_BASIC.setting_32bit_address_limit_refused");
	each_bit(c, id, v, BIT_ULL(48), true, REFUSED,
		 "vmx_restore_vmx_basic(): KVM never emulates 32-bit VMX addresses");
	c = check_new(&checks, "IA32_VMX_BASIC.changing_revision_refused");
	field(c, id, v, VMX_BASIC_REVISION_MASK, v + 1, REFUSED,
	      "bits 30:0 (VMCS revision identifier) changed",
	      "vmx_restore_vmx_basic(): the revision must equal KVM's");
	c = check_new(&checks, "IA32_VMX_BASIC.smaller_vmcs_size_refused");
	field(c, id, v, VMX_BASIC_VMCS_SIZE_MASK,
	      ((s & VMX_BASIC_VMCS_SIZE_MASK) - (1ULL << 32)), REFUSED,
	      "bits 44:32 (VMCS region size) made smaller than KVM's",
	      "vmx_restore_vmx_basic(): the size may not shrink below KVM's");
	c = check_new(&checks, "IA32_VMX_BASIC.larger_vmcs_size_accepted");
	field(c, id, v, VMX_BASIC_VMCS_SIZE_MASK, 0x1fffULL << 32, ACCEPTED,
	      "bits 44:32 (VMCS region size) set to 0x1fff",
	      "vmx_restore_vmx_basic(): a larger VMCS size is allowed");
	c = check_new(&checks, "IA32_VMX_BASIC.any_memory_type_accepted");
	field(c, id, v, VMX_BASIC_MEM_TYPE_MASK, 0, ACCEPTED,
	      "bits 53:50 (VMCS memory type) set to UC",
	      "vmx_restore_vmx_basic() does not check the memory type");
}

static void misc(void)
{
	enum vmx_msr_id id = VMX_MISC;
	uint64_t s = msrs_get(&sys, id), v = probe_read(&probe, id);
	uint64_t feature = BIT_ULL(5) | GENMASK_ULL(8, 6) | BIT_ULL(14) |
			   BIT_ULL(15) | GENMASK_ULL(30, 28);
	uint64_t reserved = GENMASK_ULL(13, 9) | BIT_ULL(31);
	uint64_t pin = probe_read(&probe, VMX_TRUE_PINBASED_CTLS);
	struct check *c;

	c = check_new(&checks, "IA32_VMX_MISC.write_back_current_value_accepted");
	probe_write(&probe, c, id, v, ACCEPTED, false, "current value written back",
		    "vmx_restore_vmx_misc() accepts KVM's own value");
	c = check_new(&checks, "IA32_VMX_MISC.clearing_feature_bits_accepted");
	each_bit(c, id, v, v & feature, false, ACCEPTED,
		 "vmx_restore_vmx_misc(): feature bits may be cleared");
	c = check_new(&checks, "IA32_VMX_MISC.setting_unsupported_feature_bits_refused");
	each_bit(c, id, v, feature & ~s, true, REFUSED,
		 "vmx_restore_vmx_misc(): feature bits stay within KVM's");
	c = check_new(&checks, "IA32_VMX_MISC.setting_reserved_bits_refused");
	each_bit(c, id, v, reserved, true, REFUSED,
		 "vmx_restore_vmx_misc(): reserved bits 13:9 and 31 stay 0");
	c = check_new(&checks, "IA32_VMX_MISC.cr3_target_count_above_kvm_refused");
	field(c, id, v, VMX_MISC_CR3_TARGET_COUNT_MASK, s + (1ULL << 16), REFUSED,
	      "bits 24:16 (number of CR3-target values) raised",
	      "vmx_restore_vmx_misc(): no more CR3-target values than KVM's");
	c = check_new(&checks, "IA32_VMX_MISC.msr_list_size_above_kvm_refused");
	field(c, id, v, VMX_MISC_MSR_LIST_SIZE_MASK, s + (1ULL << 25), REFUSED,
	      "bits 27:25 (MSR-list size) raised",
	      "vmx_restore_vmx_misc(): no larger MSR lists than KVM's");
	c = check_new(&checks, "IA32_VMX_MISC.changing_mseg_revision_refused");
	field(c, id, v, GENMASK_ULL(63, 32), s + (1ULL << 32), REFUSED,
	      "bits 63:32 (MSEG revision identifier) changed",
	      "vmx_restore_vmx_misc(): the MSEG revision must equal KVM's");

	c = check_new(&checks, "IA32_VMX_MISC.timer_rate_fixed_while_timer_offered");
	if (!(vmx_allowed1(pin) & BIT(6)))
		check_skip(c, "the vCPU's TRUE pin-based controls do not offer the preemption timer");
	else
		field(c, id, v, VMX_MISC_PREEMPTION_TIMER_RATE_MASK, s + 1, REFUSED,
		      "bits 4:0 (VMX-preemption timer rate) changed",
		      "vmx_restore_vmx_misc(): the rate is KVM's while the timer is offered");

	/* Take the timer away from the vCPU: the rate becomes free. */
	c = check_new(&checks, "IA32_VMX_MISC.timer_rate_free_without_timer");
	if (probe_write(&probe, c, VMX_TRUE_PINBASED_CTLS, pin & ~BIT_ULL(32 + 6),
			ACCEPTED, true, "allowed-1 bit 6 (activate VMX-preemption timer) cleared",
			"vmx_restore_control_msr(): allowed-1 may shrink")) {
		field(c, id, v, VMX_MISC_PREEMPTION_TIMER_RATE_MASK, s + 1, ACCEPTED,
		      "bits 4:0 (VMX-preemption timer rate) changed with the timer off",
		      "vmx_restore_vmx_misc() checks the rate only while the vCPU offers the timer");
		probe_write(&probe, c, VMX_TRUE_PINBASED_CTLS, pin, ACCEPTED, true,
			    "the pin-based controls restored",
			    "vmx_restore_control_msr(): KVM's own value");
	}
}

static void others(void)
{
	uint64_t cap = probe_read(&probe, VMX_EPT_VPID_CAP);
	uint64_t scap = msrs_get(&sys, VMX_EPT_VPID_CAP);
	uint64_t vmfunc = msrs_get(&sys, VMX_VMFUNC);
	struct check *c;
	unsigned int i;
	static const struct {
		enum vmx_msr_id id;
		uint64_t extra;
		const char *what;
	} fixed0[] = {
		{ VMX_CR0_FIXED0, BIT_ULL(1), "bit 1 (CR0.MP) added" },
		{ VMX_CR4_FIXED0, BIT_ULL(0), "bit 0 (CR4.VME) added" },
	};

	c = check_new(&checks, "IA32_VMX_EPT_VPID_CAP.write_back_current_value_accepted");
	probe_write(&probe, c, VMX_EPT_VPID_CAP, cap, ACCEPTED, false,
		    "current value written back", "vmx_restore_vmx_ept_vpid_cap()");
	c = check_new(&checks, "IA32_VMX_EPT_VPID_CAP.clearing_each_bit_accepted");
	each_bit(c, VMX_EPT_VPID_CAP, cap, cap, false, ACCEPTED,
		 "vmx_restore_vmx_ept_vpid_cap(): any subset of KVM's capabilities");
	c = check_new(&checks, "IA32_VMX_EPT_VPID_CAP.setting_unsupported_bit_refused");
	each_bit(c, VMX_EPT_VPID_CAP, cap, ~scap, true, REFUSED,
		 "vmx_restore_vmx_ept_vpid_cap(): no capability beyond KVM's");

	c = check_new(&checks, "IA32_VMX_VMFUNC.zero_and_kvm_value_accepted");
	probe_write(&probe, c, VMX_VMFUNC, 0, ACCEPTED, false, "set to 0",
		    "vmx_set_vmx_msr(): any subset of KVM's VM functions");
	probe_write(&probe, c, VMX_VMFUNC, vmfunc, ACCEPTED, false,
		    "set to KVM's value", "vmx_set_vmx_msr(): KVM's own value");
	c = check_new(&checks, "IA32_VMX_VMFUNC.unsupported_function_refused");
	each_bit(c, VMX_VMFUNC, vmfunc, ~vmfunc & GENMASK_ULL(7, 0), true, REFUSED,
		 "vmx_set_vmx_msr(): no VM function beyond KVM's");

	for (i = 0; i < ARRAY_SIZE(fixed0); i++) {
		enum vmx_msr_id id = fixed0[i].id;
		uint64_t s = msrs_get(&sys, id);

		c = check_new(&checks, "%s.superset_accepted", vmx_msr_name(id));
		probe_write(&probe, c, id, s | fixed0[i].extra, ACCEPTED, false,
			    fixed0[i].what,
			    "vmx_restore_fixed0_msr(): more bits may be fixed to 1");
		c = check_new(&checks, "%s.clearing_fixed_bit_refused", vmx_msr_name(id));
		each_bit(c, id, s, s, false, REFUSED,
			 "vmx_restore_fixed0_msr(): KVM's fixed-1 bits stay fixed");
	}
	for (i = VMX_CR0_FIXED1; i <= VMX_CR4_FIXED1; i += 2) {
		c = check_new(&checks, "%s.write_refused_even_with_current_value",
			      vmx_msr_name(i));
		probe_write(&probe, c, i, probe_read(&probe, i), REFUSED, false,
			    "current value written back",
			    "vmx_set_vmx_msr(): FIXED1 is generated from guest CPUID");
	}

	c = check_new(&checks, "IA32_VMX_VMCS_ENUM.any_value_accepted");
	probe_write(&probe, c, VMX_VMCS_ENUM, 0, ACCEPTED, false, "set to 0",
		    "vmx_set_vmx_msr() stores VMCS_ENUM unchecked");
	probe_write(&probe, c, VMX_VMCS_ENUM, ~0ULL, ACCEPTED, false, "set to all ones",
		    "vmx_set_vmx_msr() stores VMCS_ENUM unchecked");
}

int main(void)
{
	struct kvm_vm *vm;
	int fd;

	tap_init();
	fd = nested_setup(&kv, &sys);
	vm = vm_create_barebones();
	probe.vcpu = vcpu_with_supported_cpuid(vm, 0);

	basic();
	misc();
	others();
	nested_print_checks(&checks);
	tap_diag("%u KVM_SET_MSRS calls", probe.writes);
	check_list_free(&checks);
	vm_free(vm);
	close(fd);
	tap_finish();
}
