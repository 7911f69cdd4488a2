// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host side of the control probes: a stable TAP name per bit and the
 * verdict, worded once: MSR and bit by name (from the one table), what was
 * wanted, what came, and the rule.
 */
#include <stdio.h>
#include <string.h>

#include "x86_64/l1.h"

static const char *const word_names[VMX_NR_CTL_WORDS] = {
	[VMX_CTL_PIN] = "pin-based", [VMX_CTL_PROC] = "primary processor-based",
	[VMX_CTL_PROC2] = "secondary processor-based",
	[VMX_CTL_EXIT] = "VM-exit", [VMX_CTL_ENTRY] = "VM-entry",
};

const char *vmx_ctl_probe_name(const struct ctl_probe *p, char *buf,
			       size_t len)
{
	const struct vmx_field *f = vmx_ctl_field(p->msr_id, p->bit);

	snprintf(buf, len, "%s.bit%u.%s", vmx_msrs[p->msr_id].short_name,
		 p->bit, f ? f->id : "reserved");
	return buf;
}

static const char *got_str(const struct ctl_probe *p, char *buf, size_t len)
{
	struct vmx_ret r = { .outcome = p->outcome, .vector = p->vector,
			     .error = p->error };
	char s[160];
	int n;

	vmx_ret_str(r, s, sizeof(s));
	n = snprintf(buf, len, "%s", s);
	if (p->outcome == VMX_EXITED && p->error != EXIT_REASON_VMCALL)
		snprintf(buf + n, len - n, ", %s 0x%llx",
			 p->error == EXIT_REASON_EXCEPTION_NMI ?
			 "interruption info" : "exit qualification",
			 (unsigned long long)p->info);
	else if (p->outcome == VMX_EXITED && !p->l2_ran)
		snprintf(buf + n, len - n, " without L2's mark (L2 did not run its code)");
	return buf;
}

static enum tap_status uncovered_reason(const struct ctl_probe *p, char *msg,
					size_t len)
{
	char dep[160];

	switch (p->uncovered) {
	case UNC_NEEDS_CTL: {
		enum vmx_msr_id id = VMX_PROCBASED_CTLS2;
		unsigned int w;

		/* Name the dependency through the MSR of its own word. */
		for (w = 0; w < ARRAY_SIZE(vmx_msrs); w++)
			if (vmx_msrs[w].word == p->dep_word) {
				id = w;
				break;
			}
		vmx_describe_bit(id, 32 + p->dep_bit, dep, sizeof(dep));
		snprintf(msg, len, "needs the %s control %s, which its MSR does not allow",
			 word_names[p->dep_word], dep);
		break;
	}
	case UNC_NO_SECONDARY:
		snprintf(msg, len, "secondary controls cannot be activated: the primary MSR does not allow bit 31, so no secondary bit is checked (SDM 26.2.1.1)");
		break;
	case UNC_NO_EPT:
		snprintf(msg, len, "needs EPT, and EPT is not usable here (enable EPT, a 4-level walk and write-back EPT structures must all be advertised)");
		break;
	default:
		snprintf(msg, len, "not tried");
	}
	return TAP_SKIP;
}

/*
 * Deviations of an emulator, not of KVM, seen in the emulated matrix.
 * Each is a skip that says so, and applies only where the probe shows
 * exactly that deviation: anything else still fails.
 */
static bool mtf_exit_missing(const struct ctl_probe *p)
{
	return p->outcome == VMX_EXITED && p->error == EXIT_REASON_VMCALL &&
	       p->l2_ran && !p->first_exit;
}

static const struct ctl_quirk {
	const char *emulator;	/* prefix of vmx_emulator() */
	uint8_t word, bit;
	bool (*shows)(const struct ctl_probe *p);
	const char *why;
} quirks[] = {
	{ "Bochs", VMX_CTL_PROC, 27, mtf_exit_missing,
	  "VM entry with the monitor trap flag succeeded, but L2 ran to its VMCALL without the MTF VM exit after its first instruction: Bochs does not deliver MTF VM exits (KVM puts the control in vmcs02, prepare_vmcs02_early(), and leaves the exit to the CPU)" },
};

static const struct ctl_quirk *find_quirk(const struct ctl_probe *p)
{
	const char *emu = vmx_emulator();
	unsigned int i;

	for (i = 0; emu && i < ARRAY_SIZE(quirks); i++)
		if (!strncmp(emu, quirks[i].emulator, strlen(quirks[i].emulator)) &&
		    quirks[i].word == p->word && quirks[i].bit == p->bit &&
		    quirks[i].shows(p))
			return &quirks[i];
	return NULL;
}

/* Under NVMX_L1_BREAK "the MSR says" is what L1 made of it. */
static const char *broken_note(void)
{
	switch (vmx_l1_break) {
	case VMX_BREAK_MUST1:
		return " [NVMX_L1_BREAK=must1: L1 ignored the allowed-0 half]";
	case VMX_BREAK_MAY1:
		return " [NVMX_L1_BREAK=may1: L1 ignored the allowed-1 half]";
	default:
		return "";
	}
}

enum tap_status vmx_ctl_verdict(const struct ctl_probe *p, char *msg,
				size_t len)
{
	const struct ctl_need *n = vmx_ctl_need(p->word, p->bit);
	char what[160], got[320];
	bool ok;

	if (p->action == PROBE_UNCOVERED)
		return uncovered_reason(p, msg, len);
	vmx_describe_bit(p->msr_id, (p->cls == CTL_MUST1 ? 0 : 32) + p->bit,
			 what, sizeof(what));
	got_str(p, got, sizeof(got));

	if (p->cls != CTL_FLEX) {
		ok = p->outcome == VMX_FAIL_VALID &&
		     p->error == VMXERR_ENTRY_INVALID_CONTROL;
		snprintf(msg, len, "%s %s: wanted VMfailValid 7 (%s), got %s: %s",
			 vmx_msrs[p->msr_id].name, what,
			 vmx_insn_error_name(VMXERR_ENTRY_INVALID_CONTROL), got,
			 p->cls == CTL_MUST1 ?
			 "the MSR says the bit must be 1, so VM entry with it clear must fail (SDM A.3, 26.2.1)" :
			 "the MSR says the bit may not be 1, so VM entry with it set must fail (SDM A.3, 26.2.1)");
		snprintf(msg + strlen(msg), len - strlen(msg), "%s", broken_note());
		return ok ? TAP_PASS : TAP_FAIL;
	}

	if (p->cls == CTL_FLEX && !vmx_l1_break && find_quirk(p)) {
		snprintf(msg, len, "%s: %s", vmx_emulator(), find_quirk(p)->why);
		return TAP_SKIP;
	}
	ok = p->outcome == VMX_EXITED && p->error == EXIT_REASON_VMCALL &&
	     p->l2_ran;
	if (n && n->first_exit && p->first_exit != n->first_exit)
		ok = false;
	snprintf(msg, len, "%s %s: wanted VM entry and L2 running to its VMCALL%s, got %s: the MSR says the bit may be 1 (SDM A.3)%s%s%s",
		 vmx_msrs[p->msr_id].name, what,
		 n && n->first_exit ? " after the bit's own exit" : "", got,
		 n ? "; " : "", n ? n->why : "", broken_note());
	return ok ? TAP_PASS : TAP_FAIL;
}
