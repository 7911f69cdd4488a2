// SPDX-License-Identifier: GPL-2.0-only
/*
 * ucall, x86 guest half: a port write traps to the host, with the address
 * of the struct ucall in RDI (x86_64/vm/ucall.c reads it back).
 */
#include "ucall.h"
#include "x86_64/processor.h"
#include "x86_64/ucall_arch.h"

void ucall_arch_do(struct ucall *uc)
{
	asm volatile("outb %%al, %w[port]"
		     :
		     : "a"(0), [port] "d"((uint16_t)UCALL_PIO_PORT), "D"(uc)
		     : "memory");
}

void guest_arch_halt(void)
{
	for (;;) {
		cli();
		hlt();
	}
}
