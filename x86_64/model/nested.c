// SPDX-License-Identifier: GPL-2.0-only
/*
 * nested_vmx_setup_ctls_msrs() and vmx_get_vmx_msr(): the values KVM
 * stores in vmcs_config.nested and reports on the system fd.
 *
 * Each bit is the OR of the nested rules of the modelled version that
 * cover it; its why is the rule that made it 1, or, for a 0, the rule
 * that could have and why it did not (gate closed, source 0).  A bit no
 * rule covers is one KVM never exposes.
 */
#include <stdio.h>
#include <string.h>

#include "model_priv.h"

static bool gate_open(const struct model_ctx *c, enum nested_gate g)
{
	const struct model_params *p = &c->p;
	uint32_t proc2 = c->word[WORD_PROC2];

	switch (g) {
	case WHEN_ALWAYS:		return true;
	case WHEN_EPT:		return p->ept;
	case WHEN_EPT_AD:		return p->ept && p->eptad;
	case WHEN_VPID:		return p->vpid;
	case WHEN_UG:		return p->ug;
	case WHEN_FLEXPRIORITY:	return p->flexpriority;
	case WHEN_APICV:		return p->apicv;
	case WHEN_SGX:		return p->sgx;
	case WHEN_EPT_MBEC:	return p->ept && p->mbec;
	case WHEN_EPT_VMFUNC:
		return p->ept && (proc2 & SECONDARY_EXEC_ENABLE_VMFUNC);
	case WHEN_UMIP_DESC:	return proc2 & SECONDARY_EXEC_DESC;
	case WHEN_UMIP_DESC_NO_HOST_UMIP:
		return !c->host.umip && (proc2 & SECONDARY_EXEC_DESC);
	case WHEN_KVM_CET:	return c->kvm_cet;
	case WHEN_TSC_SCALING:	return proc2 & SECONDARY_EXEC_TSC_SCALING;
	case WHEN_NO_TSC_SCALING:	return !(proc2 & SECONDARY_EXEC_TSC_SCALING);
	case WHEN_HW_SECONDARY:
		return msrs_get(&c->host.hw, VMX_PROCBASED_CTLS) &
		       HI(CPU_BASED_ACTIVATE_SECONDARY_CONTROLS);
	default:		return false;
	}
}

/* Why a closed gate is closed, for the text of a 0 bit. */
static void gate_closed(const struct model_ctx *c, enum nested_gate g,
			char *buf, size_t len)
{
	const struct model_params *p = &c->p;

	switch (g) {
	case WHEN_EPT:
	case WHEN_EPT_VMFUNC:
		if (!p->ept) {
			snprintf(buf, len, "ept=N");
			break;
		}
		snprintf(buf, len, "vmcs_config lacks VM functions");
		break;
	case WHEN_EPT_AD:
		snprintf(buf, len, p->ept ? "eptad=N" : "ept=N");
		break;
	case WHEN_EPT_MBEC:
		snprintf(buf, len, p->ept ? "mbec=N" : "ept=N");
		break;
	case WHEN_VPID:		snprintf(buf, len, "vpid=N"); break;
	case WHEN_UG:		snprintf(buf, len, "unrestricted_guest=N"); break;
	case WHEN_FLEXPRIORITY:	snprintf(buf, len, "flexpriority=N"); break;
	case WHEN_APICV:		snprintf(buf, len, "enable_apicv=N"); break;
	case WHEN_SGX:		snprintf(buf, len, "sgx=N"); break;
	case WHEN_UMIP_DESC:
		snprintf(buf, len, "vmcs_config lacks descriptor-table exiting");
		break;
	case WHEN_UMIP_DESC_NO_HOST_UMIP:
		snprintf(buf, len, c->host.umip ? "the host has UMIP" :
			 "vmcs_config lacks descriptor-table exiting");
		break;
	case WHEN_KVM_CET:
		snprintf(buf, len, "KVM supports neither SHSTK nor IBT");
		break;
	case WHEN_TSC_SCALING:
		snprintf(buf, len, "vmcs_config lacks TSC scaling");
		break;
	case WHEN_NO_TSC_SCALING:
		snprintf(buf, len, "vmcs_config has TSC scaling");
		break;
	case WHEN_HW_SECONDARY:
		snprintf(buf, len, "the hardware allows no secondary controls");
		break;
	default:
		snprintf(buf, len, "never");
	}
}

/* The source a COPY rule reads, in the MSR's own bit positions. */
static uint64_t source(const struct model_ctx *c, const struct nested_rule *nr)
{
	int w = vmcs_word_of_msr(nr->msr);

	switch (nr->src) {
	case SRC_HW_ALLOWED0:
	case SRC_HW_ALLOWED1:
		return w < 0 ? 0 : msrs_get(&c->host.hw, vmcs_word_msr(w));
	case SRC_VMCS_CONFIG:
		return w < 0 ? 0 : HI(c->word[w]);
	case SRC_HW_SAME:
		return msrs_get(&c->host.hw, nr->msr);
	case SRC_EPT_CAPS:
		return c->ept_caps;
	default:
		return 0;
	}
}

/* Why a COPY source has a 0 in bit b. */
static void source_zero(const struct model_ctx *c, const struct nested_rule *nr,
			unsigned int b, char *buf, size_t len)
{
	int w = vmcs_word_of_msr(nr->msr);

	switch (nr->src) {
	case SRC_VMCS_CONFIG:
		snprintf(buf, len, "0 there: %s",
			 w < 0 ? "" : c->r->vmcs_config_why[w][b & 31]);
		break;
	case SRC_EPT_CAPS:
		snprintf(buf, len, "%s",
			 msrs_get(&c->host.hw, VMX_EPT_VPID_CAP) & BIT_ULL(b) ?
			 "setup_vmcs_config() dropped the EPT capabilities" :
			 "the hardware does not have it");
		break;
	default:
		snprintf(buf, len, "the hardware reports 0");
	}
}

static bool contributes(const struct model_ctx *c, const struct nested_rule *nr,
			uint64_t bit)
{
	if (!gate_open(c, nr->gate))
		return false;
	switch (nr->kind) {
	case NESTED_CONST:	return nr->value & bit;
	case NESTED_FORCED:	return true;
	case NESTED_COPY:	return source(c, nr) & bit;
	default:	return false;
	}
}

static void explain_zero(const struct model_ctx *c, const struct nested_rule *nr,
			 unsigned int b, char *why)
{
	char extra[MODEL_WHY_LEN], range[32];

	model_range_str(c->rules, nr->v, range, sizeof(range));
	if (nr->kind == NESTED_CONST) {
		snprintf(why, MODEL_WHY_LEN, "%s (%s)", nr->why, range);
		return;
	}
	if (!gate_open(c, nr->gate))
		gate_closed(c, nr->gate, extra, sizeof(extra));
	else
		source_zero(c, nr, b, extra, sizeof(extra));
	/* a long reason is cut: the return value says so, and is not needed */
	if (snprintf(why, MODEL_WHY_LEN, "%s (%s); %s%s", nr->why, range,
		     gate_open(c, nr->gate) ? "" : "here ", extra) >= MODEL_WHY_LEN)
		memcpy(why + MODEL_WHY_LEN - 4, "...", 4);
}

static void default_why(const struct model_ctx *c, enum vmx_msr_id id,
			unsigned int b, char *why)
{
	struct kver_range only = model_only_range(c);

	if (vmx_is_ctls(id) && b < 32)
		model_why(why, c->rules, only, "not in KVM's constant must-be-1 set");
	else if (vmx_is_ctls(id))
		model_why(why, c->rules, only, "never exposed to L1");
	else
		model_why(why, c->rules, only, "never reported to L1");
}

/*
 * One stored MSR: its value, and the why of every bit.  For each bit, the
 * first rule in table order that sets it wins; without one, the rule that
 * best explains the 0.  The rules are the outer loop, so that only this
 * MSR's rules that hold meet the 64 bits (a scan of every rule for every
 * bit was a third of a prediction under emulation).
 */
static void setup_msr(struct model_ctx *c, enum vmx_msr_id id)
{
	const struct nested_rule *set[64] = { NULL }, *zero[64] = { NULL };
	const struct model_rules *rules = c->rules;
	struct model_result *r = c->r;
	uint64_t val = 0;
	unsigned int b, i;

	for (i = 0; i < rules->nr_nested; i++) {
		const struct nested_rule *nr = &rules->nested[i];

		if (nr->msr != id || !model_holds(c, nr->v))
			continue;
		for (b = 0; b < 64; b++) {
			uint64_t bit = BIT_ULL(b);

			if (!(nr->mask & bit) || set[b])
				continue;
			if (contributes(c, nr, bit)) {
				set[b] = nr;
				continue;
			}
			/* a rule whose gate is open explains a 0 best */
			if (!zero[b] || (!gate_open(c, zero[b]->gate) &&
					 gate_open(c, nr->gate)))
				zero[b] = nr;
		}
	}
	for (b = 0; b < 64; b++) {
		if (set[b]) {
			val |= BIT_ULL(b);
			model_why(r->why[id][b], rules, set[b]->v, "%s",
				  set[b]->why);
		} else if (zero[b]) {
			explain_zero(c, zero[b], b, r->why[id][b]);
		} else {
			default_why(c, id, b, r->why[id][b]);
		}
	}
	msrs_set(&r->sys, id, val);
}

/* vmx_get_vmx_msr(): a non-TRUE control MSR is its TRUE twin | default1. */
static void derive_non_true(struct model_ctx *c, enum vmx_msr_id id)
{
	const struct vmx_msr_info *m = vmx_msr(id);
	struct model_result *r = c->r;
	struct kver_range all = KVR_ALL;
	unsigned int b;

	msrs_set(&r->sys, id, msrs_get(&r->sys, m->twin) | m->default1);
	for (b = 0; b < 64; b++) {
		if (b < 32 && (m->default1 & BIT(b)))
			model_why(r->why[id][b], c->rules, all,
				  "the non-TRUE MSR reports the default1 class as must-be-1 (vmx_get_vmx_msr())");
		else
			memcpy(r->why[id][b], r->why[m->twin][b], MODEL_WHY_LEN);
	}
}

void model_setup_nested(struct model_ctx *c)
{
	unsigned int id;

	/* 0x492 and 0x493 stay absent: no kernel offers them to L1 */
	for (id = 0; id < NR_KVM_VMX_MSRS; id++) {
		const struct vmx_msr_info *m = vmx_msr(id);

		if (vmx_is_ctls(id) && !m->is_true && m->twin >= 0)
			continue;
		setup_msr(c, id);
	}
	for (id = 0; id < NR_KVM_VMX_MSRS; id++) {
		const struct vmx_msr_info *m = vmx_msr(id);

		if (vmx_is_ctls(id) && !m->is_true && m->twin >= 0)
			derive_non_true(c, id);
	}
}
