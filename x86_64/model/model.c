// SPDX-License-Identifier: GPL-2.0-only
/*
 * model_predict(): the order of KVM's own module load, one step per file.
 *
 *   vmx_init() / kvm_arch_init()   load checks            hw_setup.c
 *   setup_vmcs_config()            vmcs_config, refusals  vmcs_config.c
 *   hardware_setup()               parameter clearing     hw_setup.c
 *   nested_vmx_setup_ctls_msrs()   the 18 nested MSRs     nested.c
 *   KVM_SET_CPUID2                 the vCPU's values      vcpu.c
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_priv.h"

void model_assume(struct model_result *r, const char *fmt, ...)
{
	va_list ap;
	unsigned int i;
	char buf[sizeof(r->assumptions[0])];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	for (i = 0; i < r->nr_assumptions; i++)
		if (!strcmp(r->assumptions[i], buf))
			return;
	if (r->nr_assumptions < MODEL_MAX_ASSUMPTIONS)
		memcpy(r->assumptions[r->nr_assumptions++], buf, sizeof(buf));
}

const struct model_feature_rule *model_feature(const struct model_rules *rules,
					       struct kver kv, bool changed,
					       enum model_feature id)
{
	unsigned int i;

	for (i = 0; i < rules->nr_features; i++)
		if (rules->features[i].id == id &&
		    kver_range_holds(rules->features[i].v, kv, changed))
			return &rules->features[i];
	return NULL;
}

bool model_has(const struct model_ctx *c, enum model_feature f)
{
	return model_feature(c->rules, c->r->rules_kv, c->r->rules_changed,
			     f) != NULL;
}

bool model_holds(const struct model_ctx *c, struct kver_range v)
{
	return model_rule_holds(c->r, v);
}

const char *model_range_str(const struct model_rules *rules,
			    struct kver_range r, char *buf, size_t len)
{
	/* the oldest modelled kernel is where an open range starts */
	return kver_range_str(r, rules->versions[0].name, buf, len);
}

struct kver_range model_only_range(const struct model_ctx *c)
{
	struct kver s = c->rules->versions[c->v].source;

	s.patch = 0;
	return KVR(((struct kver_edge){ s, s }),
		   ((struct kver_edge){ kver_series_after(s),
					kver_series_after(s) }));
}

void model_why(char *buf, const struct model_rules *rules,
	       struct kver_range v, const char *fmt, ...)
{
	char range[32];
	size_t n;
	va_list ap;

	/* the range goes last and survives a text that is too long */
	model_range_str(rules, v, range, sizeof(range));
	va_start(ap, fmt);
	vsnprintf(buf, MODEL_WHY_LEN - strlen(range) - 3, fmt, ap);
	va_end(ap);
	n = strlen(buf);
	snprintf(buf + n, MODEL_WHY_LEN - n, " (%s)", range);
}

enum vmx_msr_id vmcs_word_msr(enum vmcs_word w)
{
	static const enum vmx_msr_id ids[NR_VMCS_WORDS] = {
		[WORD_PROC] = VMX_PROCBASED_CTLS,
		[WORD_PROC2] = VMX_PROCBASED_CTLS2,
		[WORD_EXIT] = VMX_EXIT_CTLS,
		[WORD_PIN] = VMX_PINBASED_CTLS,
		[WORD_ENTRY] = VMX_ENTRY_CTLS,
	};

	return ids[w];
}

int vmcs_word_of_msr(enum vmx_msr_id id)
{
	switch (vmx_msr(id)->word) {
	case VMX_CTL_PIN:	return WORD_PIN;
	case VMX_CTL_PROC:	return WORD_PROC;
	case VMX_CTL_PROC2:	return WORD_PROC2;
	case VMX_CTL_EXIT:	return WORD_EXIT;
	case VMX_CTL_ENTRY:	return WORD_ENTRY;
	default:		return -1;
	}
}

int model_resolve_version(const struct model_rules *rules, struct kver kv,
			  bool *approximate, char *note, size_t len)
{
	char want[32], have[32];
	int i, best = -1;

	for (i = 0; i < (int)rules->nr_versions; i++) {
		struct kver m = rules->versions[i].source;

		m.patch = 0;
		if (kver_cmp(kv, m) >= 0)
			best = i;
	}
	kver_str(kv, want, sizeof(want));
	if (best < 0) {
		snprintf(note, len,
			 "kernel %s is older than the oldest modelled version (%s)",
			 want, rules->versions[0].name);
		return -1;
	}
	kver_str(rules->versions[best].source, have, sizeof(have));
	*approximate = kv.major != rules->versions[best].source.major ||
		       kv.minor != rules->versions[best].source.minor;
	if (*approximate)
		snprintf(note, len,
			 "kernel %s is not modelled: using the rules of %s (the nearest older modelled version), an approximation",
			 want, rules->versions[best].name);
	else if (kv.patch && kv.patch != rules->versions[best].source.patch)
		snprintf(note, len,
			 "kernel %s: rules of %s, read in linux-source %s; stable updates in between may differ",
			 want, rules->versions[best].name, have);
	else
		snprintf(note, len, "kernel %s: rules of %s, read in linux-source %s",
			 want, rules->versions[best].name, have);
	return best;
}

const char *model_param(const struct model_result *r, const char *name)
{
	return snap_param(&r->final_params, name);
}

int model_predict(const struct vmx_snapshot *s, const struct model_opts *o,
		  struct model_result *r, char *err, size_t errlen)
{
	static const struct model_opts no_opts;
	struct model_ctx c;
	struct kver kv;
	int v;

	if (!o)
		o = &no_opts;
	memset(r, 0, sizeof(*r));
	memset(&c, 0, sizeof(c));
	c.rules = o->rules ? o->rules : &model_rules_default;
	c.s = s;
	c.r = r;

	if (o->have_kver) {
		kv = o->kver;
	} else if (s->have_kver) {
		kv = s->kver;
	} else {
		snprintf(err, errlen,
			 "%s: no kernel version (the snapshot names none; give one)",
			 s->origin);
		return -1;
	}
	v = model_resolve_version(c.rules, kv, &r->approximate,
				  r->version_note, sizeof(r->version_note));
	if (v < 0) {
		snprintf(err, errlen, "%s", r->version_note);
		return -1;
	}
	c.v = (unsigned int)v;
	r->version_index = c.v;
	r->rules_kv = c.rules->versions[v].source;
	r->rules = c.rules;
	snprintf(r->version, sizeof(r->version), "%s", c.rules->versions[v].name);

	if (model_read_host(&c, err, errlen) ||
	    model_read_params(&c, o, err, errlen))
		return -1;

	r->loads = !model_check_load(&c) && !model_setup_vmcs_config(&c) &&
		   !model_hardware_setup(&c);
	model_write_final_params(&c);
	if (!r->loads)
		return 0;
	r->nested = c.p.nested;
	if (r->nested)
		model_setup_nested(&c);
	return 0;
}
