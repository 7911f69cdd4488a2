// SPDX-License-Identifier: GPL-2.0-only
/*
 * TAP lines decided by L1, host half: print the records L1 left in the
 * results area (l1/guest/lines.c), with known KVM bugs as XFAIL.
 */
#include "kvm_util.h"
#include "x86_64/kvm_known_bugs.h"
#include "x86_64/l1.h"

unsigned int l1_lines_print(struct kvm_vm *vm, const struct vmx_pages *p)
{
	const struct l1_lines *l = addr_gva2hva(vm, p->results);
	unsigned int i;
	struct kver kv = { 0 };

	kver_from_uname(&kv, NULL, 0);
	for (i = 0; i < l->nr; i++) {
		const struct l1_line *x = &l->v[i];
		const char *bug;

		if (x->status == TAP_SKIP) {
			tap_skip(x->msg, "%s", x->name);
			continue;
		}
		bug = x->status == TAP_FAIL ? kvm_known_bug(x->name, x->msg, kv) : NULL;
		if (bug)
			tap_result(TAP_XFAIL, bug, "%s", x->name);
		else
			tap_result(x->status, NULL, "%s", x->name);
		if (x->msg[0])
			tap_diag("%s", x->msg);
	}
	return l->nr;
}
