// SPDX-License-Identifier: GPL-2.0-only
/*
 * ucall, host half: find the message the guest left and hand it over.
 */
#include <stdio.h>
#include <string.h>

#include "kvm_util.h"
#include "ucall.h"

uint64_t get_ucall(struct kvm_vcpu *vcpu, struct ucall *uc)
{
	struct ucall *g;

	if (uc)
		memset(uc, 0, sizeof(*uc));
	g = ucall_arch_get_ucall(vcpu);
	if (!g)
		return UCALL_NONE;
	if (uc) {
		memcpy(uc, g, sizeof(*uc));
		uc->file[sizeof(uc->file) - 1] = '\0';
		uc->buffer[sizeof(uc->buffer) - 1] = '\0';
	}
	return g->cmd;
}

uint64_t vcpu_run_ucall(struct kvm_vcpu *vcpu, struct ucall *uc)
{
	uint64_t cmd;

	vcpu_run(vcpu);
	cmd = get_ucall(vcpu, uc);
	if (cmd != UCALL_NONE)
		return cmd;
	if (vcpu->run->exit_reason == KVM_EXIT_INTERNAL_ERROR)
		tap_diag("internal error suberror %u",
			 vcpu->run->internal.suberror);
	if (vcpu->run->exit_reason == KVM_EXIT_FAIL_ENTRY)
		tap_diag("hardware entry failure reason 0x%llx",
			 (unsigned long long)vcpu->run->fail_entry.hardware_entry_failure_reason);
	tap_bail("vCPU %u: unexpected exit %s (%u) at RIP 0x%llx, not a ucall",
		 vcpu->id, kvm_exit_reason_str(vcpu->run->exit_reason),
		 vcpu->run->exit_reason, (unsigned long long)vcpu_arch_ip(vcpu));
}
