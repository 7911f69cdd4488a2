// SPDX-License-Identifier: GPL-2.0-only
/*
 * The VMX capability MSRs: index, name, layout, and their bits as the
 * lists of include/x86_64/vmx_bits.h (and cr_bits.h for the CR fixed
 * bits) name them, with the lookups every message uses.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "x86_64/cr_bits.h"
#include "x86_64/vmx_table.h"

/* The lists of vmx_bits.h and cr_bits.h, as table rows. */
#define ROW_B(n, name, d)	{ .lo = (n), .hi = (n), .id = #name, .desc = (d) },
#define ROW_F(l, h, name, i, d)	{ .lo = (l), .hi = (h), .id = (i), .desc = (d) },

static const struct vmx_field basic_fields[] = { VMX_BASIC_BITS(ROW_B, ROW_F) };
static const struct vmx_field pin_fields[] = { VMX_PINBASED_BITS(ROW_B, ROW_F) };
static const struct vmx_field proc_fields[] = { VMX_PROCBASED_BITS(ROW_B, ROW_F) };
static const struct vmx_field proc2_fields[] = { VMX_PROCBASED2_BITS(ROW_B, ROW_F) };
static const struct vmx_field exit_fields[] = { VMX_EXIT_BITS(ROW_B, ROW_F) };
static const struct vmx_field entry_fields[] = { VMX_ENTRY_BITS(ROW_B, ROW_F) };
static const struct vmx_field misc_fields[] = { VMX_MISC_BITS(ROW_B, ROW_F) };
static const struct vmx_field cr0_fields[] = { X86_CR0_BITS(ROW_B, ROW_F) };
static const struct vmx_field cr4_fields[] = { X86_CR4_BITS(ROW_B, ROW_F) };
static const struct vmx_field vmcs_enum_fields[] = { VMX_VMCS_ENUM_BITS(ROW_B, ROW_F) };
static const struct vmx_field ept_vpid_fields[] = { VMX_EPT_VPID_BITS(ROW_B, ROW_F) };
static const struct vmx_field vmfunc_fields[] = { VMX_VMFUNC_BITS(ROW_B, ROW_F) };
static const struct vmx_field proc3_fields[] = { VMX_PROCBASED3_BITS(ROW_B, ROW_F) };
static const struct vmx_field exit2_fields[] = { VMX_EXIT2_BITS(ROW_B, ROW_F) };

#define FIELDS(a)	.fields = (a), .nr_fields = ARRAY_SIZE(a)

#define CTLS(_id, _name, _word, _f, _d1, _twin, _true)			\
	[_id] = { .id = _id, .index = VMX_MSR_INDEX(_id),		\
		  .name = "IA32_VMX_" _name, .short_name = _name,	\
		  .layout = VMX_LAYOUT_CTLS, .word = _word, FIELDS(_f),	\
		  .default1 = _d1, .twin = _twin, .is_true = _true,	\
		  .exists_msr = -1 }

#define OTHER(_id, _name, _layout, _f, _rsvd)				\
	[_id] = { .id = _id, .index = VMX_MSR_INDEX(_id),		\
		  .name = "IA32_VMX_" _name, .short_name = _name,	\
		  .layout = _layout, FIELDS(_f), .twin = -1,		\
		  .reserved = _rsvd, .exists_msr = -1 }

/* 0x492, 0x493: 64 allowed-1 bits, present only with their activating control */
#define CTLS64(_id, _name, _word, _f, _cond, _ctl)			\
	[_id] = { .id = _id, .index = VMX_MSR_INDEX(_id),		\
		  .name = "IA32_VMX_" _name, .short_name = _name,	\
		  .layout = VMX_LAYOUT_CTLS64, .word = _word, FIELDS(_f),	\
		  .twin = -1, .exists_msr = _cond,			\
		  .exists_bit = 32 + __builtin_ctz(_ctl) }

const struct vmx_msr_info vmx_msrs[NR_VMX_MSRS] = {
	/*
	 * BASIC bit 57 is reserved in the SDM, in Intel's own TDX module and in
	 * KVM; yet Alder Lake, Sapphire Rapids and every newer CPU set it.
	 */
	[VMX_BASIC] = { .id = VMX_BASIC, .index = VMX_MSR_INDEX(VMX_BASIC),
			.name = "IA32_VMX_BASIC", .short_name = "BASIC",
			.layout = VMX_LAYOUT_BASIC, FIELDS(basic_fields),
			.twin = -1, .exists_msr = -1,
			.reserved = VMX_BASIC_ZERO_MASK |
				    VMX_BASIC_RESERVED_47_45_MASK |
				    VMX_BASIC_RESERVED_57_MASK |
				    VMX_BASIC_RESERVED_59_MASK |
				    VMX_BASIC_RESERVED_63_61_MASK,
			.reserved_seen = VMX_BASIC_RESERVED_57_MASK },
	CTLS(VMX_PINBASED_CTLS, "PINBASED_CTLS", VMX_CTL_PIN, pin_fields,
	     PIN_BASED_ALWAYSON_WITHOUT_TRUE_MSR, VMX_TRUE_PINBASED_CTLS, false),
	CTLS(VMX_PROCBASED_CTLS, "PROCBASED_CTLS", VMX_CTL_PROC, proc_fields,
	     CPU_BASED_ALWAYSON_WITHOUT_TRUE_MSR, VMX_TRUE_PROCBASED_CTLS, false),
	CTLS(VMX_EXIT_CTLS, "EXIT_CTLS", VMX_CTL_EXIT, exit_fields,
	     VM_EXIT_ALWAYSON_WITHOUT_TRUE_MSR, VMX_TRUE_EXIT_CTLS, false),
	CTLS(VMX_ENTRY_CTLS, "ENTRY_CTLS", VMX_CTL_ENTRY, entry_fields,
	     VM_ENTRY_ALWAYSON_WITHOUT_TRUE_MSR, VMX_TRUE_ENTRY_CTLS, false),
	OTHER(VMX_MISC, "MISC", VMX_LAYOUT_MISC, misc_fields,
	      VMX_MISC_RESERVED_13_10_MASK | VMX_MISC_RESERVED_31_MASK),
	OTHER(VMX_CR0_FIXED0, "CR0_FIXED0", VMX_LAYOUT_FIXED0, cr0_fields, 0),
	OTHER(VMX_CR0_FIXED1, "CR0_FIXED1", VMX_LAYOUT_FIXED1, cr0_fields, 0),
	OTHER(VMX_CR4_FIXED0, "CR4_FIXED0", VMX_LAYOUT_FIXED0, cr4_fields, 0),
	OTHER(VMX_CR4_FIXED1, "CR4_FIXED1", VMX_LAYOUT_FIXED1, cr4_fields, 0),
	OTHER(VMX_VMCS_ENUM, "VMCS_ENUM", VMX_LAYOUT_VMCS_ENUM,
	      vmcs_enum_fields,
	      VMX_VMCS_ENUM_RESERVED_0_MASK | VMX_VMCS_ENUM_RESERVED_63_10_MASK),
	CTLS(VMX_PROCBASED_CTLS2, "PROCBASED_CTLS2", VMX_CTL_PROC2,
	     proc2_fields, 0, -1, false),
	OTHER(VMX_EPT_VPID_CAP, "EPT_VPID_CAP", VMX_LAYOUT_EPT_VPID,
	      ept_vpid_fields, 0),
	CTLS(VMX_TRUE_PINBASED_CTLS, "TRUE_PINBASED_CTLS", VMX_CTL_PIN,
	     pin_fields, PIN_BASED_ALWAYSON_WITHOUT_TRUE_MSR, VMX_PINBASED_CTLS, true),
	CTLS(VMX_TRUE_PROCBASED_CTLS, "TRUE_PROCBASED_CTLS", VMX_CTL_PROC,
	     proc_fields, CPU_BASED_ALWAYSON_WITHOUT_TRUE_MSR, VMX_PROCBASED_CTLS, true),
	CTLS(VMX_TRUE_EXIT_CTLS, "TRUE_EXIT_CTLS", VMX_CTL_EXIT, exit_fields,
	     VM_EXIT_ALWAYSON_WITHOUT_TRUE_MSR, VMX_EXIT_CTLS, true),
	CTLS(VMX_TRUE_ENTRY_CTLS, "TRUE_ENTRY_CTLS", VMX_CTL_ENTRY,
	     entry_fields, VM_ENTRY_ALWAYSON_WITHOUT_TRUE_MSR, VMX_ENTRY_CTLS, true),
	OTHER(VMX_VMFUNC, "VMFUNC", VMX_LAYOUT_VMFUNC, vmfunc_fields,
	      ~(uint64_t)VMX_VMFUNC_EPTP_SWITCHING),
	CTLS64(VMX_PROCBASED_CTLS3, "PROCBASED_CTLS3", VMX_CTL_PROC3,
	       proc3_fields, VMX_PROCBASED_CTLS,
	       CPU_BASED_ACTIVATE_TERTIARY_CONTROLS),
	CTLS64(VMX_EXIT_CTLS2, "EXIT_CTLS2", VMX_CTL_EXIT2, exit2_fields,
	       VMX_EXIT_CTLS, VM_EXIT_ACTIVATE_SECONDARY_CONTROLS),
};

int vmx_msr_by_index(uint32_t index)
{
	if (index < VMX_MSR_FIRST || index > VMX_MSR_LAST)
		return -1;
	return (int)(index - VMX_MSR_FIRST);
}

int vmx_msr_by_name(const char *name)
{
	const char *p = name;
	char *end;
	unsigned long idx;
	int i;

	if (!name || !*name)
		return -1;
	if (isdigit((unsigned char)*name)) {
		idx = strtoul(name, &end, 0);
		if (*end || idx > 0xffffffffUL)
			return -1;
		return vmx_msr_by_index((uint32_t)idx);
	}
	if (!strncasecmp(p, "IA32_", 5))
		p += 5;
	if (!strncasecmp(p, "VMX_", 4))
		p += 4;
	for (i = 0; i < NR_VMX_MSRS; i++)
		if (!strcasecmp(p, vmx_msrs[i].short_name))
			return i;
	return -1;
}

static const struct vmx_field *find_field(const struct vmx_msr_info *m,
					  unsigned int bit)
{
	unsigned int i;

	for (i = 0; i < m->nr_fields; i++)
		if (bit >= m->fields[i].lo && bit <= m->fields[i].hi)
			return &m->fields[i];
	return NULL;
}

const struct vmx_field *vmx_ctl_field(enum vmx_msr_id id, unsigned int ctl_bit)
{
	if (!vmx_is_ctls(id) || ctl_bit > 31)
		return NULL;
	return find_field(&vmx_msrs[id], ctl_bit);
}

const struct vmx_field *vmx_field_at(enum vmx_msr_id id, unsigned int bit)
{
	if (bit > 63)
		return NULL;
	if (vmx_is_ctls(id))
		return vmx_ctl_field(id, bit & 31);
	return find_field(&vmx_msrs[id], bit);
}

const struct vmx_field *vmx_field_by_id(enum vmx_msr_id id, const char *fid)
{
	const struct vmx_msr_info *m = &vmx_msrs[id];
	unsigned int i;

	for (i = 0; i < m->nr_fields; i++)
		if (!strcasecmp(m->fields[i].id, fid))
			return &m->fields[i];
	return NULL;
}

bool vmx_next_field(enum vmx_msr_id id, uint64_t diff, unsigned int *pos,
		    unsigned int *lo, unsigned int *hi)
{
	const struct vmx_field *f;
	unsigned int bit = *pos;

	while (bit < 64 && !(diff & (1ULL << bit)))
		bit++;
	if (bit >= 64) {
		*pos = 64;
		return false;
	}
	*lo = *hi = bit;
	f = vmx_field_at(id, bit);
	if (f && f->hi != f->lo && !vmx_is_ctls(id)) {
		/* a multi-bit field counts once, as a number */
		*lo = f->lo;
		*hi = f->hi;
	}
	*pos = *hi + 1;
	return true;
}

const char *vmx_describe_bit(enum vmx_msr_id id, unsigned int bit, char *buf,
			     size_t len)
{
	const struct vmx_msr_info *m = &vmx_msrs[id];
	const struct vmx_field *f;

	if (m->layout == VMX_LAYOUT_CTLS) {
		unsigned int cb = bit & 31;
		const char *half = bit >= 32 ? "allowed-1" : "allowed-0";

		f = vmx_ctl_field(id, cb);
		if (f)
			snprintf(buf, len, "%s bit %u (%s)", half, cb, f->desc);
		else if (m->default1 & (1U << cb))
			snprintf(buf, len, "%s bit %u (reserved, default-1)",
				 half, cb);
		else
			snprintf(buf, len, "%s bit %u (reserved)", half, cb);
		return buf;
	}
	f = find_field(m, bit);
	if (!f)
		snprintf(buf, len, "bit %u (reserved)", bit);
	else if (f->lo == f->hi)
		snprintf(buf, len, "bit %u (%s)", bit, f->desc);
	else
		snprintf(buf, len, "bits %u:%u (%s)", f->hi, f->lo, f->desc);
	return buf;
}
