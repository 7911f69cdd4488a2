// SPDX-License-Identifier: GPL-2.0-only
/*
 * IA32_VMX_VMCS_ENUM and IA32_VMX_MISC bit 29, as L1 sees them.
 *
 * SDM Vol. 3D A.9: VMCS_ENUM bits 9:1 are "the highest index value used
 * for any VMCS encoding".  So, for every field of the suite's table
 * (vmx_table.h, from SDM Appendix B):
 *   - index above that value: VMREAD fails, VMfailValid 12 "VMREAD/VMWRITE
 *     from/to unsupported VMCS component" (SDM 31.3, VMREAD);
 *   - index at most that value, and the field exists on this processor
 *     (no condition, or its feature advertised): VMREAD succeeds, the
 *     full and, for 64-bit fields, the high access;
 *   - a field whose feature is not advertised may or may not exist: skip,
 *     with what VMREAD said.
 * Encodings with index highest+1 in each width and type must fail too.
 *
 * SDM A.6: MISC bit 29 set means VMWRITE may write any supported field,
 * the read-only VM-exit information fields included; clear, such a
 * VMWRITE fails with VMfailValid 13 (SDM 31.3, VMWRITE).  Both outcomes:
 * a second VM whose MISC has bit 29 flipped by KVM_SET_MSRS before it
 * runs (KVM accepts clearing it).
 */
#include "kvm_util.h"
#include "ucall.h"
#include "x86_64/host.h"
#include "x86_64/l1.h"


static const char *const widths[] = { "w16", "w64", "w32", "wnat" };
static const char *const types[] = { "control", "ro_data", "guest", "host" };

static int describe_dep(const struct vmcs_dep *d, char *buf, int len)
{
	const struct vmx_field *f;

	if (d->msr == VMCS_DEP_CR3_TARGET)
		return guest_snprintf(buf, len, "more than %u CR3-target values (IA32_VMX_MISC bits 24:16)",
				      d->bit);
	f = vmx_field_at(d->msr, d->bit);
	return guest_snprintf(buf, len, "%s %s%u (%s)", vmx_msrs[d->msr].name,
			      vmx_is_ctls(d->msr) ? "allowed-1 bit " : "bit ",
			      vmx_is_ctls(d->msr) ? d->bit - 32 : d->bit,
			      f ? f->desc : "reserved");
}

/* VMREAD of enc and, for a 64-bit field, of its high half; one line. */
static void check_read(const char *name, uint32_t enc, struct vmx_ret want,
		       const char *rule)
{
	bool w64 = VMCS_ENC_WIDTH(enc) == VMCS_W64;
	struct vmx_ret full, high = want;
	char a[128], b[128], w[128];
	uint64_t v;

	full = vmread(enc, &v);
	if (w64)
		high = vmread(enc | 1, &v);
	vmx_ret_str(high, b, sizeof(b));
	l1_line(vmx_ret_eq(full, want) && vmx_ret_eq(high, want) ?
		TAP_PASS : TAP_FAIL, name,
		"encoding 0x%04x: wanted %s, got %s%s%s%s: %s", enc,
		vmx_ret_str(want, w, sizeof(w)), vmx_ret_str(full, a, sizeof(a)),
		!w64 ? "" : vmx_ret_eq(full, high) ? " for the full and high accesses" :
		" (high access: ", w64 && !vmx_ret_eq(full, high) ? b : "",
		w64 && !vmx_ret_eq(full, high) ? ")" : "", rule);
}

/* "A" or "A or B", the conditions a field exists under. */
static void describe_deps(const struct vmcs_field_info *f, char *buf, int len)
{
	int n = describe_dep(&f->dep[0], buf, len);

	if (f->dep[1].msr != VMCS_DEP_NONE) {
		n += guest_snprintf(buf + n, len - n, " or ");
		describe_dep(&f->dep[1], buf + n, len - n);
	}
}

static void check_fields(const struct vmx_caps *c, unsigned int max)
{
	char name[128], cond[300], got[128], rule[400];
	unsigned int i, w, t;
	uint64_t v;

	for (i = 0; i < nr_vmcs_fields; i++) {
		const struct vmcs_field_info *f = &vmcs_fields[i];
		unsigned int idx = VMCS_ENC_INDEX(f->enc);

		guest_snprintf(name, sizeof(name), "vmread.%s", f->name);
		if (idx > max) {
			check_read(name, f->enc, VMX_RET_FAIL(VMXERR_UNSUPPORTED_COMPONENT),
				   "its index is above VMCS_ENUM's highest index (SDM A.9)");
			continue;
		}
		if (f->dep[0].msr == VMCS_DEP_NONE) {
			check_read(name, f->enc, VMX_RET_OK,
				   "its index is within VMCS_ENUM, and every processor has the field (SDM A.9, Appendix B)");
			continue;
		}
		describe_deps(f, cond, sizeof(cond));
		if (vmcs_field_exists(f, c->msr)) {
			guest_snprintf(rule, sizeof(rule), "its index is within VMCS_ENUM, and it exists with %s, which is advertised (SDM A.9, Appendix B)",
				       cond);
			check_read(name, f->enc, VMX_RET_OK, rule);
		} else {
			l1_line(TAP_SKIP, name, "the field exists only with %s, which is not advertised (VMREAD gave %s)",
				cond, vmx_ret_str(vmread(f->enc, &v), got, sizeof(got)));
		}
	}
	if (max >= 0x1ff)
		return;
	for (w = 0; w < 4; w++) {
		for (t = 0; t < 4; t++) {
			guest_snprintf(name, sizeof(name),
				       "vmread.index_above_max.%s.%s", widths[w],
				       types[t]);
			check_read(name, VMCS_ENC(w, t, max + 1),
				   VMX_RET_FAIL(VMXERR_UNSUPPORTED_COMPONENT),
				   "no field has an index above VMCS_ENUM's highest index (SDM A.9)");
		}
	}
}

static void check_ro_writes(const struct vmx_caps *c, unsigned int max)
{
	bool any = c->msr[VMX_MISC] & VMX_MISC_VMWRITE_ANY_FIELD;
	char name[128], g[128];
	unsigned int i;

	for (i = 0; i < nr_vmcs_fields; i++) {
		const struct vmcs_field_info *f = &vmcs_fields[i];
		unsigned int bits = vmcs_field_bits(f->enc);
		uint64_t v = 0x5a5a5a5a5a5a5a5aULL, back = 0;
		struct vmx_ret r;

		if (VMCS_ENC_TYPE(f->enc) != VMCS_T_RO_DATA ||
		    VMCS_ENC_INDEX(f->enc) > max || !vmcs_field_exists(f, c->msr))
			continue;
		if (bits < 64)
			v &= (1ULL << bits) - 1;
		guest_snprintf(name, sizeof(name), "vmwrite_ro.misc29_%d.%s",
			       any, f->name);
		r = vmwrite(f->enc, v);
		if (!any) {
			l1_expect(name, r, VMX_RET_FAIL(VMXERR_VMWRITE_READ_ONLY),
				  "MISC bit 29 is clear: read-only fields stay read-only (SDM A.6, 31.3)");
			continue;
		}
		vmread(f->enc, &back);
		l1_line(vmx_ok(r) && back == v ? TAP_PASS : TAP_FAIL, name,
			"wanted VMsucceed and 0x%lx read back, got %s and 0x%lx: MISC bit 29 is set: VMWRITE may write any supported field (SDM A.6)",
			v, vmx_ret_str(r, g, sizeof(g)), back);
	}
}

static void l1_guest(uint64_t pages_gva, uint64_t second)
{
	const struct vmx_pages *p = (const struct vmx_pages *)pages_gva;
	struct vmx_caps c;
	struct vmx_ret r;
	unsigned int max;
	char buf[128];

	l1_lines_init(p);
	vmx_read_caps(&c);
	max = (c.msr[VMX_VMCS_ENUM] & VMX_VMCS_ENUM_MAX_INDEX_MASK) >> 1;
	r = vmx_enable(&c, p->vmxon);
	GUEST_ASSERT_MSG(vmx_ok(r), "VMXON: %s", vmx_ret_str(r, buf, sizeof(buf)));
	vmx_region_init(p->vmcs, &c, false);
	GUEST_ASSERT(vmx_ok(vmclear(p->vmcs)) && vmx_ok(vmptrld(p->vmcs)));
	if (!second)
		check_fields(&c, max);
	check_ro_writes(&c, max);
	vmxoff();
	GUEST_DONE();
}

static void run_one(bool second)
{
	uint64_t misc;
	struct l1_vm l;
	int r;

	l1_vm_create(&l, l1_guest, 48);	/* ~230 lines of 512 bytes */
	vcpu_args_set(l.vcpu, 2, l.gva, (uint64_t)second);
	if (second) {
		r = vcpu_get_msr(l.vcpu, VMX_MSR_INDEX(VMX_MISC), &misc);
		TEST_ASSERT(r == 1, "KVM_GET_MSRS(IA32_VMX_MISC) returned %d", r);
		r = vcpu_set_msr(l.vcpu, VMX_MSR_INDEX(VMX_MISC),
				 misc ^ VMX_MISC_VMWRITE_ANY_FIELD);
		if (r != 1) {
			tap_skip("KVM_SET_MSRS refused IA32_VMX_MISC with bit 29 flipped, so L1 sees only one setting",
				 "vmwrite_ro.misc29_flipped");
			vm_free(l.vm);
			return;
		}
		tap_diag("second VM: IA32_VMX_MISC 0x%lx -> 0x%lx before KVM_RUN",
			 (unsigned long)misc,
			 (unsigned long)(misc ^ VMX_MISC_VMWRITE_ANY_FIELD));
	}
	l1_vm_finish(&l);
}

int main(void)
{
	tap_init();
	host_require_nested_vmx();
	run_one(false);
	run_one(true);
	tap_finish();
}
