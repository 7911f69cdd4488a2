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

bool model_snapshot_is_modelled_kernel(const struct model_ctx *c)
{
	return c->s->have_kver && c->s->kver.major == c->r->rules_kv.major &&
	       c->s->kver.minor == c->r->rules_kv.minor;
}

bool model_holds(const struct model_ctx *c, struct kver_range v)
{
	return model_rule_holds(c->r, v);
}

/*
 * A prediction writes a why for every bit of every MSR, ~1300 of them,
 * over a few dozen distinct ranges: the strings are kept, so that each is
 * formatted once.  (Under emulation a prediction is most of a test's own
 * time, and snprintf most of that.)
 */
#define RANGE_CACHE	32

/* (the model runs in one thread; a table's floor can be another's) */
struct range_str {
	char floor[24];
	struct kver_range r;
	char s[32];
};

const char *model_range_str(const struct model_rules *rules,
			    struct kver_range r, char *buf, size_t len)
{
	static struct range_str cache[RANGE_CACHE];
	static unsigned int used, next;
	struct range_str *e = NULL;
	unsigned int i;
	size_t n;

	/* the oldest modelled kernel is where an open range starts */
	const char *floor = rules->versions[0].name;

	for (i = 0; i < used && !e; i++)
		/* struct kver_range is unsigned ints only: no padding */
		if (!memcmp(&cache[i].r, &r, sizeof(r)) &&
		    !strcmp(cache[i].floor, floor))
			e = &cache[i];
	if (!e) {
		e = &cache[used < RANGE_CACHE ? used++ : next++ % RANGE_CACHE];
		snprintf(e->floor, sizeof(e->floor), "%s", floor);
		e->r = r;
		kver_range_str(r, floor, e->s, sizeof(e->s));
	}
	n = strnlen(e->s, len - 1);
	memcpy(buf, e->s, n);
	buf[n] = '\0';
	return buf;
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
	size_t n, room, rlen;
	va_list ap;

	/* the range goes last and survives a text that is too long */
	model_range_str(rules, v, range, sizeof(range));
	rlen = strlen(range);
	room = MODEL_WHY_LEN - rlen - 3;
	va_start(ap, fmt);
	if (!strcmp(fmt, "%s")) {
		/* most whys are one string: no printf for those */
		const char *w = va_arg(ap, const char *);

		n = strnlen(w, room - 1);
		memcpy(buf, w, n);
	} else {
		vsnprintf(buf, room, fmt, ap);
		n = strlen(buf);
	}
	va_end(ap);
	buf[n++] = ' ';
	buf[n++] = '(';
	memcpy(buf + n, range, rlen);
	n += rlen;
	buf[n++] = ')';
	buf[n] = '\0';
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

int model_place_kernel(const struct model_rules *rules, struct kver kv,
		       enum kver_distro distro, enum model_fit *fit,
		       struct kver *at, char *note, size_t len)
{
	const struct model_version *v = rules->versions;
	unsigned int n = rules->nr_versions;
	char want[32], have[32];
	int i, best = -1;

	for (i = 0; i < (int)n; i++)
		if (kver_cmp(kv, KVER(v[i].source.major, v[i].source.minor, 0)) >= 0)
			best = i;
	kver_str(kv, want, sizeof(want));
	if (best < 0) {
		snprintf(note, len,
			 "kernel %s is older than the oldest modelled series (%s)",
			 want, v[0].name);
		return -1;
	}
	kver_str(v[best].source, have, sizeof(have));
	*at = kv;
	if (distro == KVER_RHEL) {
		*fit = MODEL_WEAK;
		snprintf(note, len,
			 "kernel %s is RHEL's: the rules of its upstream base, but RHEL backports KVM heavily, so they are a weak approximation; a value another modelled series gives is a skip",
			 want);
	} else if (kv.major == v[best].source.major &&
		   kv.minor == v[best].source.minor) {
		*fit = MODEL_EXACT;
		/* "6.12" means the series as modelled, not 6.12.0 */
		if (!kv.patch)
			*at = v[best].source;
		if (kv.patch && kv.patch != v[best].source.patch)
			snprintf(note, len,
				 "kernel %s: rules of %s (%s); stable updates in between may differ",
				 want, v[best].name, v[best].basis);
		else
			snprintf(note, len, "kernel %s: rules of %s (%s)",
				 want, v[best].name, v[best].basis);
	} else if (best == (int)n - 1) {
		*fit = MODEL_NEWER;
		snprintf(note, len,
			 "kernel %s is newer than the model (%s): the rules of %s; a bit where KVM differs is reported as 'kernel newer than the model' (NVMX_STRICT=1 makes it a failure)",
			 want, v[best].name, v[best].name);
	} else {
		*fit = MODEL_BETWEEN;
		snprintf(note, len,
			 "kernel %s is not a modelled series (between %s and %s): each rule as dated upstream; a rule whose change is dated only to a window around %s makes its bits 'either'",
			 want, v[best].name, v[best + 1].name, want);
	}
	return best;
}

int model_resolve_version(const struct model_rules *rules, struct kver kv,
			  bool *approximate, char *note, size_t len)
{
	enum model_fit fit;
	struct kver at;
	int v = model_place_kernel(rules, kv, KVER_UPSTREAM, &fit, &at, note,
				   len);

	*approximate = fit != MODEL_EXACT;
	return v;
}

const char *model_param(const struct model_result *r, const char *name)
{
	return snap_param(&r->final_params, name);
}

int model_predict(const struct vmx_snapshot *s, const struct model_opts *o,
		  struct model_result *r, char *err, size_t errlen)
{
	static const struct model_opts no_opts;
	enum kver_distro distro;
	struct model_ctx c;
	struct kver kv, skv;
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
	distro = KVER_UPSTREAM;
	if (o->have_distro)
		distro = o->distro;
	else if (!o->have_kver && *s->kernel_release &&
		 kver_parse_release(s->kernel_release, &skv, &distro))
		distro = KVER_UPSTREAM;
	v = model_place_kernel(c.rules, kv, distro, &r->fit, &r->rules_kv,
			       r->version_note, sizeof(r->version_note));
	if (v < 0) {
		snprintf(err, errlen, "%s", r->version_note);
		return -1;
	}
	r->approximate = r->fit != MODEL_EXACT;
	r->rules_changed = o->rules_changed;
	c.v = (unsigned int)v;
	r->version_index = c.v;
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
