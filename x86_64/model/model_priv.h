/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared by the model's files: the host facts it reads from a snapshot,
 * and the steps of a prediction.  Not part of the contract (model.h).
 */
#ifndef NVMX_MODEL_PRIV_H
#define NVMX_MODEL_PRIV_H

#include <stdarg.h>

#include "x86_64/model.h"

/*
 * What the kernel would see on the host: boot_cpu_has() flags, raw CPUID,
 * raw MSRs.  Each comes from the snapshot when it has it; otherwise from
 * an assumption that model_result.assumptions records.
 */
struct model_host {
	struct vmx_msr_set hw;
	bool have_sig;
	uint32_t sig;
	unsigned int family, model;
	bool cpu_vmx;		/* CPUID.1:ECX[5] */
	bool vmx_enabled;	/* X86_FEATURE_VMX after feat_ctl.c */
	bool nx, xsave, umip, mpx, fpu_fxsr;
	bool sgx_leaf;		/* CPUID.0x12.0:EAX[0], raw (cpu_has_sgx()) */
	bool shstk, ibt;
	uint64_t ctls3;		/* IA32_VMX_PROCBASED_CTLS3: not in snapshots */
};

/* The kvm_intel parameters after hardware_setup()'s clearing. */
struct model_params {
	bool nested, ept, vpid, ug, eptad, flexpriority, vnmi, apicv, pml;
	bool preemption_timer, shadow_vmcs, ipiv, sgx, cet, mbec;
	bool allow_smaller_maxphyaddr;
	bool error_on_inconsistent;
	long pt_mode;
};

struct model_ctx {
	const struct model_rules *rules;
	unsigned int v;			/* modelled version index */
	const struct vmx_snapshot *s;
	struct model_result *r;
	struct model_host host;
	struct model_params p;
	uint32_t word[NR_VMCS_WORDS];	/* vmcs_config, being built */
	uint32_t ept_caps, vpid_caps;	/* vmx_capability */
	bool kvm_cet;			/* kvm_cpu_cap_has(SHSTK || IBT) */
	bool live_params;		/* the snapshot's params are this version's sysfs */
	bool params_overridden;		/* model_opts gave parameters */
	bool ipiv_unknown;		/* enable_ipiv rests on IA32_VMX_PROCBASED_CTLS3 */
};

void model_assume(struct model_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
bool model_has(const struct model_ctx *c, enum model_feature f);
/*
 * Whether the snapshot's kernel is the one being modelled (same series),
 * so that its sysfs parameters and KVM's supported CPUID describe it.
 */
bool model_snapshot_is_modelled_kernel(const struct model_ctx *c);
/* Whether a rule holds for the kernel being predicted. */
bool model_holds(const struct model_ctx *c, struct kver_range v);
/* The range "this modelled version only", for rule texts. */
struct kver_range model_only_range(const struct model_ctx *c);

/* host.c: host facts and parameters from the snapshot */
int model_read_host(struct model_ctx *c, char *err, size_t errlen);
int model_read_params(struct model_ctx *c, const struct model_opts *o,
		      char *err, size_t errlen);
bool *model_param_slot(struct model_params *p, const char *name);

/* vmcs_config.c: setup_vmcs_config(); 0 or refusal in r */
int model_setup_vmcs_config(struct model_ctx *c);
/* hw_setup.c: the load checks and hardware_setup()'s clearing */
int model_check_load(struct model_ctx *c);
int model_hardware_setup(struct model_ctx *c);
void model_write_final_params(struct model_ctx *c);

/* nested.c: nested_vmx_setup_ctls_msrs() and vmx_get_vmx_msr() */
void model_setup_nested(struct model_ctx *c);

/* "(6.1+)" appended to a rule text */
void model_why(char *buf, const struct model_rules *rules,
	       struct kver_range v, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif
