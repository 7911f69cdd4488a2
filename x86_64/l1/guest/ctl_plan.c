// SPDX-License-Identifier: GPL-2.0-only
/*
 * One VM entry per control bit, decided from the capability MSRs alone
 * (SDM Vol. 3D, A.3):
 *   - a bit the MSR says may not be 1 (allowed-1 = 0) is set: the entry
 *     must fail with VM-instruction error 7, "VM entry with invalid
 *     control field(s)" (SDM 26.2.1, 26.2.1.1-26.2.1.3);
 *   - a bit the MSR says must be 1 (allowed-0 = 1) is cleared: the same;
 *   - a bit that may be 1 is set, with whatever else the SDM makes it
 *     depend on: the entry must succeed and L2 must run to its VMCALL.
 *
 * The plan (which controls to try) is pure, so the host's unit test runs
 * the very same code on recorded MSR values; L1 executes it.
 */
#include <string.h>

#include "ucall.h"
#include "x86_64/l1.h"

#define W(w)	[VMX_CTL_##w]

/*
 * Bits that need more than the baseline.  Fields a control points at
 * (bitmaps, APIC pages, VPID, PML page, TSC multiplier, preemption timer)
 * are in every VMCS vmx_vmcs_setup() builds, so only other controls and
 * per-entry state are listed here.
 */
static const struct ctl_need needs[] = {
	{ .word = VMX_CTL_PIN, .bit = 5,	/* virtual NMIs */
	  .extra = { W(PIN) = BIT(3) },
	  .why = "virtual NMIs need NMI exiting (SDM 26.2.1.1)" },
	{ .word = VMX_CTL_PIN, .bit = 7,	/* process posted interrupts */
	  .extra = { W(PIN) = BIT(0), W(PROC) = BIT(21) | BIT(31),
		     W(PROC2) = BIT(9), W(EXIT) = BIT(15) },
	  .why = "posted interrupts need virtual-interrupt delivery, external-interrupt exiting, acknowledge interrupt on exit and a TPR shadow (SDM 26.2.1.1)" },
	{ .word = VMX_CTL_PROC, .bit = 22,	/* NMI-window exiting */
	  .extra = { W(PIN) = BIT(3) | BIT(5) }, .nmi_blocked = 1,
	  .why = "NMI-window exiting needs virtual NMIs (SDM 26.2.1.1); L2 starts with virtual-NMI blocking so that no NMI-window exit precedes its VMCALL (SDM 26.7.6)" },
	{ .word = VMX_CTL_PROC, .bit = 27,	/* monitor trap flag */
	  .first_exit = EXIT_REASON_MTF,
	  .why = "the monitor trap flag makes a VM exit after L2's first instruction (SDM 26.5.2); L1 then clears it and resumes L2 to its VMCALL" },
	{ .word = VMX_CTL_PROC2, .bit = 1,	/* enable EPT */
	  .ept = 1,
	  .why = "EPT needs a valid EPT pointer (SDM 26.2.1.1)" },
	{ .word = VMX_CTL_PROC2, .bit = 4,	/* virtualize x2APIC mode */
	  .extra = { W(PROC) = BIT(21) },
	  .why = "virtualize x2APIC mode needs use TPR shadow (SDM 26.2.1.1)" },
	{ .word = VMX_CTL_PROC2, .bit = 7,	/* unrestricted guest */
	  .extra = { W(PROC2) = BIT(1) }, .ept = 1,
	  .why = "unrestricted guest needs enable EPT (SDM 26.2.1.1)" },
	{ .word = VMX_CTL_PROC2, .bit = 8,	/* APIC-register virtualization */
	  .extra = { W(PROC) = BIT(21) },
	  .why = "APIC-register virtualization needs use TPR shadow (SDM 26.2.1.1)" },
	{ .word = VMX_CTL_PROC2, .bit = 9,	/* virtual-interrupt delivery */
	  .extra = { W(PIN) = BIT(0), W(PROC) = BIT(21) },
	  .why = "virtual-interrupt delivery needs use TPR shadow and external-interrupt exiting (SDM 26.2.1.1)" },
	{ .word = VMX_CTL_PROC2, .bit = 14,	/* VMCS shadowing */
	  .shadow_link = 1,
	  .why = "with VMCS shadowing the VMCS link pointer names a shadow VMCS (SDM 26.3.1.5)" },
	{ .word = VMX_CTL_PROC2, .bit = 17,	/* enable PML */
	  .extra = { W(PROC2) = BIT(1) }, .ept = 1,
	  .why = "PML needs enable EPT (SDM 26.2.1.1)" },
	{ .word = VMX_CTL_PROC2, .bit = 18,	/* EPT-violation #VE */
	  .extra = { W(PROC2) = BIT(1) }, .ept = 1,
	  .why = "EPT-violation #VE needs enable EPT" },
	{ .word = VMX_CTL_PROC2, .bit = 22,	/* mode-based execute control */
	  .extra = { W(PROC2) = BIT(1) }, .ept = 1,
	  .why = "mode-based execute control for EPT needs enable EPT (SDM 26.2.1.1)" },
	{ .word = VMX_CTL_EXIT, .bit = 22,	/* save VMX-preemption timer */
	  .extra = { W(PIN) = BIT(6) },
	  .why = "saving the VMX-preemption timer value needs the timer active (SDM 26.2.1.2)" },
};

const struct ctl_need *vmx_ctl_need(unsigned int word, unsigned int bit)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(needs); i++)
		if (needs[i].word == word && needs[i].bit == bit)
			return &needs[i];
	return NULL;
}

enum ctl_class vmx_ctl_class(uint64_t msr, unsigned int bit)
{
	if (vmx_ctl_must1(msr) & BIT(bit))
		return CTL_MUST1;
	return (vmx_ctl_may1(msr) & BIT(bit)) ? CTL_FLEX : CTL_FORBIDDEN;
}

bool vmx_ept_usable(const struct vmx_caps *c)
{
	uint64_t ept = c->msr[VMX_EPT_VPID_CAP];

	/* vmx_eptp() asks for a 4-level walk and write-back (SDM 26.2.1.1). */
	return (vmx_ctl_may1(vmx_ctl_msr(c, VMX_CTL_PROC)) & BIT(31)) &&
	       (vmx_ctl_may1(c->msr[VMX_PROCBASED_CTLS2]) & BIT(1)) &&
	       (ept & BIT_ULL(6)) && (ept & BIT_ULL(14));
}

static void uncovered(struct ctl_probe *p, enum ctl_uncovered why,
		      unsigned int dep_word, unsigned int dep_bit)
{
	p->action = PROBE_UNCOVERED;
	p->uncovered = why;
	p->dep_word = dep_word;
	p->dep_bit = dep_bit;
}

/* Add the bits a FLEX bit depends on; false if one of them may not be 1. */
static bool add_needs(const struct vmx_caps *c, const struct ctl_need *n,
		      bool have_ept, struct vmx_ctls *ctls, struct ctl_probe *p)
{
	unsigned int w, b;

	for (w = VMX_CTL_PIN; w <= VMX_CTL_ENTRY; w++) {
		uint32_t may1 = vmx_ctl_may1(vmx_ctl_msr(c, w));

		for (b = 0; b < 32; b++) {
			if (!(n->extra[w] & BIT(b)))
				continue;
			if (!(may1 & BIT(b))) {
				uncovered(p, UNC_NEEDS_CTL, w, b);
				return false;
			}
			ctls->v[w] |= BIT(b);
		}
	}
	if (n->extra[VMX_CTL_PROC2])
		ctls->v[VMX_CTL_PROC] |= BIT(31);
	if (n->ept && !have_ept) {
		uncovered(p, UNC_NO_EPT, 0, 0);
		return false;
	}
	return true;
}

void vmx_ctl_plan(const struct vmx_caps *c, bool have_ept, unsigned int word,
		  unsigned int bit, struct ctl_probe *p)
{
	const struct ctl_need *n = vmx_ctl_need(word, bit);
	struct vmx_ctls ctls;

	memset(p, 0, sizeof(*p));
	p->word = word;
	p->bit = bit;
	p->msr_id = vmx_ctl_msr_id(c, word);
	p->msr = c->msr[p->msr_id];
	p->cls = vmx_ctl_class(p->msr, bit);
	vmx_ctls_baseline(c, &ctls);

	/*
	 * Secondary controls count only when "activate secondary controls"
	 * is 1 (SDM 26.2.1.1); without it a secondary bit is not checked.
	 */
	if (word == VMX_CTL_PROC2) {
		if (!(vmx_ctl_may1(vmx_ctl_msr(c, VMX_CTL_PROC)) & BIT(31))) {
			uncovered(p, UNC_NO_SECONDARY, VMX_CTL_PROC, 31);
			return;
		}
		ctls.v[VMX_CTL_PROC] |= BIT(31);
	}

	if (p->cls == CTL_MUST1) {
		p->action = PROBE_CLEAR;
		ctls.v[word] &= ~BIT(bit);
	} else {
		p->action = PROBE_SET;
		ctls.v[word] |= BIT(bit);
		if (p->cls == CTL_FLEX && n && !add_needs(c, n, have_ept, &ctls, p))
			return;
	}
	memcpy(p->ctl, ctls.v, sizeof(p->ctl));
}

void vmx_ctl_execute(const struct vmx_caps *c, const struct vmx_pages *pg,
		     struct ctl_probe *p)
{
	const struct ctl_need *n = NULL;
	struct vmx_ctls ctls;
	struct vmx_ret r;

	if (p->action == PROBE_UNCOVERED)
		return;
	if (p->cls == CTL_FLEX)
		n = vmx_ctl_need(p->word, p->bit);
	memcpy(ctls.v, p->ctl, sizeof(ctls.v));
	vmx_ctls_write(c, &ctls);
	if (n && n->shadow_link)
		vmwritez(VMCS_LINK_POINTER, pg->shadow_vmcs);

	r = vmx_run_l2_intr(pg, l2_vmcall_stub,
			    n && n->nmi_blocked ? BIT(3) : 0);
	if (n && n->first_exit && r.outcome == VMX_EXITED &&
	    r.error == n->first_exit) {
		p->first_exit = r.error;
		ctls.v[p->word] &= ~BIT(p->bit);
		vmx_ctls_write(c, &ctls);
		r = vmx_enter(false);
	}

	if (n && n->shadow_link)
		vmwritez(VMCS_LINK_POINTER, ~0ULL);
	p->outcome = r.outcome;
	p->vector = r.vector;
	p->error = r.error;
	p->l2_ran = vmx_l2_mark == L2_MARK;
	if (r.outcome == VMX_EXITED && r.error != EXIT_REASON_VMCALL)
		p->info = vmreadz(r.error == EXIT_REASON_EXCEPTION_NMI ?
				  VM_EXIT_INTR_INFO : EXIT_QUALIFICATION);
}
