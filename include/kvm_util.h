/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The KVM test library: /dev/kvm, VMs, memory slots, vCPUs, MSRs and
 * CPUID, as the tests need them.
 *
 * Guest memory is one anonymous slot, identity mapped (GVA == GPA) so that
 * guest code can hand physical addresses to VMX instructions without a
 * translation.  The test binary's own loaded image appears in the guest
 * at the same virtual addresses it has in the host, so guest code and its
 * constant data are simply the test's functions and globals: its
 * read-only segments (code, constants) are the host's own pages, lent to
 * the guest read-only through slots of their own; its writable segments
 * are copied into RAM, so that the guest's globals are its own.
 */
#ifndef NVMX_KVM_UTIL_H
#define NVMX_KVM_UTIL_H

#include <stdbool.h>
#include <stdint.h>
#include <linux/kvm.h>

#include "compat.h"
#include "kvm_util_arch.h"
#include "test_util.h"

#define KVM_DEV_PATH		"/dev/kvm"
#define PAGE_SIZE		4096UL

/* Guest RAM starts at 1 GiB: below it lie the test image's read-only slots. */
#define GUEST_RAM_BASE		0x40000000UL
#define GUEST_RAM_DEFAULT	(64UL << 20)
/*
 * Where the read-only image slots go (guest-physical; the guest sees them
 * at the host's virtual addresses), and their slot numbers: well above
 * those tests pick, below every kernel's KVM_USER_MEM_SLOTS (509 on 5.10).
 */
#define GUEST_IMAGE_GPA		0x10000000UL
#define GUEST_IMAGE_SLOT	100
#define GUEST_STACK_PAGES	4

#define KVM_MAX_MEM_REGIONS	12
#define KVM_MAX_TEST_VCPUS	32

struct kvm_mem_region {
	struct kvm_userspace_memory_region r;
	void *host;
	/* host memory the VM borrows (the test image): never unmapped */
	bool borrowed;
};

struct kvm_vm {
	int kvm_fd;
	int fd;
	long run_size;
	struct kvm_mem_region regions[KVM_MAX_MEM_REGIONS];
	unsigned int nr_regions;
	/* bump allocator over the identity-mapped RAM slot */
	uint64_t ram_next, ram_end;
	/* the next free guest-physical address for a read-only image slot */
	uint64_t image_next;
	/* the architecture's set-up, filled by vm_arch_setup() */
	struct kvm_vm_arch arch;
	struct kvm_vcpu *vcpus[KVM_MAX_TEST_VCPUS];
	/* profile.h's phase for KVM_RUN: an ordinary guest, or an L1 one */
	unsigned int run_phase;
	/* called first by vm_free(), for what must be read from the guest */
	void (*before_free)(struct kvm_vm *vm);
};

struct kvm_vcpu {
	struct kvm_vm *vm;
	unsigned int id;
	int fd;
	struct kvm_run *run;
};

/*
 * Open /dev/kvm, or skip the whole binary with the reason: no such device
 * (KVM missing or not loaded), permission denied, or an API version other
 * than 12.
 */
int kvm_open_or_skip(void);
/* Same without skipping: -errno on failure. */
int kvm_open(void);
int kvm_check_cap(long cap);
/* A short name for a KVM_EXIT_* reason, for messages. */
const char *kvm_exit_reason_str(unsigned int reason);

/* A VM without memory or vCPUs. */
struct kvm_vm *vm_create_barebones(void);
/*
 * A VM ready for 64-bit guest code: RAM (ram_bytes, 0 for the default),
 * page tables, GDT, IDT, TSS, and the test image mapped in.
 */
struct kvm_vm *vm_create(uint64_t ram_bytes);
void vm_free(struct kvm_vm *vm);

/* Returns the ioctl result, so tests can check refusals. */
int __vm_mem_region_add(struct kvm_vm *vm, uint32_t slot, uint64_t gpa,
			uint64_t size, uint32_t flags, void *host);
/* Adds an anonymous region and asserts success; returns its host memory. */
void *vm_mem_region_add(struct kvm_vm *vm, uint32_t slot, uint64_t gpa,
			uint64_t size, uint32_t flags);
/*
 * Lends size bytes of the process's own memory at host to the guest (with
 * KVM_MEM_READONLY in flags, the guest cannot write them); asserts success.
 * vm_free() leaves that memory alone.
 */
void vm_mem_region_borrow(struct kvm_vm *vm, uint32_t slot, uint64_t gpa,
			  uint64_t size, uint32_t flags, void *host);
/* Deletes a slot (size 0), as KVM's API does it. */
int vm_mem_region_delete(struct kvm_vm *vm, uint32_t slot);

/* NULL if the GPA lies in no slot. */
void *addr_gpa2hva(struct kvm_vm *vm, uint64_t gpa);
/* Walks the guest page tables the library built; asserts on a hole. */
uint64_t addr_gva2gpa(struct kvm_vm *vm, uint64_t gva);
void *addr_gva2hva(struct kvm_vm *vm, uint64_t gva);

/* Zeroed, page-aligned guest memory; GPA == GVA. */
uint64_t vm_alloc_pages(struct kvm_vm *vm, unsigned int nr);

/* Copy a host global into the guest's copy of it (and back). */
#define sync_global_to_guest(vm, g)					\
	memcpy(addr_gva2hva(vm, (uint64_t)&(g)), &(g), sizeof(g))
#define sync_global_from_guest(vm, g)					\
	memcpy(&(g), addr_gva2hva(vm, (uint64_t)&(g)), sizeof(g))

/*
 * A vCPU about to run guest_code, with a stack, set up by
 * vcpu_arch_setup() (on x86: 64-bit mode, KVM's supported CPUID, so it
 * has VMX where KVM offers nested).
 */
struct kvm_vcpu *vm_vcpu_add(struct kvm_vm *vm, unsigned int id,
			     void *guest_code);
/* Just KVM_CREATE_VCPU: no registers, no CPUID. */
struct kvm_vcpu *vm_vcpu_add_raw(struct kvm_vm *vm, unsigned int id);

int _vcpu_run(struct kvm_vcpu *vcpu);
void vcpu_run(struct kvm_vcpu *vcpu);

void vcpu_regs_get(struct kvm_vcpu *vcpu, struct kvm_regs *regs);
void vcpu_regs_set(struct kvm_vcpu *vcpu, struct kvm_regs *regs);

/*
 * The architecture boundary: each architecture (x86_64/vm/) implements
 * these, and lib/ calls nothing else of it.
 */
/* Page tables and descriptor tables for vm_create(). */
void vm_arch_setup(struct kvm_vm *vm);
/* Registers, CPUID and stack of a vCPU that is to run guest_code. */
void vcpu_arch_setup(struct kvm_vcpu *vcpu, void *guest_code);
/* The GPA gva maps to in the library's page tables, or ~0 if unmapped. */
uint64_t vm_arch_gva2gpa(struct kvm_vm *vm, uint64_t gva);
/* The guest's instruction pointer, for messages. */
uint64_t vcpu_arch_ip(struct kvm_vcpu *vcpu);

#endif
