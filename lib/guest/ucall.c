// SPDX-License-Identifier: GPL-2.0-only
/*
 * ucall, guest half: build the message and trap to the host.  Guest-side
 * code (every file under a guest/ folder) is built with
 * -mgeneral-regs-only: some
 * hypervisors (PVM) emulate instructions after an injected exception,
 * and KVM's emulator knows no SSE.
 */
#include "ucall.h"

static void guest_strcpy(char *dst, const char *src, int n)
{
	int i;

	for (i = 0; i < n - 1 && src[i]; i++)
		dst[i] = src[i];
	dst[i] = '\0';
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
		guest_arch_halt();
	}
}
