/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared set-up of the nested-VMX tests: the requirement checks that turn
 * into precise skips, and reading the VMX MSRs from the system fd and
 * from a vCPU.
 */
#ifndef NVMX_NESTED_H
#define NVMX_NESTED_H

#include "kvm_util.h"
#include "x86_64/host.h"
#include "x86_64/check.h"
#include "x86_64/snapshot.h"

/*
 * host_require_nested_vmx() (x86_64/host.h), then /dev/kvm with the
 * feature-MSR ioctls, or a skip.  With
 * need_listed, the VMX MSRs must also be in the feature-MSR list.
 * Returns an open /dev/kvm fd.
 */
int nested_open_kvm(bool need_listed);

/* KVM's version as the rules need it; skips if uname cannot be parsed. */
struct kver nested_kernel_version(void);

/*
 * A live test's checks as TAP, with the failures a known bug of the
 * running kernel explains turned into XFAIL (kvm_known_bugs.h), so that
 * every live test judges known bugs the same way.
 */
struct check_list;
void nested_print_checks(struct check_list *l);

/*
 * The common start of the tests that compare vCPUs with the system fd:
 * nested_open_kvm(true), KVM's version, and all 18 system-fd values (which
 * the feature list promised, so a missing one is a failure).  Returns the
 * /dev/kvm fd.
 */
int nested_setup(struct kver *kv, struct vmx_msr_set *sys);

/* All 18 from the system fd; returns how many KVM answered. */
unsigned int sys_read_vmx_msrs(int kvm_fd, struct vmx_msr_set *out);
/* All 18 from a vCPU; returns how many KVM answered. */
unsigned int vcpu_read_vmx_msrs(struct kvm_vcpu *vcpu, struct vmx_msr_set *out);

/* A vCPU (no guest code) with KVM's supported CPUID set. */
struct kvm_vcpu *vcpu_with_supported_cpuid(struct kvm_vm *vm, unsigned int id);

#endif
