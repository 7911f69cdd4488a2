/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * KVM bugs the suite has found and named.  A check that fails exactly as
 * a listed bug makes it fail, on a kernel the bug is known in, is an
 * expected failure (kselftest's XFAIL): still reported, with the bug
 * named, but not a failure of the run.  Any other failure of the same
 * check stays a failure.
 */
#ifndef NVMX_KVM_KNOWN_BUGS_H
#define NVMX_KVM_KNOWN_BUGS_H

#include "test_util.h"

/*
 * The bug that explains a failure of check `name` with diagnostic `text`
 * on kernel kv, as a sentence for the XFAIL line; NULL if none does.
 */
const char *kvm_known_bug(const char *name, const char *text, struct kver kv);

struct check_list;
/*
 * Turn each failing check of l that a known bug of kernel kv explains
 * (every failing finding, or the check's context, carries the bug's
 * signature) into an XFAIL naming the bug.  A check NVMX_BREAK inverted
 * stays a failure.  Returns how many were turned.
 */
unsigned int checks_mark_known_bugs(struct check_list *l, struct kver kv);

#endif
