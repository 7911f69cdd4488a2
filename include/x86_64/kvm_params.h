/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kvm_intel's module parameters: every name a kernel from 5.10 to 7.3
 * defines (module_param*() in arch/x86/kvm/vmx/), with its type, so that
 * a snapshot, a plain dump and --param are validated alike, once.
 */
#ifndef NVMX_KVM_PARAMS_H
#define NVMX_KVM_PARAMS_H

#include <stdbool.h>
#include <stddef.h>

enum kvm_param_type {
	KVM_PARAM_BOOL,		/* Y/N (sysfs), 1/0, y/n */
	KVM_PARAM_INT,		/* a decimal int */
	KVM_PARAM_UINT,		/* a decimal unsigned int */
	KVM_PARAM_TEXT,		/* vmentry_l1d_flush: a word or two */
};

/* The type of a known parameter; -1 for a name no kernel defines. */
int kvm_param_type(const char *name);

/*
 * Whether value is valid for parameter name.  An unknown name is an error
 * only with must_know (a hand-written "# param:" line, --param); a
 * captured sysfs may hold a parameter newer than this table.  0, or -1
 * with the reason in err ("kvm_intel parameter ept='maybe' is not a
 * boolean (Y, N, 1 or 0)").
 */
int kvm_param_check(const char *name, const char *value, bool must_know,
		    char *err, size_t len);

/* A boolean's value: 1, 0, or -1 when it is not one. */
int kvm_param_bool(const char *value);

#endif
