// SPDX-License-Identifier: GPL-2.0-only
/*
 * Live capture: fill a snapshot from this host.  It only reads: /dev/kvm
 * ioctls, /dev/cpu/N/msr (read-only), sysfs, procfs and CPUID.  What
 * cannot be read is noted with the reason, so that a snapshot is honest
 * about its gaps.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kvm_util.h"
#include "x86_64/host.h"
#include "x86_64/nested.h"
#include "x86_64/snapshot.h"

/* The host CPUID leaves the model and the checks look at. */
static const struct { uint32_t fn, idx; } host_leaves[] = {
	{ 0x0, 0 }, { 0x1, 0 }, { 0x7, 0 }, { 0x7, 1 }, { 0xd, 0 }, { 0xd, 1 },
	{ 0x12, 0 }, { 0x80000000, 0 }, { 0x80000001, 0 }, { 0x80000008, 0 },
};

static void capture_host_cpuid(struct vmx_snapshot *s)
{
	uint32_t max_basic, max_ext, r[4];
	unsigned int i;

	host_cpuid(0, 0, r);
	max_basic = r[0];
	host_cpuid(0x80000000, 0, r);
	max_ext = r[0];
	for (i = 0; i < ARRAY_SIZE(host_leaves); i++) {
		uint32_t fn = host_leaves[i].fn;
		struct cpuid_leaf l;

		if (fn < 0x80000000 ? fn > max_basic : fn > max_ext)
			continue;
		host_cpuid(fn, host_leaves[i].idx, r);
		l = (struct cpuid_leaf){ fn, host_leaves[i].idx,
					 r[0], r[1], r[2], r[3] };
		cpuid_set_add(&s->host_cpuid, &l);
	}
	host_cpu_vendor(s->cpu_vendor);
	host_cpuid(1, 0, r);
	s->cpu_signature = r[0];
	s->have_signature = true;
}

static void capture_params(struct vmx_snapshot *s)
{
	const char *dir = "/sys/module/kvm_intel/parameters";
	struct dirent *de;
	DIR *d = opendir(dir);

	if (!d) {
		snapshot_note(s, "kvm_intel parameters: %s: %s", dir,
			      strerror(errno));
		return;
	}
	s->have_params = true;
	while ((de = readdir(d))) {
		char v[64];

		if (de->d_name[0] == '.')
			continue;
		if (host_kvm_intel_param(de->d_name, v, sizeof(v)))
			continue;
		if (snap_param_set(s, de->d_name, v))
			snapshot_note(s, "kvm_intel parameter %s not recorded",
				      de->d_name);
	}
	closedir(d);
}

static void capture_raw(struct vmx_snapshot *s, int cpu)
{
	unsigned int i;
	char vendor[13];

	/* no VMX, no VMX MSRs: say that, not "load the msr driver" */
	if (!host_cpu_has(X86_FEATURE_VMX)) {
		host_cpu_vendor(vendor);
		snapshot_note(s, "hardware MSRs not read: this CPU has no VMX (%s, CPUID.1:ECX[5] = 0)",
			      vendor);
		return;
	}
	for (i = 0; i < NR_VMX_MSRS; i++) {
		const struct vmx_msr_info *m = &vmx_msrs[i];
		uint64_t v;
		int r;

		/* 0x492 and 0x493 only where the CPU says they exist */
		if (m->exists_msr >= 0 &&
		    !(msrs_get(&s->msrs[VIEW_HW], m->exists_msr) &
		      BIT_ULL(m->exists_bit)))
			continue;
		r = host_read_msr(cpu, m->index, &v);

		if (!r) {
			msrs_set(&s->msrs[VIEW_HW], i, v);
		} else if (r != -EIO) {
			snapshot_note(s, "hardware MSRs not read: %s",
				      host_msr_error_str(r));
			return;
		}
		/* -EIO: this CPU lacks the MSR; absent, as in a dump */
	}
}

static void capture_sys(struct vmx_snapshot *s, int kvm_fd)
{
	if (!sys_read_vmx_msrs(kvm_fd, &s->msrs[VIEW_SYS]))
		snapshot_note(s, "system fd: KVM reports none of the VMX MSRs (no nested VMX)");
}

int cpuid_set_from_kvm(struct cpuid_set *s, const struct kvm_cpuid2 *k)
{
	uint32_t i;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < k->nent; i++) {
		const struct kvm_cpuid_entry2 *e = &k->entries[i];
		struct cpuid_leaf l = { e->function, e->index, e->eax, e->ebx,
					e->ecx, e->edx };

		if (cpuid_set_add(s, &l))
			return -ENOSPC;
	}
	return 0;
}

static void capture_kvm_cpuid(struct vmx_snapshot *s)
{
	if (cpuid_set_from_kvm(&s->kvm_cpuid, kvm_get_supported_cpuid()))
		snapshot_note(s, "KVM supported CPUID truncated at %d leaves",
			      SNAP_MAX_CPUID);
}

static void capture_vcpu(struct vmx_snapshot *s)
{
	struct kvm_vm *vm = vm_create_barebones();

	if (!vcpu_read_vmx_msrs(vcpu_with_supported_cpuid(vm, 0), &s->msrs[VIEW_VCPU]))
		snapshot_note(s, "vCPU: no VMX MSR readable after KVM_SET_CPUID2");
	vm_free(vm);
}

void snapshot_capture(struct vmx_snapshot *s, const struct capture_opts *o)
{
	struct capture_opts none = { 0 };
	int kvm_fd;

	if (!o)
		o = &none;
	snapshot_init(s, "live");
	snprintf(s->environment, sizeof(s->environment), "live");
	if (kver_from_uname(&s->kver, s->kernel_release,
			    sizeof(s->kernel_release)) == 0)
		s->have_kver = true;
	capture_host_cpuid(s);
	host_cpuinfo_field("model name", s->cpu_model, sizeof(s->cpu_model));
	s->have_cpu_flags = !host_cpuinfo_field("flags", s->cpu_flags,
						sizeof(s->cpu_flags));
	s->have_vmx_flags = !host_cpuinfo_field("vmx flags", s->vmx_flags,
						sizeof(s->vmx_flags));
	snprintf(s->kvm_module, sizeof(s->kvm_module), "%s", host_kvm_module());
	if (!strcmp(s->kvm_module, "kvm_intel"))
		capture_params(s);
	if (!o->no_raw)
		capture_raw(s, o->cpu);

	kvm_fd = kvm_open();
	if (kvm_fd < 0) {
		snapshot_note(s, "/dev/kvm: %s", strerror(-kvm_fd));
		return;
	}
	capture_sys(s, kvm_fd);
	close(kvm_fd);
	capture_kvm_cpuid(s);
	if (!o->no_vcpu)
		capture_vcpu(s);
}
