// SPDX-License-Identifier: GPL-2.0-only
/*
 * The system-fd feature MSRs: KVM_GET_MSR_FEATURE_INDEX_LIST answers with
 * the E2BIG size protocol, every listed MSR reads from /dev/kvm, and an
 * MSR KVM does not list is refused with a count of 0, not an errno.  The
 * nested-VMX tests rely on exactly these conventions.
 */
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "kvm_util.h"
#include "x86_64/processor.h"

int main(void)
{
	struct kvm_msr_list probe = { .nmsrs = 0 }, *l;
	unsigned int i, unread = 0;
	uint64_t v;
	int fd, r;

	tap_init();
	fd = kvm_open_or_skip();
	TEST_REQUIRE(kvm_check_cap(KVM_CAP_GET_MSR_FEATURES),
		     "KVM lacks KVM_CAP_GET_MSR_FEATURES (kernel older than 4.17)");
	tap_plan(4);

	r = ioctl(fd, KVM_GET_MSR_FEATURE_INDEX_LIST, &probe);
	if (r < 0 && errno == E2BIG && probe.nmsrs > 0)
		tap_pass("index_list_size_probe_gives_e2big");
	else
		tap_fail("index_list_size_probe_gives_e2big");
	tap_diag("nmsrs=0 probe: wanted -1/E2BIG with a count, got %d/%s, count %u",
		 r, r < 0 ? strerror(errno) : "success", probe.nmsrs);

	l = kvm_get_feature_msr_index_list(fd);
	TEST_ASSERT(l, "KVM_GET_MSR_FEATURE_INDEX_LIST failed");
	if (l->nmsrs == probe.nmsrs)
		tap_pass("index_list_has_probed_size");
	else
		tap_fail("index_list_has_probed_size");
	tap_diag("feature MSRs: wanted %u, got %u", probe.nmsrs, l->nmsrs);

	for (i = 0; i < l->nmsrs; i++) {
		r = kvm_get_feature_msr(fd, l->indices[i], &v);
		if (r != 1) {
			unread++;
			tap_diag("listed MSR 0x%x: KVM_GET_MSRS returned %d, wanted 1",
				 l->indices[i], r);
		} else {
			tap_diag("0x%x = 0x%016lx", l->indices[i], v);
		}
	}
	if (!unread)
		tap_pass("every_listed_msr_reads");
	else
		tap_fail("every_listed_msr_reads");

	/* 0x40000200 lies in the hypervisor range no KVM feature uses. */
	r = kvm_get_feature_msr(fd, 0x40000200, &v);
	if (!kvm_msr_list_has(l, 0x40000200) && r == 0)
		tap_pass("unlisted_msr_refused_with_count_0");
	else
		tap_fail("unlisted_msr_refused_with_count_0");
	tap_diag("KVM_GET_MSRS(0x40000200) on /dev/kvm: wanted 0, got %d", r);
	free(l);
	close(fd);
	tap_finish();
}
