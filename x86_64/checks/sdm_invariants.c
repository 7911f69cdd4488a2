// SPDX-License-Identifier: GPL-2.0-only
/*
 * SDM Vol. 3D Appendix A, the rules a set of VMX capability MSR values
 * must obey by itself.  Each check quotes the section it rests on.
 */
#include "x86_64/emulator_deviations.h"
#include "x86_64/sdm_invariants.h"

static const enum vmx_msr_id ctls_ids[] = {
	VMX_PINBASED_CTLS, VMX_PROCBASED_CTLS, VMX_EXIT_CTLS, VMX_ENTRY_CTLS,
	VMX_PROCBASED_CTLS2, VMX_TRUE_PINBASED_CTLS, VMX_TRUE_PROCBASED_CTLS,
	VMX_TRUE_EXIT_CTLS, VMX_TRUE_ENTRY_CTLS,
};

/* Starts a check; if an MSR it needs is absent, it is a skip. */
static struct check *begin(struct check_list *out,
			   const struct vmx_msr_set *m, enum vmx_msr_id id,
			   const char *rule, int need1, int need2)
{
	struct check *c = check_new(out, "%s.%s", vmx_msr_name(id), rule);
	int need[3] = { id, need1, need2 };
	unsigned int i;

	for (i = 0; i < 3; i++) {
		if (need[i] < 0 || msrs_has(m, need[i]))
			continue;
		check_skip(c, "%s is absent from this set of values",
			   vmx_msr_name(need[i]));
		return NULL;
	}
	return c;
}

/*
 * Reserved bits read as 0: a failure, except for the bits real CPUs set
 * although the SDM reserves them (vmx_msr_info.reserved_seen), which are
 * a named warning.
 */
static void check_reserved(struct check *c, enum vmx_msr_id id, uint64_t v,
			   const char *rule)
{
	const struct vmx_msr_info *info = vmx_msr(id);
	uint64_t seen = v & info->reserved & info->reserved_seen;
	unsigned int pos = 0, lo, hi;
	char what[200];

	check_clear(c, id, info->reserved & ~info->reserved_seen, v, "%s", rule);
	while (vmx_next_field(id, seen, &pos, &lo, &hi))
		check_warn(c, "%s %s is 1: the SDM reserves it, yet CPUs from Alder Lake and Sapphire Rapids on set it",
			   info->name, vmx_describe_bit(id, lo, what, sizeof(what)));
}

/*
 * The 64-bit allowed-1 MSRs (0x492, 0x493): they exist only with their
 * activating control, and a bit the table does not name is a warning
 * (the ISE adds controls faster than the SDM), with the emulator
 * deviation that explains it where one does.
 */
static void check_ctls64(const struct vmx_msr_set *m, struct check_list *out)
{
	unsigned int id;

	for (id = 0; id < NR_VMX_MSRS; id++) {
		const struct vmx_msr_info *info = vmx_msr(id);
		uint64_t v = msrs_get(m, id), unnamed = 0;
		unsigned int bit;
		struct check *c;

		if (info->layout != VMX_LAYOUT_CTLS64)
			continue;
		c = begin(out, m, id, "exists_only_with_its_control",
			  info->exists_msr, -1);
		if (c)
			check_set(c, info->exists_msr, BIT_ULL(info->exists_bit),
				  msrs_get(m, info->exists_msr),
				  "SDM A.3.4, A.4.2: %s exists only if this control may be 1",
				  info->name);
		c = begin(out, m, id, "bits_named", -1, -1);
		if (!c)
			continue;
		for (bit = 0; bit < 64; bit++)
			if ((v >> bit & 1) && !vmx_field_at(id, bit))
				unnamed |= BIT_ULL(bit);
		for (bit = 0; bit < 64; bit++) {
			const char *dev;

			if (!(unnamed >> bit & 1))
				continue;
			dev = emulator_deviation(id, bit);
			check_warn(c, "%s bit %u is 1, a control neither the SDM nor the ISE names%s%s",
				   info->name, bit, dev ? ": known emulator deviation: " : "",
				   dev ? dev : "");
		}
	}
}

static void check_controls(const struct vmx_msr_set *m, struct check_list *out)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ctls_ids); i++) {
		enum vmx_msr_id id = ctls_ids[i];
		const struct vmx_msr_info *info = vmx_msr(id);
		uint64_t v = msrs_get(m, id);
		uint64_t lo = vmx_allowed0(v), hi = vmx_allowed1(v);
		struct check *c;

		c = begin(out, m, id, "must_be_1_bits_are_allowed_1", -1, -1);
		if (c)
			check_bits(c, id, (lo & ~hi) << 32, lo << 32, v,
				   "SDM A.3: a control reported as must-be-1 (allowed-0 bit set) must also be allowed to be 1");

		if (info->is_true || info->twin < 0)
			continue;

		c = begin(out, m, id, "default1_class_must_be_1", -1, -1);
		if (c)
			check_set(c, id, info->default1, v,
				  "SDM A.2: the non-TRUE MSR reports every default1 control as must-be-1");

		c = begin(out, m, id, "allowed1_equals_true_msr", info->twin, -1);
		if (c)
			check_bits(c, id, GENMASK_ULL(63, 32), msrs_get(m, info->twin),
				   v, "SDM A.2: %s reports the same allowed-1 settings as %s",
				   info->name, vmx_msr_name(info->twin));

		c = begin(out, m, id, "allowed0_is_true_plus_default1", info->twin, -1);
		if (c)
			check_bits(c, id, GENMASK_ULL(31, 0),
				   vmx_allowed0(msrs_get(m, info->twin)) | info->default1,
				   v, "SDM A.2: the non-TRUE must-be-1 bits are those of %s plus the default1 class 0x%x",
				   vmx_msr_name(info->twin), info->default1);
	}
}

static void check_basic(const struct vmx_msr_set *m, struct check_list *out)
{
	uint64_t v = msrs_get(m, VMX_BASIC);
	uint64_t size = (v & VMX_BASIC_VMCS_SIZE_MASK) >> VMX_BASIC_VMCS_SIZE_SHIFT;
	struct check *c;
	unsigned int i;
	bool any_true = false;

	c = begin(out, m, VMX_BASIC, "bit31_clear", -1, -1);
	if (c)
		check_clear(c, VMX_BASIC, BIT_ULL(31), v,
			    "SDM A.1: bit 31 of IA32_VMX_BASIC is always 0");

	c = begin(out, m, VMX_BASIC, "vmcs_size_1_to_4096", -1, -1);
	if (c && (size < 1 || size > 4096))
		check_field_fail(c, VMX_BASIC, 32, 44, 4096, size,
				 "1 to 4096",
				 "SDM A.1: the VMCS region size is at most 4 KBytes, and not 0");

	c = begin(out, m, VMX_BASIC, "memory_type_wb", -1, -1);
	if (c)
		check_bits(c, VMX_BASIC, VMX_BASIC_MEM_TYPE_MASK,
			   (uint64_t)VMX_MEMTYPE_WB << VMX_BASIC_MEM_TYPE_SHIFT, v,
			   "SDM A.1: the VMCS memory type is write-back (6) on every processor");

	c = begin(out, m, VMX_BASIC, "reserved_bits_clear", -1, -1);
	if (c)
		check_reserved(c, VMX_BASIC, v & ~VMX_BASIC_ZERO_MASK,
			       "SDM A.1: reserved bits of IA32_VMX_BASIC read as 0");

	for (i = VMX_TRUE_PINBASED_CTLS; i <= VMX_TRUE_ENTRY_CTLS; i++)
		any_true |= msrs_has(m, i);
	c = begin(out, m, VMX_BASIC, "true_ctls_bit_set_when_true_msrs_exist", -1, -1);
	if (c && !any_true)
		check_skip(c, "no TRUE control MSR in this set of values");
	else if (c)
		check_set(c, VMX_BASIC, VMX_BASIC_TRUE_CTLS, v,
			  "SDM A.1: the TRUE control MSRs exist only if bit 55 is 1");
}

static void check_fixed(const struct vmx_msr_set *m, struct check_list *out)
{
	static const struct {
		enum vmx_msr_id f0, f1;
		uint64_t required;
		const char *req_rule;
	} cr[] = {
		{ VMX_CR0_FIXED0, VMX_CR0_FIXED1, BIT_ULL(0) | BIT_ULL(5) | BIT_ULL(31),
		  "pe_ne_pg_fixed_1" },
		{ VMX_CR4_FIXED0, VMX_CR4_FIXED1, BIT_ULL(13), "vmxe_fixed_1" },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cr); i++) {
		uint64_t f0 = msrs_get(m, cr[i].f0), f1 = msrs_get(m, cr[i].f1);
		struct check *c;

		c = begin(out, m, cr[i].f0, "within_fixed1", cr[i].f1, -1);
		if (c)
			check_bits(c, cr[i].f1, f0 & ~f1, f0, f1,
				   "SDM A.7/A.8: a bit %s fixes to 1 must be allowed to be 1 in %s",
				   vmx_msr_name(cr[i].f0), vmx_msr_name(cr[i].f1));
		c = begin(out, m, cr[i].f0, cr[i].req_rule, -1, -1);
		if (c)
			check_set(c, cr[i].f0, cr[i].required, f0,
				  "SDM 24.8 and A.7/A.8: VMX operation requires these bits set");
	}
}

static void check_misc_enum(const struct vmx_msr_set *m, struct check_list *out)
{
	uint64_t misc = msrs_get(m, VMX_MISC);
	uint64_t cr3 = (misc & VMX_MISC_CR3_TARGET_COUNT_MASK) >> VMX_MISC_CR3_TARGET_COUNT_SHIFT;
	struct check *c;

	c = begin(out, m, VMX_MISC, "cr3_target_count_valid", -1, -1);
	if (c && (cr3 > 256 || ((cr3 & 0x100) && (cr3 & 0xff))))
		check_field_fail(c, VMX_MISC, 16, 24, 256, cr3, "0 to 256",
				 "SDM A.6: the CR3-target count is between 0 and 256 (bit 24 set only for 256)");

	c = begin(out, m, VMX_MISC, "reserved_bits_clear", -1, -1);
	if (c)
		check_clear(c, VMX_MISC, vmx_msr(VMX_MISC)->reserved, misc,
			    "SDM A.6: reserved bits of IA32_VMX_MISC read as 0");

	c = begin(out, m, VMX_MISC, "save_efer_lma_with_unrestricted_guest",
		  VMX_PROCBASED_CTLS2, -1);
	if (c && !(vmx_allowed1(msrs_get(m, VMX_PROCBASED_CTLS2)) & BIT(7)))
		check_skip(c, "'unrestricted guest' may not be 1 here");
	else if (c)
		check_set(c, VMX_MISC, BIT_ULL(5), misc,
			  "SDM A.6: bit 5 is 1 wherever 'unrestricted guest' may be 1");

	c = begin(out, m, VMX_VMCS_ENUM, "reserved_bits_clear", -1, -1);
	if (c)
		check_clear(c, VMX_VMCS_ENUM, vmx_msr(VMX_VMCS_ENUM)->reserved,
			    msrs_get(m, VMX_VMCS_ENUM),
			    "SDM A.9: only bits 9:1 of IA32_VMX_VMCS_ENUM are defined");
}

/* Secondary controls, EPT/VPID and VM functions exist only when enabled. */
static void check_dependent(const struct vmx_msr_set *m, struct check_list *out)
{
	uint32_t proc2_hi = vmx_allowed1(msrs_get(m, VMX_PROCBASED_CTLS2));
	uint64_t cap = msrs_get(m, VMX_EPT_VPID_CAP);
	struct check *c;

	c = begin(out, m, VMX_PROCBASED_CTLS2, "needs_activate_secondary_controls",
		  VMX_PROCBASED_CTLS, -1);
	if (c && proc2_hi)
		check_set(c, VMX_PROCBASED_CTLS, HI(CPU_BASED_ACTIVATE_SECONDARY_CONTROLS),
			  msrs_get(m, VMX_PROCBASED_CTLS),
			  "SDM A.3.3: secondary controls exist only if 'activate secondary controls' may be 1");

	c = begin(out, m, VMX_EPT_VPID_CAP, "ept_bits_need_enable_ept",
		  VMX_PROCBASED_CTLS2, -1);
	if (c && !(proc2_hi & SECONDARY_EXEC_ENABLE_EPT))
		check_clear(c, VMX_EPT_VPID_CAP, GENMASK_ULL(31, 0), cap,
			    "SDM A.10: EPT capabilities are reported only if 'enable EPT' may be 1, and %s allowed-1 bit 1 is 0",
			    vmx_msr_name(VMX_PROCBASED_CTLS2));

	c = begin(out, m, VMX_EPT_VPID_CAP, "vpid_bits_need_enable_vpid",
		  VMX_PROCBASED_CTLS2, -1);
	if (c && !(proc2_hi & SECONDARY_EXEC_ENABLE_VPID))
		check_clear(c, VMX_EPT_VPID_CAP, GENMASK_ULL(63, 32), cap,
			    "SDM A.10: VPID capabilities are reported only if 'enable VPID' may be 1, and %s allowed-1 bit 5 is 0",
			    vmx_msr_name(VMX_PROCBASED_CTLS2));

	c = begin(out, m, VMX_VMFUNC, "needs_enable_vm_functions",
		  VMX_PROCBASED_CTLS2, -1);
	if (c && !(proc2_hi & SECONDARY_EXEC_ENABLE_VMFUNC))
		check_clear(c, VMX_VMFUNC, ~0ULL, msrs_get(m, VMX_VMFUNC),
			    "SDM A.11: VM functions are reported only if 'enable VM functions' may be 1, and %s allowed-1 bit 13 is 0",
			    vmx_msr_name(VMX_PROCBASED_CTLS2));
}

void sdm_check_invariants(const struct vmx_msr_set *m, struct check_list *out)
{
	check_basic(m, out);
	check_controls(m, out);
	check_fixed(m, out);
	check_misc_enum(m, out);
	check_dependent(m, out);
	check_ctls64(m, out);
}
