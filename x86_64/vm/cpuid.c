// SPDX-License-Identifier: GPL-2.0-only
/*
 * CPUID: the host's, KVM's supported table, and a vCPU's.
 */
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "kvm_util.h"
#include "profile.h"
#include "x86_64/processor.h"

void host_cpuid(uint32_t fn, uint32_t idx, uint32_t out[4])
{
	cpuid(fn, idx, &out[0], &out[1], &out[2], &out[3]);
}

bool host_cpu_has(struct x86_feature f)
{
	uint32_t r[4];

	host_cpuid(f.function & 0x80000000, 0, r);
	if (r[0] < f.function)
		return false;
	host_cpuid(f.function, f.index, r);
	return r[f.reg] & (1U << f.bit);
}

void host_cpu_vendor(char vendor[13])
{
	uint32_t r[4];

	host_cpuid(0, 0, r);
	memcpy(vendor, &r[1], 4);
	memcpy(vendor + 4, &r[3], 4);
	memcpy(vendor + 8, &r[2], 4);
	vendor[12] = '\0';
}

static size_t cpuid_size(uint32_t nent)
{
	return sizeof(struct kvm_cpuid2) + nent * sizeof(struct kvm_cpuid_entry2);
}

struct kvm_cpuid2 *kvm_get_supported_cpuid(void)
{
	static struct kvm_cpuid2 *cached;
	uint32_t nent = 64;
	int fd;

	if (cached)
		return cached;
	fd = kvm_open_or_skip();
	for (;;) {
		struct kvm_cpuid2 *c = calloc(1, cpuid_size(nent));

		TEST_ASSERT(c, "out of memory");
		c->nent = nent;
		if (!ioctl(fd, KVM_GET_SUPPORTED_CPUID, c)) {
			cached = c;
			break;
		}
		TEST_ASSERT(errno == E2BIG, "KVM_GET_SUPPORTED_CPUID failed");
		free(c);
		nent *= 2;
	}
	close(fd);
	return cached;
}

struct kvm_cpuid2 *cpuid_dup(const struct kvm_cpuid2 *c)
{
	struct kvm_cpuid2 *d = malloc(cpuid_size(c->nent));

	TEST_ASSERT(d, "out of memory");
	memcpy(d, c, cpuid_size(c->nent));
	return d;
}

struct kvm_cpuid_entry2 *cpuid_find(struct kvm_cpuid2 *c, uint32_t fn,
				    uint32_t idx)
{
	uint32_t i;

	for (i = 0; i < c->nent; i++) {
		struct kvm_cpuid_entry2 *e = &c->entries[i];

		if (e->function != fn)
			continue;
		if (!(e->flags & KVM_CPUID_FLAG_SIGNIFCANT_INDEX) ||
		    e->index == idx)
			return e;
	}
	return NULL;
}

static uint32_t *entry_reg(struct kvm_cpuid_entry2 *e, uint8_t reg)
{
	switch (reg) {
	case CPUID_EAX: return &e->eax;
	case CPUID_EBX: return &e->ebx;
	case CPUID_ECX: return &e->ecx;
	default: return &e->edx;
	}
}

bool cpuid_has(const struct kvm_cpuid2 *c, struct x86_feature f)
{
	struct kvm_cpuid_entry2 *e =
		cpuid_find((struct kvm_cpuid2 *)c, f.function, f.index);

	return e && (*entry_reg(e, f.reg) & (1U << f.bit));
}

bool cpuid_set_feature(struct kvm_cpuid2 *c, struct x86_feature f, bool on)
{
	struct kvm_cpuid_entry2 *e = cpuid_find(c, f.function, f.index);

	if (!e)
		return false;
	if (on)
		*entry_reg(e, f.reg) |= 1U << f.bit;
	else
		*entry_reg(e, f.reg) &= ~(1U << f.bit);
	return true;
}

int __vcpu_set_cpuid(struct kvm_vcpu *vcpu, struct kvm_cpuid2 *c)
{
	uint64_t t = prof_begin();
	int r = ioctl(vcpu->fd, KVM_SET_CPUID2, c) ? -errno : 0;

	prof_end(PROF_VCPU_SETUP, t);
	return r;
}

void vcpu_set_cpuid(struct kvm_vcpu *vcpu, struct kvm_cpuid2 *c)
{
	int r = __vcpu_set_cpuid(vcpu, c);

	errno = -r;
	TEST_ASSERT(!r, "KVM_SET_CPUID2 failed");
}

static bool get_cpuid_fits(struct kvm_vcpu *vcpu, uint32_t nent,
			   struct kvm_cpuid2 **out)
{
	struct kvm_cpuid2 *c = calloc(1, cpuid_size(nent));
	int r;

	TEST_ASSERT(c, "out of memory");
	c->nent = nent;
	r = ioctl(vcpu->fd, KVM_GET_CPUID2, c);
	TEST_ASSERT(!r || errno == E2BIG, "KVM_GET_CPUID2 failed");
	if (r) {
		free(c);
		return false;
	}
	c->nent = nent;
	*out = c;
	return true;
}

/*
 * KVM_GET_CPUID2 does not reliably tell userspace how many entries the
 * vCPU has: 5.10 reports the count on neither path (its copy back is
 * skipped on E2BIG, and success leaves nent as the caller set it), 6.12
 * only on success.  The smallest buffer KVM accepts is the count.
 */
struct kvm_cpuid2 *vcpu_get_cpuid(struct kvm_vcpu *vcpu)
{
	uint32_t lo = 0, hi = 256;
	struct kvm_cpuid2 *c = NULL;

	while (!get_cpuid_fits(vcpu, hi, &c))
		hi *= 2;
	free(c);
	while (lo < hi) {	/* smallest n in [lo, hi] that fits */
		uint32_t mid = lo + (hi - lo) / 2;

		if (get_cpuid_fits(vcpu, mid, &c)) {
			free(c);
			hi = mid;
		} else {
			lo = mid + 1;
		}
	}
	TEST_ASSERT(get_cpuid_fits(vcpu, lo, &c), "KVM_GET_CPUID2 changed size");
	return c;
}

const char *x86_feature_upper(struct x86_feature f, char *buf, size_t len)
{
	size_t i;

	for (i = 0; len && i < len - 1 && f.name[i]; i++)
		buf[i] = f.name[i] >= 'a' && f.name[i] <= 'z' ?
			 f.name[i] - 'a' + 'A' : f.name[i];
	if (len)
		buf[i] = '\0';
	return buf;
}
