/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The L1 side of nested VMX: the VMX instructions with their outcome
 * returned (never ignored), the capability MSRs as L1 reads them, a
 * minimal but complete L2, and the host-side pages and EPT tables that L1
 * needs.  Field encodings come from the one table (vmx_table.h).
 *
 * Guest code (L1 and L2) calls no libc: the helpers marked "guest" below
 * are safe there; the "host" ones are for the test's main().
 */
#ifndef NVMX_VMX_H
#define NVMX_VMX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tap.h"
#include "ucall.h"
#include "x86_64/processor.h"
#include "x86_64/vmx_table.h"

struct kvm_vm;
struct kvm_vcpu;

/* ---- VM-instruction outcomes (SDM 31.2) ---- */

enum vmx_outcome {
	VMX_SUCCEED,		/* CF = ZF = 0 */
	VMX_FAIL_INVALID,	/* CF = 1: no current VMCS to hold an error */
	VMX_FAIL_VALID,		/* ZF = 1: error in VM_INSTRUCTION_ERROR */
	VMX_FAULT,		/* the instruction raised an exception */
	VMX_EXITED,		/* VMLAUNCH/VMRESUME entered; a VM exit came back */
};

struct vmx_ret {
	uint8_t outcome;	/* enum vmx_outcome */
	uint8_t vector;		/* VMX_FAULT: the exception vector */
	uint16_t pad;
	/* VMX_FAIL_VALID: VM-instruction error; VMX_EXITED: exit reason */
	uint32_t error;
};

static inline bool vmx_ok(struct vmx_ret r)
{
	return r.outcome == VMX_SUCCEED;
}

static inline bool vmx_failed_with(struct vmx_ret r, uint32_t error)
{
	return r.outcome == VMX_FAIL_VALID && r.error == error;
}

/* VM-instruction error numbers (SDM 31.4). */
enum vmx_insn_error {
	VMXERR_VMCALL_IN_ROOT = 1,
	VMXERR_VMCLEAR_INVALID_ADDR = 2,
	VMXERR_VMCLEAR_VMXON_PTR = 3,
	VMXERR_VMLAUNCH_NONCLEAR = 4,
	VMXERR_VMRESUME_NONLAUNCHED = 5,
	VMXERR_VMRESUME_AFTER_VMXOFF = 6,
	VMXERR_ENTRY_INVALID_CONTROL = 7,
	VMXERR_ENTRY_INVALID_HOST_STATE = 8,
	VMXERR_VMPTRLD_INVALID_ADDR = 9,
	VMXERR_VMPTRLD_VMXON_PTR = 10,
	VMXERR_VMPTRLD_BAD_REVISION = 11,
	VMXERR_UNSUPPORTED_COMPONENT = 12,
	VMXERR_VMWRITE_READ_ONLY = 13,
	VMXERR_VMXON_IN_ROOT = 15,
	VMXERR_ENTRY_EVENTS_BLOCKED_BY_MOV_SS = 26,
	VMXERR_INVALID_INVEPT_INVVPID = 28,
};

/* Basic exit reasons the tests expect (SDM Appendix C). */
#define EXIT_REASON_EXCEPTION_NMI	0
#define EXIT_REASON_IO			30
#define EXIT_REASON_INVALID_STATE	33
#define EXIT_REASON_VMCALL		18
#define EXIT_REASON_MTF			37
#define EXIT_REASON_EPT_VIOLATION	48
#define EXIT_REASON_VMFUNC		59
#define EXIT_REASON_FAILED_ENTRY	BIT(31)

/* guest and host: names for messages, never NULL */
const char *vmx_insn_error_name(uint32_t error);
const char *vmx_exit_reason_name(uint32_t reason);
const char *x86_vector_name(uint8_t vector);
/*
 * "VMsucceed", "VMfailInvalid", "VMfailValid 7 (VM entry with invalid
 * control field(s))", "#GP", "VM exit 18 (VMCALL)"; returns buf.
 */
const char *vmx_ret_str(struct vmx_ret r, char *buf, int len);

/* ---- the instructions (guest) ---- */

struct vmx_ret vmxon(uint64_t pa);
struct vmx_ret vmxoff(void);
struct vmx_ret vmclear(uint64_t pa);
struct vmx_ret vmptrld(uint64_t pa);
struct vmx_ret vmptrst(uint64_t *pa);
struct vmx_ret vmread(uint32_t enc, uint64_t *val);
struct vmx_ret vmwrite(uint32_t enc, uint64_t val);
struct vmx_ret invept(uint64_t type, uint64_t eptp);
struct vmx_ret invvpid(uint64_t type, uint16_t vpid, uint64_t gva);

/* A VMREAD or VMWRITE that must work: a guest assert names the field. */
uint64_t vmreadz(uint32_t enc);
void vmwritez(uint32_t enc, uint64_t val);

/*
 * VMLAUNCH (launch) or VMRESUME.  VMX_EXITED, with the basic exit reason
 * plus bit 31 for a failed entry in .error, when L2 ran (or the entry
 * failed late) and a VM exit came back to L1; otherwise the instruction's
 * own outcome.  L2's general registers at the exit are in vmx_l2_regs.
 */
struct vmx_ret vmx_enter(bool launch);

struct vmx_gprs {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
};
extern struct vmx_gprs vmx_l2_regs;
/* guest: how many times L1 executed VMLAUNCH or VMRESUME */
extern uint64_t vmx_nr_entries;

/* ---- what L1 is promised (guest) ---- */

struct vmx_caps {
	uint64_t msr[NR_VMX_MSRS];	/* by enum vmx_msr_id; 0 if RDMSR faulted */
	uint32_t faulted;		/* BIT(id) for each RDMSR that faulted */
};

/* RDMSR of the 18 capability MSRs, the guest's view. */
void vmx_read_caps(struct vmx_caps *c);

/*
 * The MSR that reports a control word: the TRUE one when BASIC bit 55
 * says TRUE MSRs exist (SDM A.2), else the plain one.
 */
enum vmx_msr_id vmx_ctl_msr_id(const struct vmx_caps *c, enum vmx_ctl_word w);

static inline uint64_t vmx_ctl_msr(const struct vmx_caps *c,
				   enum vmx_ctl_word w)
{
	return c->msr[vmx_ctl_msr_id(c, w)];
}

/* The VMCS field of each control word. */
uint32_t vmx_ctl_vmcs_field(enum vmx_ctl_word w);

#define VMX_NR_CTL_WORDS	6	/* indexed by enum vmx_ctl_word; 0 unused */

struct vmx_ctls {
	uint32_t v[VMX_NR_CTL_WORDS];
};

/* ---- the pages L1 works with (host allocates, guest uses) ---- */

/*
 * Every address is a guest-physical address that is also the guest's
 * virtual address (the library identity-maps RAM), so L1 code can pass
 * them to VMX instructions and dereference them alike.
 */
struct vmx_pages {
	uint64_t vmxon, vmcs, vmcs2, shadow_vmcs;
	uint64_t msr_bitmap, io_bitmap_a, io_bitmap_b;
	uint64_t vapic, apic_access, pi_desc;
	uint64_t vmread_bitmap, vmwrite_bitmap, pml;
	uint64_t eptp_list;
	uint64_t ept_root, ept_root2;	/* identity EPT PML4s; 0 if not built */
	uint64_t l2_stack_top;
	uint64_t data[4];		/* pages for tests to play with */
	uint64_t results;		/* results area (host reads it at the end) */
	uint64_t results_size;
};

/* host: allocate the pages in guest memory; returns their GVA (== GPA). */
uint64_t vmx_pages_create(struct kvm_vm *vm, unsigned int result_pages);
struct vmx_pages *vmx_pages_hva(struct kvm_vm *vm, uint64_t gva);

/*
 * host: an identity-mapped 4-level EPT (4 KiB pages, read/write/execute,
 * write-back) over every memory slot; returns the PML4's GPA.
 */
uint64_t vmx_ept_build(struct kvm_vm *vm);
/* host: point one 4 KiB page of the EPT at another GPA, or unmap it (~0). */
void vmx_ept_map(struct kvm_vm *vm, uint64_t root, uint64_t gpa, uint64_t hpa);

#define EPTP_WB			6ULL
#define EPTP_PWL4		(3ULL << 3)
static inline uint64_t vmx_eptp(uint64_t root)
{
	return root | EPTP_PWL4 | EPTP_WB;
}

/* ---- L1 set-up (guest) ---- */

/*
 * Enter VMX operation as an OS would: CR4.VMXE, IA32_FEATURE_CONTROL
 * locked with VMX outside SMX if it is not locked yet, the revision id of
 * BASIC in the region, then VMXON.  Returns the VMXON outcome.
 */
struct vmx_ret vmx_enable(const struct vmx_caps *c, uint64_t region);
/* The same without the VMXON: CR4.VMXE and IA32_FEATURE_CONTROL. */
void vmx_prepare(void);
/* Write BASIC's revision id (and the shadow-VMCS indicator) to a region. */
void vmx_region_init(uint64_t region, const struct vmx_caps *c, bool shadow);

/*
 * Make pages->vmcs current and fill it: host state and guest state copied
 * from L1's own current state (so L2 runs L1's code in 64-bit mode on
 * L1's page tables), the must-be-1 controls plus a 64-bit host and guest
 * (vmx_ctls_baseline), exceptions in L2 exiting to L1, and the fields each
 * advertised feature needs (bitmaps, APIC pages, VPID, EPT pointer when
 * pages->ept_root is set...).  L2 starts at rip with stack rsp.
 */
void vmx_vmcs_setup(const struct vmx_caps *c, const struct vmx_pages *p,
		    void *rip, uint64_t rsp);
/*
 * Fields whose feature the MSRs advertise but which VMWRITE refused as
 * unsupported during vmx_vmcs_setup() (a broken promise; set-up goes on).
 */
#define VMX_MAX_MISSING	8
extern uint32_t vmx_missing_fields[VMX_MAX_MISSING];
extern uint32_t vmx_nr_missing;
/* host: a diagnostic per such field, after L1 ran; returns how many. */
unsigned int vmx_report_missing_fields(struct kvm_vm *vm);

/* Rewrite RIP, RSP, RFLAGS and interruptibility before another entry. */
void vmx_guest_reset(void *rip, uint64_t rsp);

/* Must-be-1 bits of each word, plus IA-32e host and guest. */
void vmx_ctls_baseline(const struct vmx_caps *c, struct vmx_ctls *out);
/* Writes the words that changed since the last write (VMWRITEs are exits). */
void vmx_ctls_write(const struct vmx_caps *c, const struct vmx_ctls *ctls);

/*
 * The standard L2: stores L2_MARK to vmx_l2_mark, then VMCALL.  A probe
 * clears vmx_l2_mark first, so a VMCALL exit with the mark set proves L2
 * executed its code.
 */
#define L2_MARK		0x4c32c0deU
extern volatile uint32_t vmx_l2_mark;
void l2_vmcall_stub(void);

/*
 * One VM entry of the standard L2 from a fresh RIP/RSP: launch if the
 * current VMCS is clear, else resume.  Tracks the launch state as the SDM
 * defines it (a VM exit that is not a failed entry makes it launched).
 */
struct vmx_ret vmx_run_l2(const struct vmx_pages *p, void *rip);
/* The same, with L2's interruptibility state set first (SDM 25.4.2). */
struct vmx_ret vmx_run_l2_intr(const struct vmx_pages *p, void *rip,
			       uint32_t interruptibility);
/* After VMCLEAR of the current VMCS. */
void vmx_mark_clear(void);

/* ---- NVMX_L1_BREAK: computing controls from a wrong mask on purpose ---- */

enum vmx_l1_break {
	VMX_BREAK_NONE,
	VMX_BREAK_MUST1,	/* ignore allowed-0: must-be-1 bits left out */
	VMX_BREAK_MAY1,		/* ignore allowed-1: every bit "may be 1" */
};
extern int vmx_l1_break;
/* host: parse $NVMX_L1_BREAK ("must1", "may1"); 0 when unset. */
int vmx_l1_break_from_env(void);

/* The masks L1 computes controls from (guest and host). */
uint32_t vmx_ctl_must1(uint64_t msr);
uint32_t vmx_ctl_may1(uint64_t msr);
/* SDM A.3.1: every must-be-1 bit set, no bit outside allowed-1 set. */
static inline bool vmx_ctl_fits(uint64_t msr, uint32_t v)
{
	return (v & (uint32_t)msr) == (uint32_t)msr &&
	       !(v & ~(uint32_t)(msr >> 32));
}

/* ---- one VM entry per control bit (l1_controls_test) ---- */

enum ctl_class {
	CTL_FORBIDDEN,	/* allowed-1 = 0: may not be 1 */
	CTL_MUST1,	/* allowed-0 = 1: must be 1 */
	CTL_FLEX,	/* may be 0 or 1 */
};

enum ctl_action {
	PROBE_SET,		/* baseline with the bit set */
	PROBE_CLEAR,		/* baseline with the bit cleared */
	PROBE_UNCOVERED,	/* not tried: see .uncovered */
};

enum ctl_uncovered {
	UNC_NONE,
	UNC_NEEDS_CTL,		/* needs dep_word/dep_bit, which may not be 1 */
	UNC_NO_SECONDARY,	/* secondary controls cannot be activated */
	UNC_NO_EPT,		/* needs EPT, and no 4-level write-back EPT */
};

/* What L1 tried for one control bit and what came of it. */
struct ctl_probe {
	uint8_t word, bit;		/* enum vmx_ctl_word, 0..31 */
	uint8_t cls, action;		/* enum ctl_class, enum ctl_action */
	uint8_t msr_id;			/* the MSR that classified the bit */
	uint8_t uncovered, dep_word, dep_bit;
	uint8_t outcome, vector;	/* struct vmx_ret of the entry */
	uint8_t l2_ran;			/* the standard L2 stored its mark */
	uint8_t pad;
	uint32_t error;			/* VM-instruction error or exit reason */
	uint32_t first_exit;		/* the bit's own exit before VMCALL */
	uint32_t ctl[VMX_NR_CTL_WORDS];	/* the controls tried */
	uint64_t msr;			/* that MSR's value as L1 read it */
	uint64_t info;			/* exit qualification or interruption info */
};

/*
 * What a bit needs besides itself to be set: other controls, and set-up
 * the baseline VMCS does not have (SDM 26.2.1 names the dependencies).
 */
struct ctl_need {
	uint8_t word, bit;
	uint8_t first_exit;	/* an exit the bit itself causes before VMCALL */
	uint8_t ept;		/* needs an EPT pointer to identity tables */
	uint8_t nmi_blocked;	/* L2 starts with virtual-NMI blocking */
	uint8_t shadow_link;	/* the VMCS link pointer names a shadow VMCS */
	uint32_t extra[VMX_NR_CTL_WORDS];
	const char *why;	/* the SDM rule behind the needs, for messages */
};

/* The entry for a bit, or NULL when it needs nothing. (guest and host) */
const struct ctl_need *vmx_ctl_need(unsigned int word, unsigned int bit);
enum ctl_class vmx_ctl_class(uint64_t msr, unsigned int bit);
/*
 * Decide what to try for one bit from the MSRs alone (guest and host):
 * fills word, bit, cls, action, msr, msr_id, uncovered and the controls.
 * have_ept: identity EPT tables exist and EPT_VPID_CAP allows a 4-level
 * write-back EPTP.
 */
void vmx_ctl_plan(const struct vmx_caps *c, bool have_ept, unsigned int word,
		  unsigned int bit, struct ctl_probe *p);
/* L1: do the VM entry the plan says and record the outcome. */
void vmx_ctl_execute(const struct vmx_caps *c, const struct vmx_pages *pg,
		     struct ctl_probe *p);
/* Whether EPT_VPID_CAP allows the EPTP vmx_eptp() builds. */
bool vmx_ept_usable(const struct vmx_caps *c);

/*
 * host: the TAP status of a probe, with a sentence for a failure or the
 * reason for a skip (names from the one table).
 */
enum tap_status vmx_ctl_verdict(const struct ctl_probe *p, char *msg,
				size_t len);
/* host: the stable TAP name, "TRUE_PROCBASED_CTLS.bit21.TPR_SHADOW". */
const char *vmx_ctl_probe_name(const struct ctl_probe *p, char *buf,
			       size_t len);

/* ---- TAP lines recorded by L1, printed by the host ---- */

/*
 * Small L1 tests decide in the guest, from the MSRs they read there, and
 * leave one record per rule in the results area; the host prints each as
 * a TAP line with its message as a diagnostic.
 */
struct l1_line {
	uint32_t status;	/* enum tap_status */
	char name[124];
	char msg[500];
};

struct l1_lines {
	uint32_t nr, cap;
	uint64_t pad;
	struct l1_line v[];
};

#define VMX_RET(o, e)	((struct vmx_ret){ .outcome = (o), .error = (e) })
#define VMX_RET_OK	VMX_RET(VMX_SUCCEED, 0)
#define VMX_RET_FAIL_INVALID VMX_RET(VMX_FAIL_INVALID, 0)
#define VMX_RET_FAIL(err) VMX_RET(VMX_FAIL_VALID, (err))
#define VMX_RET_EXIT(why) VMX_RET(VMX_EXITED, (why))
#define VMX_RET_FAULT(v) ((struct vmx_ret){ .outcome = VMX_FAULT, .vector = (v) })

/* guest */
void l1_lines_init(const struct vmx_pages *p);
void l1_line(enum tap_status st, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
bool vmx_ret_eq(struct vmx_ret a, struct vmx_ret b);
/* One line: pass if got equals want; the message says both and the rule. */
bool l1_expect(const char *name, struct vmx_ret got, struct vmx_ret want,
	       const char *rule);
/* host: print every recorded line; returns how many. */
unsigned int l1_lines_print(struct kvm_vm *vm, const struct vmx_pages *p);

/* ---- host helpers for L1 tests ---- */

/* Skip unless the vCPU's CPUID offers VMX (KVM's nested). */
void vmx_require_vcpu_vmx(struct kvm_vcpu *vcpu);
/*
 * The emulator the host kernel runs in, from its firmware ("Bochs 2.7"),
 * or NULL: some verdicts name an emulator's known deviations.
 */
const char *vmx_emulator(void);
/* $NVMX_L1_BREAK into the guest's copy of vmx_l1_break. */
void vmx_sync_break(struct kvm_vm *vm);

/*
 * The VM of an L1 test: vCPU 0 runs guest_code(pages) with VMX in its CPUID
 * (or the binary skips), and the L1 pages with result_pages pages for the
 * results.  The pages are the guest's: set them up before the first run.
 */
struct l1_vm {
	struct kvm_vm *vm;
	struct kvm_vcpu *vcpu;
	struct vmx_pages *pages;	/* host view */
	uint64_t gva;			/* guest view, L1's argument */
};
void l1_vm_create(struct l1_vm *l, void *guest_code, unsigned int result_pages);
/* Run L1 to GUEST_DONE, print its lines and the fields it missed, free it. */
void l1_vm_finish(struct l1_vm *l);

/*
 * Run until the guest's next SYNC or DONE, printing its GUEST_PRINTFs as
 * diagnostics.  A guest assert becomes a failing TAP line named after the
 * test with the guest's message, then "Bail out!".
 */
uint64_t vmx_run_l1(struct kvm_vcpu *vcpu, struct ucall *uc);

#endif
