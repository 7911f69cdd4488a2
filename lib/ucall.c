// SPDX-License-Identifier: GPL-2.0-only
/*
 * ucall: the guest half builds the message; the host half finds it.
 */
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include "kvm_util.h"
#include "ucall.h"
#include "x86_64/processor.h"

static void guest_strcpy(char *dst, const char *src, int n)
{
	int i;

	for (i = 0; i < n - 1 && src[i]; i++)
		dst[i] = src[i];
	dst[i] = '\0';
}

/* The port write that traps to the host; RDI carries the address. */
static void ucall_arch_do(struct ucall *uc)
{
	asm volatile("outb %%al, %w[port]"
		     :
		     : "a"(0), [port] "d"((uint16_t)UCALL_PIO_PORT), "D"(uc)
		     : "memory");
}

void ucall(uint64_t cmd, int nargs, ...)
{
	struct ucall uc = { .cmd = cmd };
	va_list ap;
	int i;

	va_start(ap, nargs);
	for (i = 0; i < nargs && i < UCALL_MAX_ARGS; i++)
		uc.args[i] = va_arg(ap, uint64_t);
	va_end(ap);
	ucall_arch_do(&uc);
}

void guest_printf(const char *fmt, ...)
{
	struct ucall uc = { .cmd = UCALL_PRINTF };
	va_list ap;

	va_start(ap, fmt);
	guest_vsnprintf(uc.buffer, sizeof(uc.buffer), fmt, ap);
	va_end(ap);
	ucall_arch_do(&uc);
}

void guest_assert_fail(const char *file, unsigned int line, const char *expr,
		       const char *fmt, ...)
{
	struct ucall uc = { .cmd = UCALL_ABORT, .line = line };
	va_list ap;
	int n;

	guest_strcpy(uc.file, file, sizeof(uc.file));
	n = guest_snprintf(uc.buffer, sizeof(uc.buffer), "%s: ", expr);
	va_start(ap, fmt);
	guest_vsnprintf(uc.buffer + n, sizeof(uc.buffer) - n, fmt, ap);
	va_end(ap);
	for (;;) {
		/* The host must not resume an aborted guest; if it does, stop. */
		ucall_arch_do(&uc);
		cli();
		hlt();
	}
}

uint64_t get_ucall(struct kvm_vcpu *vcpu, struct ucall *uc)
{
	struct kvm_run *run = vcpu->run;
	struct kvm_regs regs;
	struct ucall *g;

	if (uc)
		memset(uc, 0, sizeof(*uc));
	if (run->exit_reason != KVM_EXIT_IO || run->io.port != UCALL_PIO_PORT)
		return UCALL_NONE;
	vcpu_regs_get(vcpu, &regs);
	g = addr_gva2hva(vcpu->vm, regs.rdi);
	if (uc) {
		memcpy(uc, g, sizeof(*uc));
		uc->file[sizeof(uc->file) - 1] = '\0';
		uc->buffer[sizeof(uc->buffer) - 1] = '\0';
	}
	return g->cmd;
}

uint64_t vcpu_run_ucall(struct kvm_vcpu *vcpu, struct ucall *uc)
{
	struct kvm_regs regs;
	uint64_t cmd;

	vcpu_run(vcpu);
	cmd = get_ucall(vcpu, uc);
	if (cmd != UCALL_NONE)
		return cmd;
	vcpu_regs_get(vcpu, &regs);
	if (vcpu->run->exit_reason == KVM_EXIT_INTERNAL_ERROR)
		tap_diag("internal error suberror %u",
			 vcpu->run->internal.suberror);
	if (vcpu->run->exit_reason == KVM_EXIT_FAIL_ENTRY)
		tap_diag("hardware entry failure reason 0x%llx",
			 (unsigned long long)vcpu->run->fail_entry.hardware_entry_failure_reason);
	tap_bail("vCPU %u: unexpected exit %s (%u) at RIP 0x%llx, not a ucall",
		 vcpu->id, kvm_exit_reason_str(vcpu->run->exit_reason),
		 vcpu->run->exit_reason, (unsigned long long)regs.rip);
}
