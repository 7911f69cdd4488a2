// SPDX-License-Identifier: GPL-2.0-only
/*
 * The host as kvm_intel sees it, from a snapshot: raw MSRs, CPUID, the
 * kernel's feature flags (boot_cpu_has()) and the module parameters.
 *
 * A live snapshot has all of them.  A dump of data/cpus has the MSRs and
 * at best CPUID.1; for the rest the model assumes what a normal host has
 * and says so in model_result.assumptions, so that a verdict that rests
 * on an assumption is never mistaken for one that does not.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_priv.h"

/* MSRs the kernel reads with rdmsr() (a fault there is a crash, not a
 * refusal): a snapshot without them cannot be modelled. */
static const enum vmx_msr_id needed[] = {
	VMX_BASIC, VMX_PINBASED_CTLS, VMX_PROCBASED_CTLS, VMX_EXIT_CTLS,
	VMX_ENTRY_CTLS, VMX_MISC, VMX_CR0_FIXED1, VMX_CR4_FIXED1,
};

/*
 * A boot_cpu_has() feature: the kernel's flags line when the snapshot has
 * one, else the raw CPUID bit, else what a host normally has
 * (model_check_load() says that the host facts were assumed).
 */
static bool host_feature(struct model_ctx *c, struct x86_feature f,
			 const char *flag, bool assumed)
{
	const struct vmx_snapshot *s = c->s;
	int r;

	if (s->have_cpu_flags && flag)
		return flags_line_has(s->cpu_flags, flag);
	r = cpuid_set_has(&s->host_cpuid, f);
	return r >= 0 ? r : assumed;
}

static void read_signature(struct model_ctx *c)
{
	const struct vmx_snapshot *s = c->s;
	struct model_host *h = &c->host;
	const struct cpuid_leaf *l = cpuid_set_find(&s->host_cpuid, 1, 0);

	if (l) {
		h->sig = l->eax;
		h->have_sig = true;
	} else if (s->have_signature) {
		h->sig = s->cpu_signature;
		h->have_sig = true;
	}
	if (!h->have_sig)
		return;
	/* x86_family() and x86_model() */
	h->family = (h->sig >> 8) & 0xf;
	if (h->family == 0xf)
		h->family += (h->sig >> 20) & 0xff;
	h->model = (h->sig >> 4) & 0xf;
	if (h->family >= 6)
		h->model += ((h->sig >> 16) & 0xf) << 4;
}

int model_read_host(struct model_ctx *c, char *err, size_t errlen)
{
	const struct vmx_snapshot *s = c->s;
	struct model_host *h = &c->host;
	const struct cpuid_leaf *l0, *l12;
	unsigned int i;

	h->hw = s->msrs[VIEW_HW];
	if (msrs_empty(&h->hw)) {
		snprintf(err, errlen,
			 "%s: no hardware VMX MSR values (the model needs the raw MSRs: /dev/cpu/N/msr or a bare-metal dump)",
			 s->origin);
		return -1;
	}
	for (i = 0; i < ARRAY_SIZE(needed); i++) {
		if (msrs_has(&h->hw, needed[i]))
			continue;
		snprintf(err, errlen,
			 "%s: the hardware values lack %s, which kvm_intel reads at load",
			 s->origin, vmx_msr_name(needed[i]));
		return -1;
	}
	if ((msrs_get(&h->hw, VMX_PROCBASED_CTLS) & HI(CPU_BASED_ACTIVATE_SECONDARY_CONTROLS)) &&
	    !msrs_has(&h->hw, VMX_PROCBASED_CTLS2)) {
		snprintf(err, errlen,
			 "%s: secondary controls are allowed but the hardware values lack %s",
			 s->origin, vmx_msr_name(VMX_PROCBASED_CTLS2));
		return -1;
	}
	read_signature(c);

	/* VMX MSRs exist, so CPUID has VMX; the flags say if feat_ctl.c kept it */
	h->cpu_vmx = cpuid_set_has(&s->host_cpuid, X86_FEATURE_VMX) != 0;
	if (s->have_cpu_flags)
		h->vmx_enabled = flags_line_has(s->cpu_flags, "vmx");
	else
		h->vmx_enabled = h->cpu_vmx;
	h->fpu_fxsr = host_feature(c, X86_FEATURE_FXSR, "fxsr", true);
	h->nx = host_feature(c, X86_FEATURE_NX, "nx", true);
	h->xsave = host_feature(c, X86_FEATURE_XSAVE, "xsave", true);
	h->umip = host_feature(c, X86_FEATURE_UMIP, "umip", false);
	h->mpx = host_feature(c, X86_FEATURE_MPX, "mpx", false);
	/* X86_FEATURE_SHSTK has no cpuinfo name; user_shstk implies it */
	h->shstk = host_feature(c, X86_FEATURE_SHSTK, NULL, false);
	h->ibt = host_feature(c, X86_FEATURE_IBT, "ibt", false);

	/* cpu_has_sgx() reads raw CPUID, whatever the kernel did with SGX */
	l0 = cpuid_set_find(&s->host_cpuid, 0, 0);
	l12 = cpuid_set_find(&s->host_cpuid, 0x12, 0);
	h->sgx_leaf = l0 && l0->eax >= 0x12 && l12 && (l12->eax & 1);
	return 0;
}

/* Where the value of a parameter comes from, best first. */
static const char *param_input(struct model_ctx *c, const struct model_opts *o,
			       const struct param_rule *pr, int *from_opts)
{
	size_t n = strlen(pr->name);
	const char *v;
	unsigned int i;

	*from_opts = 0;
	for (i = 0; i < o->nr_params; i++) {
		const char *p = o->params[i];

		if (!strncmp(p, pr->name, n) && p[n] == '=') {
			*from_opts = 1;
			return p + n + 1;
		}
	}
	v = snap_param(c->s, pr->name);
	if (v)
		return v;
	if (pr->absent && c->live_params) {
		model_assume(c->r, "the loaded kvm_intel has no %s parameter: taken as %s=%s (compiled out)",
			     pr->name, pr->name, pr->absent);
		return pr->absent;
	}
	return pr->def;
}

static int parse_bool(const char *v, bool *out)
{
	if (!strcmp(v, "Y") || !strcmp(v, "y") || !strcmp(v, "1")) {
		*out = true;
		return 0;
	}
	if (!strcmp(v, "N") || !strcmp(v, "n") || !strcmp(v, "0")) {
		*out = false;
		return 0;
	}
	return -1;
}

bool *model_param_slot(struct model_params *p, const char *name)
{
	static const struct {
		const char *name;
		size_t off;
	} slots[] = {
#define S(n, f)	{ n, offsetof(struct model_params, f) }
		S("nested", nested), S("ept", ept), S("vpid", vpid),
		S("unrestricted_guest", ug), S("eptad", eptad),
		S("flexpriority", flexpriority), S("vnmi", vnmi),
		S("enable_apicv", apicv), S("pml", pml),
		S("preemption_timer", preemption_timer),
		S("enable_shadow_vmcs", shadow_vmcs), S("enable_ipiv", ipiv),
		S("sgx", sgx), S("cet", cet), S("mbec", mbec),
		S("allow_smaller_maxphyaddr", allow_smaller_maxphyaddr),
		S("error_on_inconsistent_vmcs_config", error_on_inconsistent),
#undef S
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(slots); i++)
		if (!strcmp(slots[i].name, name))
			return (bool *)((char *)p + slots[i].off);
	return NULL;
}

static const struct param_rule *find_param(const struct model_rules *rules,
					   const char *name, size_t n)
{
	unsigned int i;

	for (i = 0; i < rules->nr_params; i++)
		if (strlen(rules->params[i].name) == n &&
		    !strncmp(rules->params[i].name, name, n))
			return &rules->params[i];
	return NULL;
}

bool model_knows_param(const char *name)
{
	return find_param(&model_rules_default, name, strlen(name)) != NULL;
}

int model_read_params(struct model_ctx *c, const struct model_opts *o,
		      char *err, size_t errlen)
{
	const struct model_rules *rules = c->rules;
	bool any_default = false;
	unsigned int i;

	/* sysfs of the kvm_intel being modelled */
	c->live_params = c->s->have_params &&
			 !strcmp(c->s->kvm_module, "kvm_intel") &&
			 model_snapshot_is_modelled_kernel(c);

	c->params_overridden = o->nr_params > 0;
	/* a parameter the model does not know is a typo, not a no-op */
	for (i = 0; i < o->nr_params; i++) {
		const char *eq = strchr(o->params[i], '=');
		const struct param_rule *pr;

		if (!eq || eq == o->params[i]) {
			snprintf(err, errlen, "parameter '%s' is not NAME=VALUE",
				 o->params[i]);
			return -1;
		}
		pr = find_param(rules, o->params[i], eq - o->params[i]);
		if (!pr) {
			snprintf(err, errlen,
				 "kvm_intel parameter '%.*s' does not change the nested MSRs, or is unknown",
				 (int)(eq - o->params[i]), o->params[i]);
			return -1;
		}
		if (!model_holds(c, pr->v))
			model_assume(c->r, "kvm_intel %s has no parameter %s: '%s' ignored, as modprobe does",
				     rules->versions[c->v].name, pr->name,
				     o->params[i]);
	}

	for (i = 0; i < rules->nr_params; i++) {
		const struct param_rule *pr = &rules->params[i];
		int from_opts;
		const char *v;
		bool *slot;

		if (!model_holds(c, pr->v))
			continue;
		v = param_input(c, o, pr, &from_opts);
		any_default |= !from_opts && !snap_param(c->s, pr->name) &&
			       !(pr->absent && c->live_params);
		if (!strcmp(pr->name, "pt_mode")) {
			char *end;

			c->p.pt_mode = strtol(v, &end, 0);
			if (*end) {
				snprintf(err, errlen, "pt_mode '%s' is not a number", v);
				return -1;
			}
			continue;
		}
		slot = model_param_slot(&c->p, pr->name);
		if (!slot || parse_bool(v, slot)) {
			snprintf(err, errlen, "kvm_intel parameter %s='%s' is not a boolean",
				 pr->name, v);
			return -1;
		}
	}
	if (any_default)
		model_assume(c->r, "kvm_intel parameters the snapshot lacks take their %s defaults",
			     rules->versions[c->v].name);
	return 0;
}
