/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What struct kvm_vm holds for x86: the guest physical addresses of the
 * page tables and descriptor tables that vm_arch_setup() builds.  The one
 * x86 header lib/ sees (through kvm_util.h).
 */
#ifndef NVMX_KVM_UTIL_ARCH_H
#define NVMX_KVM_UTIL_ARCH_H

#include <stdint.h>

struct kvm_vm_arch {
	uint64_t pml4_gpa;
	uint64_t gdt_gpa, idt_gpa, tss_gpa;
};

#endif
