// SPDX-License-Identifier: GPL-2.0-only
#include <stdio.h>

#include "x86_64/processor.h"
#include "x86_64/write_probe.h"

uint64_t probe_read(struct write_probe *p, enum vmx_msr_id id)
{
	uint64_t v;
	int r = vcpu_get_msr(p->vcpu, VMX_MSR_INDEX(id), &v);

	TEST_ASSERT(r == 1, "reading %s from the vCPU failed (%d)",
		    vmx_msr_name(id), r);
	return v;
}

bool probe_write(struct write_probe *p, struct check *c, enum vmx_msr_id id,
		 uint64_t val, enum expect want, bool keep, const char *what,
		 const char *rule)
{
	uint64_t before = probe_read(p, id), after;
	int r = vcpu_set_msr(p->vcpu, VMX_MSR_INDEX(id), val);
	bool ok = true;

	p->writes++;
	if (check_broken(c))
		want = want == ACCEPTED ? REFUSED : ACCEPTED;
	TEST_ASSERT(r >= 0, "KVM_SET_MSRS ioctl failed for %s", vmx_msr_name(id));
	if ((r == 1) != (want == ACCEPTED)) {
		check_fail(c, "%s %s (0x%016llx): wanted %s, got %s (KVM_SET_MSRS wrote %d of 1): %s",
			   vmx_msr_name(id), what, (unsigned long long)val,
			   want == ACCEPTED ? "accepted" : "refused",
			   r == 1 ? "accepted" : "refused", r, rule);
		ok = false;
	}
	after = probe_read(p, id);
	if (r == 1 && after != val) {
		check_fail(c, "%s %s: accepted, but reads back 0x%016llx, wanted 0x%016llx: KVM stores the value as written",
			   vmx_msr_name(id), what, (unsigned long long)after,
			   (unsigned long long)val);
		ok = false;
	}
	if (r != 1 && after != before) {
		check_fail(c, "%s %s: refused, yet the value changed from 0x%016llx to 0x%016llx",
			   vmx_msr_name(id), what, (unsigned long long)before,
			   (unsigned long long)after);
		ok = false;
	}
	if (r == 1 && !keep && after != before) {
		r = vcpu_set_msr(p->vcpu, VMX_MSR_INDEX(id), before);
		p->writes++;
		if (r != 1) {
			check_fail(c, "%s: writing back the previous value 0x%016llx after %s: wanted accepted, got refused",
				   vmx_msr_name(id), (unsigned long long)before, what);
			ok = false;
		}
	}
	return ok;
}

void probe_context_beyond(char *buf, size_t len, enum vmx_msr_id id,
			  uint64_t vcpu, uint64_t sys)
{
	uint32_t beyond = vmx_allowed1(vcpu) & ~vmx_allowed1(sys);
	size_t n = 0;
	char d[160];

	buf[0] = 0;
	while (beyond && n < len) {
		unsigned int b = __builtin_ctz(beyond);

		beyond &= beyond - 1;
		n += snprintf(buf + n, len - n, "%sthe vCPU's value offers %s, which KVM's own value lacks",
			      n ? "; " : "", vmx_describe_bit(id, 32 + b, d, sizeof(d)));
	}
}
