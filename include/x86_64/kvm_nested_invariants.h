/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What KVM's nested VMX MSRs must satisfy, whatever the host: constant
 * halves, bits KVM always emulates, bits it never exposes, the relations
 * between controls, capabilities and parameters (section E of
 * nested-vmx-rules.md, each rule re-read in the modelled sources).
 *
 * These are stated independently of the model's rule tables, so that a
 * prediction that breaks one is a model bug caught by a second reading
 * of the source, and a KVM that breaks one is a kernel bug.
 */
#ifndef NVMX_KVM_NESTED_INVARIANTS_H
#define NVMX_KVM_NESTED_INVARIANTS_H

#include <stdbool.h>

#include "x86_64/check.h"
#include "x86_64/model_rules.h"
#include "x86_64/snapshot.h"

struct kvm_inv_ctx {
	/*
	 * The kernel whose rules apply: kv (each row's range tested there;
	 * changed: how a change dated only to a window around it is read),
	 * and the modelled series that names it in messages (an index into
	 * rules->versions[], model_place_kernel()).  kv 0: that series'
	 * source version.
	 */
	const struct model_rules *rules;	/* NULL: model_rules_default */
	unsigned int version;
	struct kver kv;
	bool changed;
	/* Optional: the hardware's raw MSRs, for the rules that compare. */
	const struct vmx_msr_set *hw;
	/* Optional: kvm_intel's final parameters (sysfs). */
	const struct vmx_snapshot *params;
	/*
	 * The values may have been restricted by userspace after KVM set
	 * them (a vCPU after KVM_SET_MSRS, what an L1 under QEMU reads):
	 * only the rules that survive vmx_set_vmx_msr()'s restore rules are
	 * checked; the others are skips saying so.
	 */
	bool restricted;
};

/* One check per rule and MSR, named "<MSR>.kvm_<rule>". */
void kvm_nested_check_invariants(const struct vmx_msr_set *m,
				 const struct kvm_inv_ctx *ctx,
				 struct check_list *out);

#endif
