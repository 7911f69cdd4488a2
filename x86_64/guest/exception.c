// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest-side exception routing: a handler a test installed, then the
 * exception-safe instruction table, then a report to the host.
 */
#include "ucall.h"
#include "x86_64/processor.h"

guest_ex_handler_t guest_ex_handlers[32];

extern const struct guest_ex_entry __start_ex_table[];
extern const struct guest_ex_entry __stop_ex_table[];

/* Keep the section (and its start/stop symbols) even with no users. */
static const struct guest_ex_entry ex_table_anchor
	__attribute__((used, section("ex_table"), aligned(8)));

void guest_route_exception(struct ex_regs *regs);

void guest_route_exception(struct ex_regs *regs)
{
	const struct guest_ex_entry *e;

	if (regs->vector < 32 && guest_ex_handlers[regs->vector] &&
	    guest_ex_handlers[regs->vector](regs))
		return;
	for (e = __start_ex_table; e < __stop_ex_table; e++) {
		if (e->insn && e->insn == regs->rip) {
			regs->rip = e->resume;
			regs->r10 = GUEST_EX_FAULTED | regs->vector;
			regs->r11 = regs->error_code;
			return;
		}
	}
	guest_assert_fail("(guest exception)", 0, "no exception expected",
			  "unexpected exception vector %lu at RIP 0x%lx, error code 0x%lx",
			  regs->vector, regs->rip, regs->error_code);
}
