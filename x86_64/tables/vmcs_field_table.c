// SPDX-License-Identifier: GPL-2.0-only
/*
 * The VMCS field table: every field of the SDM (Vol. 3D, Appendix B) with
 * its encoding, its name and the capability bits it exists under.  The
 * list itself is VMCS_FIELD_LIST in vmx_table.h, next to the MSR table,
 * so that the encodings L1 code uses and the names messages print come
 * from one place.
 *
 * L1 guest code uses these lookups, so nothing here calls libc.
 */
#include "x86_64/vmx_table.h"

#define VMCS_FIELD_ENTRY(name_, enc_, m1, b1, m2, b2)			\
	{ .enc = (enc_), .name = #name_,				\
	  .dep = { { (m1), (b1) }, { (m2), (b2) } } },
/* One more level, so that the VMCS_NEEDS_*() conditions expand into two arguments. */
#define VMCS_FIELD_ENTRY_(...)	VMCS_FIELD_ENTRY(__VA_ARGS__)
#define VMCS_FIELD_ENTRY_X(name, enc, d1, d2)				\
	VMCS_FIELD_ENTRY_(name, enc, d1, d2)

const struct vmcs_field_info vmcs_fields[] = {
	VMCS_FIELD_LIST(VMCS_FIELD_ENTRY_X)
};

const unsigned int nr_vmcs_fields = ARRAY_SIZE(vmcs_fields);

const struct vmcs_field_info *vmcs_field_find(uint32_t enc)
{
	unsigned int i;

	/* Only 64-bit fields have a high access (SDM 25.11.2). */
	if (VMCS_ENC_HIGH(enc) && VMCS_ENC_WIDTH(enc) != VMCS_W64)
		return NULL;
	enc &= ~1U;
	for (i = 0; i < nr_vmcs_fields; i++)
		if (vmcs_fields[i].enc == enc)
			return &vmcs_fields[i];
	return NULL;
}

const char *vmcs_field_name(uint32_t enc)
{
	const struct vmcs_field_info *f = vmcs_field_find(enc);

	return f ? f->name : "(unknown field)";
}

unsigned int vmcs_field_bits(uint32_t enc)
{
	if (VMCS_ENC_HIGH(enc))
		return 32;
	switch (VMCS_ENC_WIDTH(enc)) {
	case VMCS_W16:
		return 16;
	case VMCS_W32:
		return 32;
	default:
		return 64;
	}
}

static bool dep_holds(const struct vmcs_dep *d, const uint64_t *msrs)
{
	uint64_t cr3_targets;

	switch (d->msr) {
	case VMCS_DEP_CR3_TARGET:
		cr3_targets = (msrs[VMX_MISC] & VMX_MISC_CR3_TARGET_COUNT_MASK) >>
			      VMX_MISC_CR3_TARGET_COUNT_SHIFT;
		return cr3_targets > d->bit;
	case VMX_PROCBASED_CTLS2:
		/* Secondary controls count only when they can be activated. */
		if (!(msrs[VMX_PROCBASED_CTLS] & BIT_ULL(32 + 31)))
			return false;
		break;
	default:
		break;
	}
	return d->msr < NR_VMX_MSRS && (msrs[d->msr] & BIT_ULL(d->bit));
}

bool vmcs_field_exists(const struct vmcs_field_info *f, const uint64_t *msrs)
{
	if (f->dep[0].msr == VMCS_DEP_NONE)
		return true;
	return dep_holds(&f->dep[0], msrs) ||
	       (f->dep[1].msr != VMCS_DEP_NONE && dep_holds(&f->dep[1], msrs));
}
