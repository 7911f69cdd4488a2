/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Probing KVM_SET_MSRS on a vCPU's VMX MSRs: write a value, expect it
 * accepted (KVM wrote 1 entry) or refused (0), check what reads back,
 * and put the vCPU's value back.  Each wrong answer becomes a finding on
 * the check, naming the MSR, the bit or field changed, and the rule.
 */
#ifndef NVMX_WRITE_PROBE_H
#define NVMX_WRITE_PROBE_H

#include "kvm_util.h"
#include "x86_64/check.h"

enum expect { REFUSED, ACCEPTED };

struct write_probe {
	struct kvm_vcpu *vcpu;
	unsigned int writes;	/* KVM_SET_MSRS calls made, for the record */
};

uint64_t probe_read(struct write_probe *p, enum vmx_msr_id id);

/*
 * Write val to the MSR; what names the change for messages ("allowed-1
 * bit 5 (virtual NMIs) cleared").  An accepted write must read back as
 * written.  Unless keep, the previous value is written back afterwards
 * (and that must succeed).  Returns true if KVM behaved as expected.
 */
bool probe_write(struct write_probe *p, struct check *c, enum vmx_msr_id id,
		 uint64_t val, enum expect want, bool keep, const char *what,
		 const char *rule);

/*
 * The context of a control MSR's checks when the vCPU's value offers
 * allowed-1 bits KVM's own (system) value lacks: "the vCPU's value offers
 * allowed-1 bit 26 (enable user wait and pause), which KVM's own value
 * lacks" for each; empty when there are none.  Restore rules compare
 * with KVM's own value, so such a vCPU refuses its own value
 * (kvm_known_bugs.c).
 */
void probe_context_beyond(char *buf, size_t len, enum vmx_msr_id id,
			  uint64_t vcpu, uint64_t sys);

#endif
