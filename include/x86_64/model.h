/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The model of KVM's derivation of the nested VMX MSRs.
 *
 * Input: the host's raw VMX MSRs, the host CPU facts that matter, the
 * kvm_intel parameters and a kernel version, all in a vmx_snapshot.
 * Output: the predicted vmcs_config (or why kvm_intel would refuse to
 * load), the predicted system-fd MSRs, and for each bit the rule that
 * produced it; and the predicted vCPU values for a given guest CPUID.
 *
 * What differs between kernel versions is data (x86_64/model/rules.c,
 * include/x86_64/model_rules.h): one row per rule, each with the range of
 * modelled versions it holds for.  The code that applies the rules holds
 * no version numbers.
 *
 * Versions: the Debian sources of 5.10, 6.1, 6.12 and 7.2.  Any other
 * kernel uses the nearest older modelled version and says so
 * (approximate, version_note); a kernel older than 5.10 is an error.
 *
 * This header is the contract between the model, nvmx and the tests.
 */
#ifndef NVMX_MODEL_H
#define NVMX_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "x86_64/check.h"
#include "x86_64/model_rules.h"
#include "x86_64/snapshot.h"

struct model_tolerance;

struct model_opts {
	/* Kernel to model; if !have_kver, the snapshot's kernel. */
	struct kver kver;
	bool have_kver;
	/*
	 * kvm_intel parameters as the user asked ("ept=0"); they replace the
	 * snapshot's.  The model applies hardware_setup()'s own clearing
	 * (ept=1 on a CPU without EPT ends up 0) on top.
	 */
	const char *const *params;
	unsigned int nr_params;
	/* The rule tables to apply; NULL: model_rules_default. */
	const struct model_rules *rules;
	/*
	 * Who built the kernel (kver_parse_release()); without it, the
	 * snapshot's kernel release says.  RHEL's kernels are only a weak
	 * approximation of their upstream base.
	 */
	enum kver_distro distro;
	bool have_distro;
	/*
	 * Read a rule whose change is dated only to a window around the
	 * kernel as already made (the newer neighbour's rules); the default
	 * is the older one's.  model_tolerance() uses it.
	 */
	bool rules_changed;
};

/*
 * How well the model knows a kernel:
 *   MODEL_EXACT    a modelled series (its rules were read or dated and
 *                  checked): every difference is a failure;
 *   MODEL_BETWEEN  between two modelled series (5.15, 6.8, 6.14): each
 *                  rule as dated upstream; a rule dated only to a window
 *                  around the kernel makes its bits "either";
 *   MODEL_NEWER    newer than every modelled series: the newest rules; a
 *                  bit where KVM differs is "kernel newer than the model";
 *   MODEL_WEAK     a distribution kernel that backports KVM heavily (RHEL):
 *                  its upstream base is only a weak approximation.
 * Outside MODEL_EXACT a difference that some modelled kernel's rules
 * would give is a skip that says so; a value no modelled kernel gives on
 * this host still fails.
 */
enum model_fit {
	MODEL_EXACT,
	MODEL_BETWEEN,
	MODEL_NEWER,
	MODEL_WEAK,
};

/* vmcs_config as setup_vmcs_config() leaves it. */
struct vmcs_config_pred {
	uint32_t pin, proc, proc2, exit, entry;
	uint64_t proc3;
	uint64_t basic, misc;
	uint32_t ept_caps, vpid_caps;	/* vmx_capability */
};

#define MODEL_WHY_LEN		200
#define MODEL_MAX_ASSUMPTIONS	16

/* The why of every bit of one MSR. */
typedef char model_why_t[64][MODEL_WHY_LEN];

struct model_result {
	/* The version whose rules were applied, e.g. "6.12". */
	char version[16];
	unsigned int version_index;	/* into rules->versions[] */
	/*
	 * Where the rules were read: the kernel version every row's range is
	 * tested at, and how a row whose change lies in an unknown release
	 * around it is read (kver_range_holds()).
	 */
	struct kver rules_kv;
	bool rules_changed;
	const struct model_rules *rules;	/* the tables applied */
	/* Set when the kernel is not a modelled version; says which was used. */
	bool approximate;
	enum model_fit fit;
	char version_note[300];

	/* false: kvm_intel would refuse to load here; refusal says why. */
	bool loads;
	char refusal[300];
	/* nested=Y after loading: KVM reports the 18 MSRs. */
	bool nested;

	struct vmcs_config_pred vmcs_config;
	/* For each word (enum vmcs_word) and bit: why vmcs_config has it or not. */
	char vmcs_config_why[NR_VMCS_WORDS][32][MODEL_WHY_LEN];
	/* The parameters after the module's own clearing, as sysfs shows them. */
	struct vmx_snapshot final_params;	/* only params/nr_params used */

	/* The system-fd values (all 18 present when loads && nested). */
	struct vmx_msr_set sys;
	/* For each MSR and bit: the rule that set or cleared it. */
	model_why_t why[NR_VMX_MSRS];

	/* Inputs the snapshot lacked and what the model assumed instead. */
	char assumptions[MODEL_MAX_ASSUMPTIONS][200];
	unsigned int nr_assumptions;

	/* Facts the vCPU prediction needs, resolved by model_predict(). */
	struct {
		bool host_xsave;
		bool kvm_mpx;		/* kvm_mpx_supported() */
		bool have_kvm_caps;	/* KVM's supported CPUID was known */
		struct cpuid_set kvm_caps;
	} vcpu_facts;
};

/*
 * Predict from s's hardware view (and host facts, params, kernel).
 * Returns 0, or -1 with err set when the input cannot be modelled at all
 * (no hardware values, an unknown kernel version below the oldest model).
 */
int model_predict(const struct vmx_snapshot *s, const struct model_opts *o,
		  struct model_result *r, char *err, size_t errlen);

/*
 * The vCPU values right after KVM_SET_CPUID2 with guest_cpuid (the rules
 * of the modelled version: secondary controls and CR4_FIXED1 follow
 * CPUID, and so on).  The result is empty when KVM would refuse the
 * reads (no nested, or no VMX in guest_cpuid).  why may be NULL.  s may
 * be NULL; the facts model_predict() resolved are used.
 */
void model_predict_vcpu(const struct model_result *r,
			const struct vmx_snapshot *s,
			const struct cpuid_set *guest_cpuid,
			struct vmx_msr_set *out, model_why_t *why);

/*
 * Compare KVM's values with the prediction: one check per MSR, named
 * "<MSR>.matches_model", each differing bit a finding whose rule is the
 * model's reason, e.g.
 *   IA32_VMX_PROCBASED_CTLS2 allowed-1 bit 18 (EPT-violation #VE):
 *   KVM reports 1, model expects 0: never exposed to L1 (6.12)
 * what labels the values compared ("KVM reports"); NULL for that.  With
 * tol (model_tolerance(); NULL: none), a differing field whose value
 * another reading of the rules gives is its own skip line instead,
 * "<MSR>.bit<N>.either" or "<MSR>.bit<N>.kernel_newer_than_model", naming
 * the bit and both values.
 */
void model_compare(const struct model_result *r, const struct vmx_msr_set *got,
		   const char *what, const struct model_tolerance *tol,
		   struct check_list *out);

/*
 * The same for any predicted set (a vCPU prediction, say): checks named
 * "<prefix><MSR>.matches_model".  An MSR absent from both sets is a
 * skip; present in one only, a failure saying which.
 */
void model_compare_set(const struct vmx_msr_set *want,
		       const model_why_t *why,
		       const struct vmx_msr_set *got, const char *prefix,
		       const char *what, const struct model_tolerance *tol,
		       struct check_list *out);

/*
 * Where kernel kv stands against the modelled series: how well the model
 * knows it (fit), the modelled series whose name its messages use (the
 * index returned: its own, else the nearest older), the version every
 * rule is tested at (*at: kv, or the source version for a bare "6.12"),
 * and a note for every output.  -1 when kv is older than every modelled
 * series.  distro: from kver_parse_release() (KVER_UPSTREAM if unknown).
 */
int model_place_kernel(const struct model_rules *rules, struct kver kv,
		       enum kver_distro distro, enum model_fit *fit,
		       struct kver *at, char *note, size_t len);

/* model_place_kernel() for an upstream kernel: approximate = !MODEL_EXACT. */
int model_resolve_version(const struct model_rules *rules, struct kver kv,
			  bool *approximate, char *note, size_t len);

/*
 * What other readings of the rules give, for a kernel outside
 * MODEL_EXACT: the bits whose rule changed in a window around it
 * ("either"), and every value some modelled series' rules give on this
 * host.  model_compare_set() skips a difference these explain.
 */
struct model_tolerance {
	enum model_fit fit;
	const char *note;			/* the prediction's version_note */
	uint64_t either[NR_VMX_MSRS];
	uint64_t can0[NR_VMX_MSRS], can1[NR_VMX_MSRS];
	bool strict;				/* NVMX_STRICT=1: newer is a failure */
};

/*
 * Fill t for the system-fd values (guest_cpuid NULL) or for a vCPU after
 * KVM_SET_CPUID2 with guest_cpuid; s and o as given to model_predict().
 * For MODEL_EXACT, t tolerates nothing.
 */
void model_tolerance(const struct vmx_snapshot *s, const struct model_opts *o,
		     const struct model_result *r,
		     const struct cpuid_set *guest_cpuid,
		     struct model_tolerance *t);

/* Whether the model reads kvm_intel parameter name (it changes the MSRs). */
bool model_knows_param(const char *name);

/* Whether a rule's range holds for the kernel r was predicted for. */
static inline bool model_rule_holds(const struct model_result *r,
				    struct kver_range v)
{
	return kver_range_holds(v, r->rules_kv, r->rules_changed);
}

/*
 * Everything a snapshot with KVM's values can be checked for against the
 * model, as checks: kvm_intel loads; the parameters after
 * hardware_setup() ("kvm_intel.<param>.matches_model"); the system fd
 * ("<MSR>.matches_model"); the vCPU after KVM_SET_CPUID2 with the
 * supported CPUID ("vcpu.<MSR>.matches_model"); the KVM-nested
 * invariants; the "vmx flags" line against the raw MSRs.  The live test
 * and the offline snapshot tests both run this, so they check the same.
 * r receives the prediction.  Returns 0, or -1 with err set when the
 * snapshot cannot be modelled (no raw values, kernel too old).
 */
/*
 * What can be checked of a snapshot whose raw VMX MSRs are missing (no
 * /dev/cpu/N/msr, a dump read inside an L1): every "<MSR>.matches_model"
 * and "vmx_flags" is a skip with the reason, and the KVM-nested
 * invariants run for the snapshot's kernel (or, without one, for the
 * first modelled version they fit).  restricted: the values may have been
 * narrowed by userspace (kvm_inv_ctx.restricted).
 */
void model_check_without_raw(const struct vmx_snapshot *s, bool restricted,
			     const char *reason, struct check_list *out);

int model_check_snapshot(const struct vmx_snapshot *s, struct model_result *r,
			 struct check_list *out, char *err, size_t errlen);

/* A predicted parameter's value ("Y", "N", "0"), or NULL if not modelled. */
const char *model_param(const struct model_result *r, const char *name);

#endif
