// SPDX-License-Identifier: GPL-2.0-only
/*
 * The names of /proc/cpuinfo's "vmx flags", per modelled kernel.
 *
 * vmxfeatures.h defines the bits; mkcapflags.sh names them.  Until 6.1 a
 * bit whose comment does not start with "" is printed under its macro
 * name in lower case (VMX_FEATURE_PREEMPTION_TIMER: "preemption_timer");
 * from 6.12 on only bits with an explicit "name" are printed.  The sets
 * that result are equal but for the bits added later: notify_vm_exiting
 * and ipi_virt (6.1), ept_5level and ept_violation_ve (6.12).
 *
 * feat_ctl.c's init_vmx_capabilities() fills the words: word 0 is the
 * low 16 allowed-1 bits of PINBASED_CTLS, INVVPID, EPT capabilities and
 * VM functions, plus two aggregates; words 1 and 2 are the allowed-1
 * halves of PROCBASED_CTLS and PROCBASED_CTLS2; word 3 the tertiary
 * controls.
 *
 * The VM functions come from the *high* half of IA32_VMX_VMFUNC:
 * rdmsr_safe(MSR_IA32_VMX_VMFUNC, &ign, &funcs) in all four sources,
 * while EPTP switching is bit 0 of the low half.  So "eptp_switching"
 * stands for bit 32, which no CPU sets: the flag is never printed.  The
 * table follows the kernel, not the SDM.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "x86_64/vmx_flags.h"


#define ALL		KVR_ALL
#define FROM		KVR_FROM

#define CTL(n, m, b, v)	{ n, VFS_CTL, VMX_##m, b, v }
#define CAP(n, s, b, v)	{ n, VFS_##s, 0, b, v }

const struct vmx_flag vmx_flags_table[] = {
	/* word 0: pin-based (low 16 bits) */
	CTL("vnmi", PINBASED_CTLS, 5, ALL),
	CTL("preemption_timer", PINBASED_CTLS, 6, ALL),
	CTL("posted_intr", PINBASED_CTLS, 7, ALL),
	/* word 0: scattered */
	CAP("invvpid", VPID, 0, ALL),
	CAP("ept_x_only", EPT, 0, ALL),
	CAP("ept_ad", EPT, 21, ALL),
	CAP("ept_1gb", EPT, 17, ALL),
	CAP("ept_5level", EPT, 7, FROM(KV_WINDOW(6, 1, 6, 12))),
	CAP("flexpriority", FLEXPRIORITY, 0, ALL),
	CAP("apicv", APICV, 0, ALL),
	CAP("eptp_switching", VMFUNC, 32, ALL),	/* sic: see above */
	/* word 1: primary processor-based */
	CTL("tsc_offset", PROCBASED_CTLS, 3, ALL),
	CTL("vtpr", PROCBASED_CTLS, 21, ALL),
	CTL("mtf", PROCBASED_CTLS, 27, ALL),
	/* word 2: secondary processor-based */
	CTL("vapic", PROCBASED_CTLS2, 0, ALL),
	CTL("ept", PROCBASED_CTLS2, 1, ALL),
	CTL("vpid", PROCBASED_CTLS2, 5, ALL),
	CTL("unrestricted_guest", PROCBASED_CTLS2, 7, ALL),
	CTL("vapic_reg", PROCBASED_CTLS2, 8, ALL),
	CTL("vid", PROCBASED_CTLS2, 9, ALL),
	CTL("ple", PROCBASED_CTLS2, 10, ALL),
	CTL("shadow_vmcs", PROCBASED_CTLS2, 14, ALL),
	CTL("pml", PROCBASED_CTLS2, 17, ALL),
	CTL("ept_violation_ve", PROCBASED_CTLS2, 18, FROM(KV_WINDOW(6, 1, 6, 12))),
	CTL("ept_mode_based_exec", PROCBASED_CTLS2, 22, ALL),
	CTL("tsc_scaling", PROCBASED_CTLS2, 25, ALL),
	CTL("usr_wait_pause", PROCBASED_CTLS2, 26, ALL),
	CTL("notify_vm_exiting", PROCBASED_CTLS2, 31, FROM(KV_WINDOW(5, 10, 6, 1))),
	/* word 3: tertiary processor-based */
	CAP("ipi_virt", TERTIARY, 4, FROM(KV_WINDOW(5, 10, 6, 1))),
};

const unsigned int nr_vmx_flags = ARRAY_SIZE(vmx_flags_table);

static bool allowed1(const struct vmx_msr_set *hw, enum vmx_msr_id id,
		     unsigned int bit)
{
	return vmx_allowed1(msrs_get(hw, id)) & BIT(bit);
}

/* The bit number of a control mask. */
#define CTL_NR(mask)	((unsigned int)__builtin_ctz(mask))

int vmx_flag_expected(const struct vmx_flag *f, const struct vmx_msr_set *hw)
{
	uint64_t cap = msrs_get(hw, VMX_EPT_VPID_CAP);

	switch (f->src) {
	case VFS_CTL:
		return allowed1(hw, f->msr, f->bit);
	case VFS_EPT:
		return !!(cap & BIT_ULL(f->bit));
	case VFS_VPID:
		return !!((cap >> 32) & BIT_ULL(f->bit));
	case VFS_VMFUNC:
		return !!(msrs_get(hw, VMX_VMFUNC) & BIT_ULL(f->bit));
	case VFS_FLEXPRIORITY:
		return allowed1(hw, VMX_PROCBASED_CTLS, CTL_NR(CPU_BASED_TPR_SHADOW)) &&
		       allowed1(hw, VMX_PROCBASED_CTLS2,
				CTL_NR(SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES));
	case VFS_APICV:
		return allowed1(hw, VMX_PROCBASED_CTLS, CTL_NR(CPU_BASED_TPR_SHADOW)) &&
		       allowed1(hw, VMX_PROCBASED_CTLS2,
				CTL_NR(SECONDARY_EXEC_APIC_REGISTER_VIRT)) &&
		       allowed1(hw, VMX_PROCBASED_CTLS2,
				CTL_NR(SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY)) &&
		       allowed1(hw, VMX_PINBASED_CTLS, CTL_NR(PIN_BASED_POSTED_INTR));
	case VFS_TERTIARY:
		/* init_vmx_capabilities() reads 0x492 only with the control */
		if (!allowed1(hw, VMX_PROCBASED_CTLS,
			      CTL_NR(CPU_BASED_ACTIVATE_TERTIARY_CONTROLS)))
			return 0;
		if (!msrs_has(hw, VMX_PROCBASED_CTLS3))
			return -1;
		return !!(msrs_get(hw, VMX_PROCBASED_CTLS3) & BIT_ULL(f->bit));
	default:
		return -1;
	}
}

/* What the flag rests on, for a message. */
static void describe(const struct vmx_flag *f, char *buf, size_t len)
{
	char what[160];

	switch (f->src) {
	case VFS_CTL:
		vmx_describe_bit(f->msr, 32 + f->bit, what, sizeof(what));
		snprintf(buf, len, "%s %s", vmx_msr_name(f->msr), what);
		break;
	case VFS_EPT:
	case VFS_VPID:
		vmx_describe_bit(VMX_EPT_VPID_CAP,
				 f->bit + (f->src == VFS_VPID ? 32 : 0),
				 what, sizeof(what));
		snprintf(buf, len, "%s %s", vmx_msr_name(VMX_EPT_VPID_CAP), what);
		break;
	case VFS_VMFUNC:
		vmx_describe_bit(VMX_VMFUNC, f->bit, what, sizeof(what));
		snprintf(buf, len, "%s %s", vmx_msr_name(VMX_VMFUNC), what);
		break;
	case VFS_FLEXPRIORITY:
		snprintf(buf, len, "TPR shadow and APIC-access virtualization (allowed-1)");
		break;
	case VFS_APICV:
		snprintf(buf, len, "TPR shadow, APIC-register virtualization, virtual-interrupt delivery and posted interrupts (allowed-1)");
		break;
	default:
		snprintf(buf, len, "IA32_VMX_PROCBASED_CTLS3 bit %u", f->bit);
	}
}

static bool known_name(const char *name, size_t n, struct kver kv)
{
	unsigned int i;

	for (i = 0; i < nr_vmx_flags; i++)
		if (kver_range_holds(vmx_flags_table[i].v, kv, false) &&
		    strlen(vmx_flags_table[i].name) == n &&
		    !strncmp(vmx_flags_table[i].name, name, n))
			return true;
	return false;
}

void vmx_flags_check(const char *line, const struct vmx_msr_set *hw,
		     struct kver kv, bool approximate,
		     struct check_list *out)
{
	char unknown[256] = "";
	const char *p = line;
	struct check *c;
	unsigned int i;

	for (i = 0; i < nr_vmx_flags; i++) {
		const struct vmx_flag *f = &vmx_flags_table[i];
		int want;
		bool got;
		char what[240];

		if (!kver_range_holds(f->v, kv, false))
			continue;
		c = check_new(out, "vmx_flags.%s_matches_raw_msrs", f->name);
		want = vmx_flag_expected(f, hw);
		if (want < 0) {
			check_skip(c, "%s is not captured", "IA32_VMX_PROCBASED_CTLS3");
			continue;
		}
		got = flags_line_has(line, f->name);
		if (want == got)
			continue;
		describe(f, what, sizeof(what));
		check_fail(c, "vmx flags: '%s' is %s, but the raw MSRs say %s is %d (feat_ctl.c, vmxfeatures.h)",
			   f->name, got ? "printed" : "missing", what, want);
	}

	/* names this kernel does not print: another version, or a new bit */
	while (*p) {
		size_t n;

		p += strspn(p, " \t");
		n = strcspn(p, " \t");
		if (n && !known_name(p, n, kv) &&
		    strlen(unknown) + n + 2 < sizeof(unknown))
			snprintf(unknown + strlen(unknown),
				 sizeof(unknown) - strlen(unknown), "%s%.*s",
				 *unknown ? " " : "", (int)n, p);
		p += n;
	}
	c = check_new(out, "vmx_flags.names_known");
	if (!*unknown)
		return;
	if (approximate)
		check_skip(c, "names not in the modelled version's table (%s); this kernel is only approximated by it",
			   unknown);
	else
		check_fail(c, "vmx flags: the line has names this kernel's vmxfeatures.h does not print: %s",
			   unknown);
}
