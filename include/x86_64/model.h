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
 * What differs between kernel versions is data (x86_64/model_versions.c):
 * one description per modelled version of what changed.  The code that
 * applies the rules holds no version numbers.
 *
 * This header is the contract between the model, nvmx and the tests; the
 * model's implementation may add to it.
 */
#ifndef NVMX_MODEL_H
#define NVMX_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "x86_64/check.h"
#include "x86_64/snapshot.h"

struct model_version;	/* per-version rule data, opaque here */

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
};

struct vmcs_config_pred {
	uint32_t pin, proc, proc2, exit, entry;
	uint64_t proc3;
	uint64_t basic, misc;
	uint32_t ept_caps, vpid_caps;
};

#define MODEL_WHY_LEN	160

struct model_result {
	/* The version whose rules were applied, e.g. "6.12". */
	char version[16];
	/* Set when the kernel is not a modelled version; says which was used. */
	bool approximate;
	char version_note[200];

	/* false: kvm_intel would refuse to load here; refusal says why. */
	bool loads;
	char refusal[300];

	struct vmcs_config_pred vmcs_config;
	/* The parameters after the module's own clearing, as sysfs shows them. */
	struct vmx_snapshot final_params;	/* only params/nr_params used */

	/* The system-fd values (all 18 present when loads && nested). */
	struct vmx_msr_set sys;
	/* For each MSR and bit: the rule that set or cleared it. */
	char why[NR_VMX_MSRS][64][MODEL_WHY_LEN];

	/* Inputs the snapshot lacked and what the model assumed instead. */
	char assumptions[8][200];
	unsigned int nr_assumptions;
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
 * CPUID, and so on).  why may be NULL.
 */
void model_predict_vcpu(const struct model_result *r,
			const struct vmx_snapshot *s,
			const struct cpuid_set *guest_cpuid,
			struct vmx_msr_set *out,
			char (*why)[64][MODEL_WHY_LEN]);

/*
 * Compare KVM's values with the prediction: one check per MSR, named
 * "<MSR>.matches_model", each differing bit a finding whose rule is the
 * model's reason, e.g.
 *   IA32_VMX_PROCBASED_CTLS2 allowed-1 bit 18 (EPT-violation #VE):
 *   wanted 0, got 1: never exposed to L1 (6.12)
 */
void model_compare(const struct model_result *r, const struct vmx_msr_set *got,
		   const char *what, struct check_list *out);

#endif
