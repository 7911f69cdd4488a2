// SPDX-License-Identifier: GPL-2.0-only
/*
 * Predictions derived by hand from the dumps and the kernel sources, with
 * the derivation written next to each value.  If the model and the hand
 * disagree, one of them misread the source: the finding says which bit.
 *
 * The dumps carry only CPUID.1, so each case sets the other CPUID leaves
 * the kernel reads, chosen as the CPU has them; the parameters are the
 * module defaults unless stated.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/unit.h"
#include "x86_64/model.h"

static void load(struct vmx_snapshot *s, const char *prefix)
{
	char **paths;
	unsigned int n, i;
	bool found = false;

	n = unit_list_dumps(&paths);
	for (i = 0; i < n; i++) {
		if (!found && strstr(strrchr(paths[i], '/'), prefix)) {
			unit_load(s, paths[i]);
			found = true;
		}
		free(paths[i]);
	}
	free(paths);
	TEST_ASSERT(found, "no dump %s in data/cpus", prefix);
}

static void add_leaf(struct vmx_snapshot *s, uint32_t fn, uint32_t idx,
		     uint32_t a, uint32_t b, uint32_t c, uint32_t d)
{
	struct cpuid_leaf l = { fn, idx, a, b, c, d };

	cpuid_set_add(&s->host_cpuid, &l);
}

static void predict(const struct vmx_snapshot *s, const char *kernel,
		    struct model_result *r)
{
	struct model_opts o = { .have_kver = true };
	char err[300];

	kver_parse(kernel, &o.kver);
	if (model_predict(s, &o, r, err, sizeof(err)))
		tap_bail("%s: %s", kernel, err);
}

/* One TAP line per MSR: the model against the hand. */
static void expect(const char *what, const struct model_result *r,
		   const uint64_t want[NR_VMX_MSRS])
{
	struct vmx_msr_set hand = { .present = KVM_VMX_MSRS };
	struct check_list l = { 0 };
	char prefix[64];

	memcpy(hand.val, want, sizeof(hand.val));
	snprintf(prefix, sizeof(prefix), "%s.", what);
	/* the hand's values are "reported", the model's "expected" */
	model_compare_set(&r->sys, r->why, &hand, prefix, "by hand", NULL, &l);
	checks_print_tap(&l);
	check_list_free(&l);
}

/*
 * Skylake i7-6700K (CPUID.1:EAX 0x506e3), Debian 6.1.192, defaults, with
 * SGX enabled (CPUID.0x12:EAX[0] = 1) and NX; no UMIP in hardware.
 *
 * setup_vmcs_config():
 *  proc: min|opt of KVM_{REQUIRED,OPTIONAL}_VMX_CPU_BASED_VM_EXEC_CONTROL
 *	  within allowed-1 0xfff9fffe (no tertiary, bit 17) | allowed-0
 *	  0x0401e172 = 0xfff9fffe.
 *  proc2: opt within 0x001ffcff: bits 0-7, 10-17, 19, 20 = 0x001bfcff
 *	  (no APIC-register virtualization or VID: a client part).
 *  exit: {2, 9, 15} | {12, 18-24} within 0x01ffffff | 0x36dff = 0x01ffffff.
 *  pin: {0, 3} | {5, 6} (no posted interrupts) | 0x16 = 0x7f.
 *  entry: {2, 9} | {13-17} | 0x11ff = 0x3f3ff.  Pairs all match.
 * hardware_setup(): ept, vpid, eptad, unrestricted_guest, flexpriority,
 *  vnmi, sgx, pml: Y; enable_apicv: N (no APIC-register virtualization).
 * nested_vmx_setup_ctls_msrs():
 */
static void skylake_6_1(void)
{
	static struct vmx_snapshot s;
	static struct model_result r;
	static const uint64_t want[NR_VMX_MSRS] = {
		/* VMCS12_REVISION | 0x1000 << 32 | WB << 50 | TRUE_CTLS,
		 * INOUT (bit 54) from the hardware's 0x00da0400_00000004 */
		[VMX_BASIC] = 0x00d8100011e57ed0,
		/* hi: (0x7f & (EXT_INTR | NMI | VNMI | 0)) | 0x16 | timer */
		[VMX_TRUE_PINBASED_CTLS] = 0x0000007f00000016,
		[VMX_PINBASED_CTLS] = 0x0000007f00000016,
		/* hi: vmcs_config & the 20-bit mask, | 0x0401e172 | MSR bitmaps;
		 * lo: 0x0401e172 minus CR3-load/store exiting */
		[VMX_TRUE_PROCBASED_CTLS] = 0xfff9fffe04006172,
		[VMX_PROCBASED_CTLS] = 0xfff9fffe0401e172,
		/* hi: {9, 18, 19, 23} from vmcs_config | 0x36dff | 12, 15, 20,
		 * 21, 22 = bits 0-23; lo: 0x36dff minus save debug controls */
		[VMX_TRUE_EXIT_CTLS] = 0x00ffffff00036dfb,
		[VMX_EXIT_CTLS] = 0x00ffffff00036dff,
		/* hi: {9, 14, 16} | 0x11ff | 13, 15 = 0x1f3ff */
		[VMX_TRUE_ENTRY_CTLS] = 0x0001f3ff000011fb,
		[VMX_ENTRY_CTLS] = 0x0001f3ff000011ff,
		/* SAVE_EFER_LMA from 0x7004c1e7 | VMWRITE_ANY | rate 5 | HLT |
		 * WAIT_SIPI */
		[VMX_MISC] = 0x0000000020000165,
		[VMX_CR0_FIXED0] = 0x0000000080000021,
		[VMX_CR0_FIXED1] = 0x00000000ffffffff,
		[VMX_CR4_FIXED0] = 0x0000000000002000,
		/* 0x3727ff | UMIP: 6.1's vmx_umip_emulated() is DESC alone */
		[VMX_CR4_FIXED1] = 0x0000000000372fff,
		/* TSC_MULTIPLIER's index 0x19 << 1 */
		[VMX_VMCS_ENUM] = 0x0000000000000032,
		/* vmcs_config {2, 3, 4, 6, 11, 12, 16, 20} of the mask | VMCS
		 * shadowing 14 | EPT 1 | PML 17 | VMFUNC 13 | VPID 5 | UG 7 |
		 * APIC accesses 0 | ENCLS 15 (sgx=Y) */
		[VMX_PROCBASED_CTLS2] = 0x0013f8ff00000000,
		/* (0x06334141 & {0, 6, 7, 14, 20}) | {16, 17, 25, 26} | AD 21;
		 * VPID: INVVPID and all four types */
		[VMX_EPT_VPID_CAP] = 0x00000f0106334041,
		/* EPTP switching: ept=Y and vmcs_config has VMFUNC */
		[VMX_VMFUNC] = 0x0000000000000001,
	};

	load(&s, "09_core-i7-6700k");
	add_leaf(&s, 0x0, 0, 0x16, 0, 0, 0);
	add_leaf(&s, 0x1, 0, 0x000506e3, 0x02100800, 0x7ffafbbf, 0xbfebfbff);
	add_leaf(&s, 0x7, 0, 0, 0x029c6fbf, 0, 0);
	add_leaf(&s, 0x12, 0, 0x1, 0, 0, 0);
	add_leaf(&s, 0x80000001, 0, 0, 0, 0x121, 0x2c100800);
	predict(&s, "6.1", &r);
	TEST_ASSERT(r.loads && r.nested, "Skylake on 6.1 must load: %s", r.refusal);
	expect("skylake_6.1", &r, want);
}

/*
 * Penryn Xeon X5482 (0x10676), Debian 6.12.117, defaults: no EPT, no VPID.
 *
 * setup_vmcs_config(): proc = allowed-1 0xf7f9fffe (no MTF, no tertiary);
 *  proc2 = {0, 6} of 0x41; exit = bits 0-17 (0x3ffff); pin = 0x3f (no
 *  preemption timer, no posted interrupts); entry = {2, 9, 13} | 0x11ff =
 *  0x33ff.  EPT_VPID_CAP absent: rdmsr_safe() reads 0.
 * hardware_setup(): ept, vpid, eptad, unrestricted_guest, sgx, pml,
 *  enable_apicv, preemption_timer, enable_shadow_vmcs: N; flexpriority
 *  and vnmi (NMI-window exiting is there): Y.  No EPT needs NX: present.
 */
static void penryn_6_12(void)
{
	static struct vmx_snapshot s;
	static struct model_result r;
	static const uint64_t want[NR_VMX_MSRS] = {
		[VMX_BASIC] = 0x00d8100011e57ed0,	/* INOUT from 0x005a0800 */
		/* the preemption timer is emulated without the hardware's */
		[VMX_TRUE_PINBASED_CTLS] = 0x0000007f00000016,
		[VMX_PINBASED_CTLS] = 0x0000007f00000016,
		/* MTF (27) is masked out by vmcs_config, which lacks it */
		[VMX_TRUE_PROCBASED_CTLS] = 0xf7f9fffe04006172,
		[VMX_PROCBASED_CTLS] = 0xf7f9fffe0401e172,
		/* {9} | 0x36dff | 12, 15, 20, 21, 22: PAT, BNDCFGS absent */
		[VMX_TRUE_EXIT_CTLS] = 0x0073ffff00036dfb,
		[VMX_EXIT_CTLS] = 0x0073ffff00036dff,
		/* {9} | 0x11ff | 13, 15 */
		[VMX_TRUE_ENTRY_CTLS] = 0x0000b3ff000011fb,
		[VMX_ENTRY_CTLS] = 0x0000b3ff000011ff,
		/* no SAVE_EFER_LMA in 0x403c0 */
		[VMX_MISC] = 0x0000000020000145,
		[VMX_CR0_FIXED0] = 0x0000000080000021,
		[VMX_CR0_FIXED1] = 0x00000000ffffffff,
		[VMX_CR4_FIXED0] = 0x0000000000002000,
		/* no descriptor-table exiting: no UMIP emulation */
		[VMX_CR4_FIXED1] = 0x00000000000027ff,
		[VMX_VMCS_ENUM] = 0x0000000000000032,
		/* WBINVD exiting 6 | shadowing 14 | APIC accesses 0 */
		[VMX_PROCBASED_CTLS2] = 0x0000404100000000,
		[VMX_EPT_VPID_CAP] = 0,
		[VMX_VMFUNC] = 0,
	};

	load(&s, "03_xeon-x5482");
	add_leaf(&s, 0x0, 0, 0xd, 0, 0, 0);
	add_leaf(&s, 0x1, 0, 0x00010676, 0x04040800, 0x000ce3bd, 0xbfebfbff);
	add_leaf(&s, 0x80000001, 0, 0, 0, 0x1, 0x20100800);
	predict(&s, "6.12", &r);
	TEST_ASSERT(r.loads && r.nested, "Penryn on 6.12 must load: %s", r.refusal);
	expect("penryn_6.12", &r, want);
	if (!strcmp(model_param(&r, "ept"), "N") &&
	    !strcmp(model_param(&r, "flexpriority"), "Y") &&
	    !strcmp(model_param(&r, "preemption_timer"), "N"))
		tap_pass("penryn_6.12.params: ept=N flexpriority=Y preemption_timer=N");
	else
		tap_fail("penryn_6.12.params: ept=%s flexpriority=%s preemption_timer=%s",
			 model_param(&r, "ept"), model_param(&r, "flexpriority"),
			 model_param(&r, "preemption_timer"));
}

/*
 * Bay Trail Pentium N3530 (0x30678), Debian 7.2.13, defaults.
 *
 * EPT capabilities 0x06114141: 4-level, WB, INVEPT, single and all
 * context, 2M pages; no A/D, no 1G pages, no advanced exit information.
 * So eptad=N (no PML, no AD bit for L1) while 1G pages are emulated.
 * No TSC scaling: 7.2's nested_vmx_setup_vmcs12_fields() leaves
 * TSC_MULTIPLIER out and VMCS_ENUM is VMX_PREEMPTION_TIMER_VALUE's 0x17
 * << 1 = 0x2e (6.12 would say 0x32).  No CET in the entry/exit controls,
 * no MBEC, BASIC bit 56 clear.  No UMIP on Silvermont: emulated.
 */
static void baytrail_7_2(void)
{
	static struct vmx_snapshot s;
	static struct model_result r;
	static const uint64_t want[NR_VMX_MSRS] = {
		[VMX_BASIC] = 0x00d8100011e57ed0,
		[VMX_TRUE_PINBASED_CTLS] = 0x0000007f00000016,
		[VMX_PINBASED_CTLS] = 0x0000007f00000016,
		[VMX_TRUE_PROCBASED_CTLS] = 0xfff9fffe04006172,
		[VMX_PROCBASED_CTLS] = 0xfff9fffe0401e172,
		/* {9, 18, 19} of 0x7fffff | 0x36dff | 12, 15, 20, 21, 22 */
		[VMX_TRUE_EXIT_CTLS] = 0x007fffff00036dfb,
		[VMX_EXIT_CTLS] = 0x007fffff00036dff,
		/* {9, 14} of 0xffff | 0x11ff | 13, 15 */
		[VMX_TRUE_ENTRY_CTLS] = 0x0000f3ff000011fb,
		[VMX_ENTRY_CTLS] = 0x0000f3ff000011ff,
		[VMX_MISC] = 0x0000000020000165,
		[VMX_CR0_FIXED0] = 0x0000000080000021,
		[VMX_CR0_FIXED1] = 0x00000000ffffffff,
		[VMX_CR4_FIXED0] = 0x0000000000002000,
		/* 0x1027ff | UMIP (DESC, and no UMIP in the host) */
		[VMX_CR4_FIXED1] = 0x0000000000102fff,
		[VMX_VMCS_ENUM] = 0x000000000000002e,
		/* {2, 3, 6, 11, 13} of 0x28ef | 14 | EPT 1 | VPID 5 | UG 7 |
		 * APIC accesses 0; no PML (eptad=N), no ENCLS */
		[VMX_PROCBASED_CTLS2] = 0x000068ef00000000,
		/* (0x06114141 & {0, 6, 7, 14, 20, 22}) | {16, 17, 25, 26} */
		[VMX_EPT_VPID_CAP] = 0x00000f0106134041,
		[VMX_VMFUNC] = 0x0000000000000001,
	};

	load(&s, "10_pentium-n3530");
	add_leaf(&s, 0x0, 0, 0xb, 0, 0, 0);
	add_leaf(&s, 0x1, 0, 0x00030678, 0x02100800, 0x41d8e3bf, 0xbfebfbff);
	add_leaf(&s, 0x7, 0, 0, 0x00002282, 0, 0);
	add_leaf(&s, 0x80000001, 0, 0, 0, 0x101, 0x28100800);
	predict(&s, "7.2", &r);
	TEST_ASSERT(r.loads && r.nested, "Bay Trail on 7.2 must load: %s", r.refusal);
	expect("baytrail_7.2", &r, want);
}

/*
 * Westmere Arrandale (the EliteBook 2540p's i5/i7 M, CPUID.1:EAX 0x20655,
 * family 6 model 37): in vmx_preemption_cpu_tfms[], and one of the
 * PERF_GLOBAL_CTRL erratum models.  The erratum clears vmcs_config's
 * entry/exit PERF_GLOBAL_CTRL in 5.10 and 6.12 but not in 6.1, which only
 * warns (cpu_has_perf_global_ctrl_bug()) and masks at run time.  None of
 * it reaches L1: 5.10 copies the raw allowed-1 bits, 6.1 on emulate them.
 */
static void westmere_erratum(void)
{
	static const struct {
		const char *kernel;
		bool vmcs_perf;		/* vmcs_config keeps exit bit 12 */
		const char *why;	/* nested exit bit 12's reason */
	} cases[] = {
		{ "5.10", false, "copied from the hardware's allowed-1 (raw MSR, not vmcs_config) (5.10)" },
		{ "6.1", true, "emulated: always 1, even on the erratum CPUs (f4c93d1a0e71) (6.1+)" },
		{ "6.12", false, "emulated: always 1, even on the erratum CPUs (f4c93d1a0e71) (6.1+)" },
	};
	static struct vmx_snapshot s;
	static struct model_result r;
	unsigned int i;

	load(&s, "15_westmere");
	s.cpu_signature = 0x00020655;
	s.have_signature = true;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		bool perf, timer;

		predict(&s, cases[i].kernel, &r);
		perf = r.vmcs_config.exit & BIT(12);
		timer = r.vmcs_config.pin & BIT(6);
		if (perf == cases[i].vmcs_perf && !timer &&
		    (msrs_get(&r.sys, VMX_TRUE_EXIT_CTLS) & BIT_ULL(44)) &&
		    !strcmp(r.why[VMX_TRUE_EXIT_CTLS][44], cases[i].why) &&
		    (msrs_get(&r.sys, VMX_TRUE_PINBASED_CTLS) & BIT_ULL(38))) {
			tap_pass("westmere_%s.erratum_and_broken_timer", cases[i].kernel);
		} else {
			tap_fail("westmere_%s.erratum_and_broken_timer", cases[i].kernel);
			tap_diag("vmcs_config exit PERF_GLOBAL %d (want %d), pin timer %d (want 0); nested exit bit 12: %s",
				 perf, cases[i].vmcs_perf, timer,
				 r.why[VMX_TRUE_EXIT_CTLS][44]);
		}
	}
}

int main(void)
{
	tap_init();
	skylake_6_1();
	penryn_6_12();
	baytrail_7_2();
	westmere_erratum();
	tap_finish();
}
