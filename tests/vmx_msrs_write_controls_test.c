// SPDX-License-Identifier: GPL-2.0-only
/*
 * KVM_SET_MSRS on a vCPU's VMX control MSRs (vmx_set_vmx_msr() and
 * vmx_restore_control_msr() in nested.c): userspace may restrict what L1
 * is offered, never extend it.
 *
 *   - writing back the current value is accepted;
 *   - clearing any allowed-1 bit is accepted, and reads back as written;
 *   - setting an allowed-1 bit KVM does not support is refused;
 *   - clearing a must-be-1 (allowed-0) bit is refused;
 *   - an extra must-be-1 bit is accepted (KVM does not require allowed-0
 *     to lie within allowed-1);
 *   - since 6.0 (and 5.10.137), a cleared bit can be set again, as the
 *     reference is KVM's own value, not the vCPU's;
 *   - the non-TRUE controls are derived and refuse any write.
 */
#include <unistd.h>

#include "x86_64/kvm_behaviour.h"
#include "x86_64/nested.h"
#include "x86_64/write_probe.h"

static const enum vmx_msr_id restorable[] = {
	VMX_TRUE_PINBASED_CTLS, VMX_TRUE_PROCBASED_CTLS, VMX_TRUE_EXIT_CTLS,
	VMX_TRUE_ENTRY_CTLS, VMX_PROCBASED_CTLS2,
};

static const enum vmx_msr_id derived[] = {
	VMX_PINBASED_CTLS, VMX_PROCBASED_CTLS, VMX_EXIT_CTLS, VMX_ENTRY_CTLS,
};

static struct check_list checks;
static struct write_probe probe;
static struct vmx_msr_set sys;
static struct kver kv;

#define RULE_SUBSET	"vmx_restore_control_msr(): allowed-1 may shrink to any subset of KVM's"
#define RULE_NO_EXTRA	"vmx_restore_control_msr(): allowed-1 must stay within KVM's"
#define RULE_MUST_BE_1	"vmx_restore_control_msr(): KVM's must-be-1 bits stay 1"

/* A check of one MSR, carrying what frames its findings. */
static struct check *msr_check(const char *name, const char *rule,
			       const char *context)
{
	struct check *c = check_new(&checks, "%s.%s", name, rule);

	if (*context)
		check_context(c, "%s", context);
	return c;
}

static void one_msr(enum vmx_msr_id id)
{
	const char *name = vmx_msr_name(id);
	uint64_t s = msrs_get(&sys, id), v = probe_read(&probe, id);
	uint32_t s_lo = vmx_allowed0(s), s_hi = vmx_allowed1(s);
	uint32_t v_lo = vmx_allowed0(v), v_hi = vmx_allowed1(v);
	struct check *c;
	unsigned int b, extra = 32;
	char what[200], d[160], ctx[320];

	probe_context_beyond(ctx, sizeof(ctx), id, v, s);
	c = msr_check(name, "write_back_current_value_accepted", ctx);
	probe_write(&probe, c, id, v, ACCEPTED, true, "current value written back",
		    "vmx_restore_control_msr() accepts the vCPU's own value");

	c = msr_check(name, "clearing_each_allowed1_bit_accepted", ctx);
	for (b = 0; b < 32; b++) {
		if (!(v_hi & BIT(b)) || (v_lo & BIT(b)))
			continue;
		snprintf(what, sizeof(what), "%s cleared",
			 vmx_describe_bit(id, 32 + b, d, sizeof(d)));
		probe_write(&probe, c, id, v & ~BIT_ULL(32 + b), ACCEPTED, false,
			    what, RULE_SUBSET);
	}

	c = msr_check(name, "setting_unsupported_allowed1_bit_refused", ctx);
	for (b = 0; b < 32; b++) {
		if (s_hi & BIT(b))
			continue;
		snprintf(what, sizeof(what), "%s set",
			 vmx_describe_bit(id, 32 + b, d, sizeof(d)));
		probe_write(&probe, c, id, v | BIT_ULL(32 + b), REFUSED, false,
			    what, RULE_NO_EXTRA);
	}
	if (!s_hi)
		check_skip(c, "KVM offers no allowed-1 bit here");

	c = msr_check(name, "clearing_must_be_1_bit_refused", ctx);
	for (b = 0; b < 32; b++) {
		if (!(s_lo & BIT(b)))
			continue;
		snprintf(what, sizeof(what), "%s cleared",
			 vmx_describe_bit(id, b, d, sizeof(d)));
		probe_write(&probe, c, id, v & ~BIT_ULL(b), REFUSED, false, what,
			    RULE_MUST_BE_1);
	}
	if (!s_lo)
		check_skip(c, "KVM reports no must-be-1 bit here");

	/* A bit neither must-be-1 nor allowed-1: the strongest case. */
	for (b = 0; b < 32 && extra == 32; b++)
		if (!(v_lo & BIT(b)) && !(v_hi & BIT(b)))
			extra = b;
	c = msr_check(name, "extra_must_be_1_bit_accepted", ctx);
	if (extra == 32) {
		check_skip(c, "every bit is allowed-1 or must-be-1 already");
	} else {
		snprintf(what, sizeof(what), "%s set",
			 vmx_describe_bit(id, extra, d, sizeof(d)));
		probe_write(&probe, c, id, v | BIT_ULL(extra), ACCEPTED, false,
			    what, "vmx_restore_control_msr() checks only that KVM's must-be-1 bits stay set");
	}

	c = msr_check(name, "cleared_bit_can_be_set_again", ctx);
	if (!kvm_has(kv, KVM_RESTORE_CHECKS_SYSTEM_VALUE, d, sizeof(d))) {
		check_skip(c, "%s", d);
		return;
	}
	for (b = 0; b < 32; b++)
		if ((v_hi & BIT(b)) && !(v_lo & BIT(b)))
			break;
	if (b == 32) {
		check_skip(c, "no allowed-1 bit to clear");
		return;
	}
	snprintf(what, sizeof(what), "%s cleared",
		 vmx_describe_bit(id, 32 + b, d, sizeof(d)));
	if (probe_write(&probe, c, id, v & ~BIT_ULL(32 + b), ACCEPTED, true,
			what, RULE_SUBSET)) {
		snprintf(what, sizeof(what), "%s set again",
			 vmx_describe_bit(id, 32 + b, d, sizeof(d)));
		probe_write(&probe, c, id, v, ACCEPTED, true, what,
			    "vmx_restore_control_msr() compares with vmcs_config.nested, not the vCPU's value");
	}
}

int main(void)
{
	struct kvm_vm *vm;
	unsigned int i;
	int fd;

	tap_init();
	fd = nested_setup(&kv, &sys);
	vm = vm_create_barebones();
	probe.vcpu = vcpu_with_supported_cpuid(vm, 0);

	for (i = 0; i < ARRAY_SIZE(restorable); i++)
		one_msr(restorable[i]);
	for (i = 0; i < ARRAY_SIZE(derived); i++) {
		struct check *c = check_new(&checks, "%s.write_refused_even_with_current_value",
					    vmx_msr_name(derived[i]));

		probe_write(&probe, c, derived[i], probe_read(&probe, derived[i]),
			    REFUSED, false, "current value written back",
			    "vmx_set_vmx_msr(): the non-TRUE controls are generated from the TRUE ones");
	}
	nested_print_checks(&checks);
	tap_diag("%u KVM_SET_MSRS calls", probe.writes);
	check_list_free(&checks);
	vm_free(vm);
	close(fd);
	tap_finish();
}
