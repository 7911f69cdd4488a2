// SPDX-License-Identifier: GPL-2.0-only
/*
 * /dev/kvm, VMs, memory slots and vCPUs.
 */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kvm_util.h"
#include "profile.h"

int kvm_open(void)
{
	int fd = open(KVM_DEV_PATH, O_RDWR | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

/*
 * Why there is no /dev/kvm, as far as sysfs shows.  A built-in kvm is in
 * /sys/module too, so "not loaded" is said only when it is not there: a
 * PVM guest has kvm and kvm_pvm built in and may still register no
 * /dev/kvm when its host refuses.
 */
static const char *no_kvm_why(void)
{
	if (access("/sys/module/kvm", F_OK))
		return "no kvm module loaded";
	if (access("/sys/module/kvm_intel", F_OK) && access("/sys/module/kvm_amd", F_OK) &&
	    access("/sys/module/kvm_pvm", F_OK))
		return "kvm is loaded, but no vendor module (kvm_intel, kvm_amd, kvm_pvm)";
	return "kvm and a vendor module are loaded, but no /dev/kvm was registered: see dmesg";
}

int kvm_open_or_skip(void)
{
	int fd = kvm_open(), ver;

	if (fd == -ENOENT)
		tap_skip_all("no %s: KVM is not available on this host (%s)",
			     KVM_DEV_PATH, no_kvm_why());
	if (fd == -EACCES || fd == -EPERM)
		tap_skip_all("%s: permission denied (run as root or as a member of group kvm)",
			     KVM_DEV_PATH);
	if (fd < 0)
		tap_skip_all("%s: cannot open: %s", KVM_DEV_PATH, strerror(-fd));
	ver = ioctl(fd, KVM_GET_API_VERSION, NULL);
	if (ver != KVM_API_VERSION) {
		close(fd);
		tap_skip_all("%s: KVM API version %d, this suite needs %d",
			     KVM_DEV_PATH, ver, KVM_API_VERSION);
	}
	return fd;
}

int kvm_check_cap(long cap)
{
	int fd = kvm_open(), r;

	if (fd < 0)
		return 0;
	r = ioctl(fd, KVM_CHECK_EXTENSION, cap);
	close(fd);
	return r < 0 ? 0 : r;
}

const char *kvm_exit_reason_str(unsigned int reason)
{
	static const char *const names[] = {
		[KVM_EXIT_UNKNOWN] = "UNKNOWN",
		[KVM_EXIT_EXCEPTION] = "EXCEPTION",
		[KVM_EXIT_IO] = "IO",
		[KVM_EXIT_HYPERCALL] = "HYPERCALL",
		[KVM_EXIT_DEBUG] = "DEBUG",
		[KVM_EXIT_HLT] = "HLT",
		[KVM_EXIT_MMIO] = "MMIO",
		[KVM_EXIT_IRQ_WINDOW_OPEN] = "IRQ_WINDOW_OPEN",
		[KVM_EXIT_SHUTDOWN] = "SHUTDOWN",
		[KVM_EXIT_FAIL_ENTRY] = "FAIL_ENTRY",
		[KVM_EXIT_INTR] = "INTR",
		[KVM_EXIT_SET_TPR] = "SET_TPR",
		[KVM_EXIT_TPR_ACCESS] = "TPR_ACCESS",
		[KVM_EXIT_NMI] = "NMI",
		[KVM_EXIT_INTERNAL_ERROR] = "INTERNAL_ERROR",
		[KVM_EXIT_SYSTEM_EVENT] = "SYSTEM_EVENT",
		[KVM_EXIT_X86_RDMSR] = "X86_RDMSR",
		[KVM_EXIT_X86_WRMSR] = "X86_WRMSR",
	};

	if (reason < ARRAY_SIZE(names) && names[reason])
		return names[reason];
	return "(unnamed exit reason)";
}

struct kvm_vm *vm_create_barebones(void)
{
	uint64_t t = prof_begin();
	struct kvm_vm *vm = calloc(1, sizeof(*vm));

	TEST_ASSERT(vm, "out of memory");
	vm->run_phase = PROF_GUEST_RUN;
	vm->kvm_fd = kvm_open_or_skip();
	vm->fd = ioctl(vm->kvm_fd, KVM_CREATE_VM, 0);
	TEST_ASSERT(vm->fd >= 0, "KVM_CREATE_VM failed");
	vm->run_size = ioctl(vm->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, NULL);
	TEST_ASSERT(vm->run_size >= (long)sizeof(struct kvm_run),
		    "KVM_GET_VCPU_MMAP_SIZE returned %ld", vm->run_size);
	prof_end(PROF_VM_CREATE, t);
	return vm;
}

struct kvm_vm *vm_create(uint64_t ram_bytes)
{
	struct kvm_vm *vm = vm_create_barebones();
	uint64_t t;

	if (!ram_bytes)
		ram_bytes = GUEST_RAM_DEFAULT;
	ram_bytes = ALIGN_UP(ram_bytes, 2UL << 20);
	t = prof_begin();
	vm_mem_region_add(vm, 0, GUEST_RAM_BASE, ram_bytes, 0);
	vm->ram_next = GUEST_RAM_BASE;
	vm->ram_end = GUEST_RAM_BASE + ram_bytes;
	vm->image_next = GUEST_IMAGE_GPA;
	prof_end(PROF_MEMORY, t);
	/* vm_arch_setup() times its own parts: memory, and the image */
	vm_arch_setup(vm);
	return vm;
}

void vm_free(struct kvm_vm *vm)
{
	unsigned int i;
	uint64_t t;

	if (!vm)
		return;
	if (vm->before_free)
		vm->before_free(vm);
	t = prof_begin();
	for (i = 0; i < KVM_MAX_TEST_VCPUS; i++) {
		struct kvm_vcpu *v = vm->vcpus[i];

		if (!v)
			continue;
		munmap(v->run, vm->run_size);
		close(v->fd);
		free(v);
	}
	close(vm->fd);
	for (i = 0; i < vm->nr_regions; i++)
		if (!vm->regions[i].borrowed)
			munmap(vm->regions[i].host, vm->regions[i].r.memory_size);
	close(vm->kvm_fd);
	free(vm);
	prof_end(PROF_VM_FREE, t);
}

int __vm_mem_region_add(struct kvm_vm *vm, uint32_t slot, uint64_t gpa,
			uint64_t size, uint32_t flags, void *host)
{
	struct kvm_userspace_memory_region r = {
		.slot = slot,
		.flags = flags,
		.guest_phys_addr = gpa,
		.memory_size = size,
		.userspace_addr = (uint64_t)host,
	};

	return ioctl(vm->fd, KVM_SET_USER_MEMORY_REGION, &r) ? -errno : 0;
}

/* Registers a slot over host memory and records it; asserts success. */
static void region_register(struct kvm_vm *vm, uint32_t slot, uint64_t gpa,
			    uint64_t size, uint32_t flags, void *host,
			    bool borrowed)
{
	struct kvm_mem_region *mr;
	int r;

	TEST_ASSERT(vm->nr_regions < KVM_MAX_MEM_REGIONS, "too many regions");
	r = __vm_mem_region_add(vm, slot, gpa, size, flags, host);
	errno = -r;
	TEST_ASSERT(!r, "KVM_SET_USER_MEMORY_REGION slot %u gpa 0x%lx size 0x%lx",
		    slot, (unsigned long)gpa, (unsigned long)size);
	mr = &vm->regions[vm->nr_regions++];
	mr->r = (struct kvm_userspace_memory_region){
		.slot = slot, .flags = flags, .guest_phys_addr = gpa,
		.memory_size = size, .userspace_addr = (uint64_t)host,
	};
	mr->host = host;
	mr->borrowed = borrowed;
}

void *vm_mem_region_add(struct kvm_vm *vm, uint32_t slot, uint64_t gpa,
			uint64_t size, uint32_t flags)
{
	uint64_t t = prof_begin();
	void *host;

	host = mmap(NULL, size, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	TEST_ASSERT(host != MAP_FAILED, "mmap of %lu bytes failed",
		    (unsigned long)size);
	region_register(vm, slot, gpa, size, flags, host, false);
	prof_end(PROF_MEMORY, t);
	return host;
}

void vm_mem_region_borrow(struct kvm_vm *vm, uint32_t slot, uint64_t gpa,
			  uint64_t size, uint32_t flags, void *host)
{
	region_register(vm, slot, gpa, size, flags, host, true);
}

int vm_mem_region_delete(struct kvm_vm *vm, uint32_t slot)
{
	unsigned int i;
	int r;

	for (i = 0; i < vm->nr_regions; i++)
		if (vm->regions[i].r.slot == slot)
			break;
	if (i == vm->nr_regions)
		return -ENOENT;
	r = __vm_mem_region_add(vm, slot, vm->regions[i].r.guest_phys_addr, 0,
				0, vm->regions[i].host);
	if (r)
		return r;
	if (!vm->regions[i].borrowed)
		munmap(vm->regions[i].host, vm->regions[i].r.memory_size);
	vm->regions[i] = vm->regions[--vm->nr_regions];
	return 0;
}

void *addr_gpa2hva(struct kvm_vm *vm, uint64_t gpa)
{
	unsigned int i;

	for (i = 0; i < vm->nr_regions; i++) {
		struct kvm_userspace_memory_region *r = &vm->regions[i].r;

		if (gpa >= r->guest_phys_addr &&
		    gpa - r->guest_phys_addr < r->memory_size)
			return (char *)vm->regions[i].host +
			       (gpa - r->guest_phys_addr);
	}
	return NULL;
}

uint64_t addr_gva2gpa(struct kvm_vm *vm, uint64_t gva)
{
	uint64_t gpa = vm_arch_gva2gpa(vm, gva);

	TEST_ASSERT(gpa != ~0ULL, "guest address 0x%lx is not mapped",
		    (unsigned long)gva);
	return gpa;
}

void *addr_gva2hva(struct kvm_vm *vm, uint64_t gva)
{
	void *hva = addr_gpa2hva(vm, addr_gva2gpa(vm, gva));

	TEST_ASSERT(hva, "guest address 0x%lx maps to no memory slot",
		    (unsigned long)gva);
	return hva;
}

uint64_t vm_alloc_pages(struct kvm_vm *vm, unsigned int nr)
{
	uint64_t gpa = vm->ram_next;

	TEST_ASSERT(nr && gpa + nr * PAGE_SIZE <= vm->ram_end,
		    "guest RAM exhausted (%u pages wanted)", nr);
	vm->ram_next += nr * PAGE_SIZE;
	memset(addr_gpa2hva(vm, gpa), 0, nr * PAGE_SIZE);
	return gpa;
}

struct kvm_vcpu *vm_vcpu_add_raw(struct kvm_vm *vm, unsigned int id)
{
	uint64_t t = prof_begin();
	struct kvm_vcpu *vcpu;

	TEST_ASSERT(id < KVM_MAX_TEST_VCPUS && !vm->vcpus[id],
		    "bad or duplicate vCPU id %u", id);
	vcpu = calloc(1, sizeof(*vcpu));
	TEST_ASSERT(vcpu, "out of memory");
	vcpu->vm = vm;
	vcpu->id = id;
	vcpu->fd = ioctl(vm->fd, KVM_CREATE_VCPU, id);
	TEST_ASSERT(vcpu->fd >= 0, "KVM_CREATE_VCPU %u failed", id);
	vcpu->run = mmap(NULL, vm->run_size, PROT_READ | PROT_WRITE,
			 MAP_SHARED, vcpu->fd, 0);
	TEST_ASSERT(vcpu->run != MAP_FAILED, "mmap of kvm_run failed");
	vm->vcpus[id] = vcpu;
	prof_end(PROF_VCPU_SETUP, t);
	return vcpu;
}

struct kvm_vcpu *vm_vcpu_add(struct kvm_vm *vm, unsigned int id,
			     void *guest_code)
{
	struct kvm_vcpu *vcpu = vm_vcpu_add_raw(vm, id);
	uint64_t t = prof_begin();

	vcpu_arch_setup(vcpu, guest_code);
	prof_end(PROF_VCPU_SETUP, t);
	return vcpu;
}

int _vcpu_run(struct kvm_vcpu *vcpu)
{
	uint64_t t = prof_begin();
	int r;

	do {
		r = ioctl(vcpu->fd, KVM_RUN, NULL);
	} while (r && errno == EINTR);
	r = r ? -errno : 0;
	prof_end(vcpu->vm->run_phase, t);
	return r;
}

void vcpu_run(struct kvm_vcpu *vcpu)
{
	int r = _vcpu_run(vcpu);

	errno = -r;
	TEST_ASSERT(!r, "KVM_RUN failed");
}

#define VCPU_IOCTL(vcpu, req, arg, what)				\
	TEST_ASSERT(!ioctl((vcpu)->fd, req, arg), what " failed")

void vcpu_regs_get(struct kvm_vcpu *vcpu, struct kvm_regs *regs)
{
	VCPU_IOCTL(vcpu, KVM_GET_REGS, regs, "KVM_GET_REGS");
}

void vcpu_regs_set(struct kvm_vcpu *vcpu, struct kvm_regs *regs)
{
	VCPU_IOCTL(vcpu, KVM_SET_REGS, regs, "KVM_SET_REGS");
}
