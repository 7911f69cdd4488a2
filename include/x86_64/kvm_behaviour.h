/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * How KVM lets userspace read and write the VMX MSRs, where that changed
 * between kernel versions.  Data, with the commit or function each rule
 * rests on, so that a test skips a rule on a kernel without it and says
 * why.  (How KVM *derives* the values is the model's business:
 * include/x86_64/model_rules.h.)
 *
 * The versions are real kernel versions, not the modelled ones: a 6.5
 * kernel freezes feature MSRs after KVM_RUN even though the model
 * approximates it by 6.1.
 */
#ifndef NVMX_KVM_BEHAVIOUR_H
#define NVMX_KVM_BEHAVIOUR_H

#include <stdbool.h>
#include <stddef.h>

#include "kver.h"
#include "test_util.h"

enum kvm_behaviour {
	/*
	 * vmx_restore_*() check a write against vmcs_config.nested, not
	 * against the vCPU's current value, so a cleared bit can be set again.
	 */
	KVM_RESTORE_CHECKS_SYSTEM_VALUE,
	/* do_set_msr(): after KVM_RUN a VMX MSR write must keep the value. */
	KVM_FREEZES_MSRS_AFTER_RUN,
	/* ... and even a same-value write goes through vmx_set_vmx_msr(). */
	KVM_VALIDATES_SAME_VALUE_WRITES,
	/* vmx_restore_vmx_basic(): bit 56 is a feature bit, not reserved. */
	KVM_RESTORES_BASIC_BIT56,
	/* KVM_X86_QUIRK_STUFF_FEATURE_MSRS gates the vCPU's initial values. */
	KVM_HAS_STUFF_FEATURE_MSRS_QUIRK,
	NR_KVM_BEHAVIOURS,
};

/*
 * Whether the kernel has the behaviour.  why gets a sentence for a skip
 * or a message: "since 6.4 (0094f62c7eaa, do_set_msr())".
 */
bool kvm_has(struct kver kv, enum kvm_behaviour b, char *why, size_t len);

#endif
