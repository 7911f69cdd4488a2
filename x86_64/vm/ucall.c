// SPDX-License-Identifier: GPL-2.0-only
/*
 * ucall, x86 host half: an exit is a ucall when it is a port write to
 * UCALL_PIO_PORT; RDI holds the guest address of the struct ucall.
 */
#include "kvm_util.h"
#include "ucall.h"
#include "x86_64/ucall_arch.h"

struct ucall *ucall_arch_get_ucall(struct kvm_vcpu *vcpu)
{
	struct kvm_run *run = vcpu->run;
	struct kvm_regs regs;

	if (run->exit_reason != KVM_EXIT_IO || run->io.port != UCALL_PIO_PORT)
		return NULL;
	vcpu_regs_get(vcpu, &regs);
	return addr_gva2hva(vcpu->vm, regs.rdi);
}
