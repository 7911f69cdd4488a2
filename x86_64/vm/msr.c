// SPDX-License-Identifier: GPL-2.0-only
/*
 * KVM_GET_MSRS and KVM_SET_MSRS on the system fd and on vCPUs, and the two
 * MSR index lists: x86-only ioctls.
 */
#include <stdlib.h>
#include <sys/ioctl.h>

#include "kvm_util.h"
#include "x86_64/processor.h"

/*
 * One-entry struct kvm_msrs, on the stack.  A union, not a struct with
 * the entry after the header: a structure ending in a flexible array may
 * not be followed by other members in ISO C (clang refuses it).
 */
union one_msr {
	struct kvm_msrs hdr;
	char room[sizeof(struct kvm_msrs) + sizeof(struct kvm_msr_entry)];
};

static int msr_ioctl(int fd, unsigned long req, uint32_t index, uint64_t *val)
{
	union one_msr m = { 0 };
	int r;

	m.hdr.nmsrs = 1;
	m.hdr.entries[0].index = index;
	m.hdr.entries[0].data = *val;
	r = ioctl(fd, req, &m);
	if (r < 0)
		return -errno;
	if (r == 1)
		*val = m.hdr.entries[0].data;
	return r;
}

int vcpu_get_msr(struct kvm_vcpu *vcpu, uint32_t index, uint64_t *val)
{
	*val = 0;
	return msr_ioctl(vcpu->fd, KVM_GET_MSRS, index, val);
}

int vcpu_set_msr(struct kvm_vcpu *vcpu, uint32_t index, uint64_t val)
{
	return msr_ioctl(vcpu->fd, KVM_SET_MSRS, index, &val);
}

int vcpu_get_msrs(struct kvm_vcpu *vcpu, struct kvm_msrs *msrs)
{
	int r = ioctl(vcpu->fd, KVM_GET_MSRS, msrs);

	return r < 0 ? -errno : r;
}

int vcpu_set_msrs(struct kvm_vcpu *vcpu, struct kvm_msrs *msrs)
{
	int r = ioctl(vcpu->fd, KVM_SET_MSRS, msrs);

	return r < 0 ? -errno : r;
}

int kvm_get_feature_msr(int kvm_fd, uint32_t index, uint64_t *val)
{
	*val = 0;
	return msr_ioctl(kvm_fd, KVM_GET_MSRS, index, val);
}

/* Both index lists use the E2BIG protocol: ask for the size, then fetch. */
static struct kvm_msr_list *get_msr_list(int kvm_fd, unsigned long req)
{
	struct kvm_msr_list probe = { .nmsrs = 0 }, *l;
	int r = ioctl(kvm_fd, req, &probe);

	if (r && errno != E2BIG)
		return NULL;
	l = calloc(1, sizeof(*l) + probe.nmsrs * sizeof(l->indices[0]));
	if (!l)
		return NULL;
	l->nmsrs = probe.nmsrs;
	if (ioctl(kvm_fd, req, l)) {
		int err = errno;

		free(l);
		errno = err;
		return NULL;
	}
	return l;
}

struct kvm_msr_list *kvm_get_feature_msr_index_list(int kvm_fd)
{
	return get_msr_list(kvm_fd, KVM_GET_MSR_FEATURE_INDEX_LIST);
}

struct kvm_msr_list *kvm_get_msr_index_list(int kvm_fd)
{
	return get_msr_list(kvm_fd, KVM_GET_MSR_INDEX_LIST);
}

bool kvm_msr_list_has(const struct kvm_msr_list *l, uint32_t index)
{
	uint32_t i;

	for (i = 0; l && i < l->nmsrs; i++)
		if (l->indices[i] == index)
			return true;
	return false;
}
