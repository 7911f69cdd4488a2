/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The one table of the VMX capability MSRs (IA32_VMX_BASIC 0x480 to
 * IA32_VMX_VMFUNC 0x491): index, name, layout and every named bit or
 * field, from the SDM (Vol. 3D, Appendix A) and the kernel's asm/vmx.h.
 *
 * The decoder, the checks, the model and every message name MSRs and
 * bits through this table and nothing else.
 */
#ifndef NVMX_VMX_TABLE_H
#define NVMX_VMX_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bits.h"

#define VMX_MSR_FIRST	0x480
#define VMX_MSR_LAST	0x491

/* The id is the index minus 0x480, so arrays of values index by id. */
enum vmx_msr_id {
	VMX_BASIC,
	VMX_PINBASED_CTLS,
	VMX_PROCBASED_CTLS,
	VMX_EXIT_CTLS,
	VMX_ENTRY_CTLS,
	VMX_MISC,
	VMX_CR0_FIXED0,
	VMX_CR0_FIXED1,
	VMX_CR4_FIXED0,
	VMX_CR4_FIXED1,
	VMX_VMCS_ENUM,
	VMX_PROCBASED_CTLS2,
	VMX_EPT_VPID_CAP,
	VMX_TRUE_PINBASED_CTLS,
	VMX_TRUE_PROCBASED_CTLS,
	VMX_TRUE_EXIT_CTLS,
	VMX_TRUE_ENTRY_CTLS,
	VMX_VMFUNC,
	NR_VMX_MSRS,
};

#define VMX_MSR_INDEX(id)	(VMX_MSR_FIRST + (uint32_t)(id))

enum vmx_layout {
	VMX_LAYOUT_BASIC,
	/* bits 31:0 allowed-0 ("must be 1"), bits 63:32 allowed-1 ("may be 1") */
	VMX_LAYOUT_CTLS,
	VMX_LAYOUT_MISC,
	VMX_LAYOUT_FIXED0,	/* a 1 bit must be 1 in the CR */
	VMX_LAYOUT_FIXED1,	/* a 0 bit must be 0 in the CR */
	VMX_LAYOUT_VMCS_ENUM,
	VMX_LAYOUT_EPT_VPID,
	VMX_LAYOUT_VMFUNC,
};

/* Which VMCS control word a control MSR describes. */
enum vmx_ctl_word {
	VMX_CTL_NONE,
	VMX_CTL_PIN,
	VMX_CTL_PROC,
	VMX_CTL_PROC2,
	VMX_CTL_EXIT,
	VMX_CTL_ENTRY,
};

/*
 * A named bit (lo == hi) or multi-bit field of an MSR.  For control MSRs
 * the fields describe the 32 control bits, which both halves share.
 */
struct vmx_field {
	uint8_t lo, hi;
	const char *id;		/* kernel-style identifier: "EPT_VIOLATION_VE" */
	const char *desc;	/* SDM wording: "EPT-violation #VE" */
};

struct vmx_msr_info {
	enum vmx_msr_id id;
	uint32_t index;
	const char *name;		/* "IA32_VMX_PROCBASED_CTLS2" */
	const char *short_name;		/* "PROCBASED_CTLS2", for tables */
	enum vmx_layout layout;
	enum vmx_ctl_word word;
	const struct vmx_field *fields;
	unsigned int nr_fields;
	/*
	 * Control MSRs: the default-1 class, which the non-TRUE MSR reports
	 * as must-be-1 (SDM A.2); 0 for PROCBASED_CTLS2.
	 */
	uint32_t default1;
	/* Non-TRUE control MSR: its TRUE twin; TRUE MSR: its non-TRUE twin. */
	int twin;
	bool is_true;
	/* Bits the SDM reserves as 0 (whole 64-bit value). */
	uint64_t reserved;
};

extern const struct vmx_msr_info vmx_msrs[NR_VMX_MSRS];

static inline const struct vmx_msr_info *vmx_msr(enum vmx_msr_id id)
{
	return &vmx_msrs[id];
}

static inline const char *vmx_msr_name(enum vmx_msr_id id)
{
	return vmx_msrs[id].name;
}

/* id for an MSR index, or -1 if the index is not one of the 18. */
int vmx_msr_by_index(uint32_t index);
/* id for "IA32_VMX_BASIC", "VMX_BASIC", "BASIC" (any case) or "0x480". */
int vmx_msr_by_name(const char *name);

/* The field that covers bit (0..63) of the 64-bit value, or NULL. */
const struct vmx_field *vmx_field_at(enum vmx_msr_id id, unsigned int bit);
/* A field by identifier ("EPT_VIOLATION_VE", "revision"), or NULL. */
const struct vmx_field *vmx_field_by_id(enum vmx_msr_id id, const char *fid);

/* For control MSRs: the field of control bit 0..31, or NULL if unnamed. */
const struct vmx_field *vmx_ctl_field(enum vmx_msr_id id, unsigned int ctl_bit);

/*
 * Describe a bit of the 64-bit value for a message, without the MSR name:
 *   controls:  "allowed-1 bit 18 (EPT-violation #VE)"
 *   others:    "bit 54 (INS/OUTS exit information)"
 *   fields:    "bits 4:0 (preemption-timer rate)"
 * The bit may lie inside a multi-bit field; the whole field is named.
 * Returns buf.
 */
const char *vmx_describe_bit(enum vmx_msr_id id, unsigned int bit, char *buf,
			     size_t len);

/* Mask of a field in the 64-bit value. */
static inline uint64_t vmx_field_mask(const struct vmx_field *f)
{
	unsigned int width = f->hi - f->lo + 1;

	return (width == 64 ? ~0ULL : ((1ULL << width) - 1)) << f->lo;
}

static inline uint64_t vmx_field_get(const struct vmx_field *f, uint64_t v)
{
	return (v & vmx_field_mask(f)) >> f->lo;
}

static inline uint32_t vmx_allowed0(uint64_t v)
{
	return (uint32_t)v;
}

static inline uint32_t vmx_allowed1(uint64_t v)
{
	return (uint32_t)(v >> 32);
}

static inline bool vmx_is_ctls(enum vmx_msr_id id)
{
	return vmx_msrs[id].layout == VMX_LAYOUT_CTLS;
}

/*
 * Fixed field values the SDM and KVM name, shared by the checks, the model
 * and the decoder.
 */
#define VMX_BASIC_REVISION_MASK		0x7fffffffULL
#define VMX_BASIC_VMCS_SIZE_SHIFT	32
#define VMX_BASIC_VMCS_SIZE_MASK	GENMASK_ULL(44, 32)
#define VMX_BASIC_MEM_TYPE_SHIFT	50
#define VMX_BASIC_MEM_TYPE_MASK		GENMASK_ULL(53, 50)
#define VMX_MEMTYPE_UC			0
#define VMX_MEMTYPE_WB			6

#define VMX_MISC_PREEMPT_RATE_MASK	0x1fULL
#define VMX_MISC_CR3_COUNT_SHIFT	16
#define VMX_MISC_CR3_COUNT_MASK		GENMASK_ULL(24, 16)
#define VMX_MISC_MSR_LIST_SHIFT		25
#define VMX_MISC_MSR_LIST_MASK		GENMASK_ULL(27, 25)
#define VMX_MISC_MSEG_SHIFT		32

#define VMX_VMCS_ENUM_INDEX_MASK	GENMASK_ULL(9, 1)

#endif
