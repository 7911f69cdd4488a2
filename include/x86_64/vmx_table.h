/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The one table of the VMX capability MSRs (IA32_VMX_BASIC 0x480 to
 * IA32_VMX_VMFUNC 0x491): index, name, layout and every named bit or
 * field, from the SDM (Vol. 3D, Appendix A) and the kernel's asm/vmx.h.
 *
 * The decoder, the checks, the model and every message name MSRs and
 * bits through this table and nothing else.
 */
#ifndef NVMX_VMX_TABLE_H
#define NVMX_VMX_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bits.h"
#include "x86_64/vmx_bits.h"

#define VMX_MSR_FIRST	0x480
#define VMX_MSR_LAST	0x493

/* The id is the index minus 0x480, so arrays of values index by id. */
enum vmx_msr_id {
	VMX_BASIC,
	VMX_PINBASED_CTLS,
	VMX_PROCBASED_CTLS,
	VMX_EXIT_CTLS,
	VMX_ENTRY_CTLS,
	VMX_MISC,
	VMX_CR0_FIXED0,
	VMX_CR0_FIXED1,
	VMX_CR4_FIXED0,
	VMX_CR4_FIXED1,
	VMX_VMCS_ENUM,
	VMX_PROCBASED_CTLS2,
	VMX_EPT_VPID_CAP,
	VMX_TRUE_PINBASED_CTLS,
	VMX_TRUE_PROCBASED_CTLS,
	VMX_TRUE_EXIT_CTLS,
	VMX_TRUE_ENTRY_CTLS,
	VMX_VMFUNC,
	/*
	 * 0x492 and 0x493: on CPUs from Sapphire Rapids and Alder Lake on.
	 * KVM offers neither to L1 (5.10 to 7.3).
	 */
	VMX_PROCBASED_CTLS3,
	VMX_EXIT_CTLS2,
	NR_VMX_MSRS,
};

/*
 * The MSRs KVM reports to L1 on the system fd and on vCPUs: 0x480 to
 * 0x491, ids 0 to 17.
 */
#define NR_KVM_VMX_MSRS		(VMX_VMFUNC + 1)
#define KVM_VMX_MSR_LAST	0x491

#define VMX_MSR_INDEX(id)	(VMX_MSR_FIRST + (uint32_t)(id))

enum vmx_layout {
	VMX_LAYOUT_BASIC,
	/* bits 31:0 allowed-0 ("must be 1"), bits 63:32 allowed-1 ("may be 1") */
	VMX_LAYOUT_CTLS,
	VMX_LAYOUT_MISC,
	VMX_LAYOUT_FIXED0,	/* a 1 bit must be 1 in the CR */
	VMX_LAYOUT_FIXED1,	/* a 0 bit must be 0 in the CR */
	VMX_LAYOUT_VMCS_ENUM,
	VMX_LAYOUT_EPT_VPID,
	VMX_LAYOUT_VMFUNC,
	/* 0x492, 0x493: all 64 bits are allowed-1 bits, none must be 1 */
	VMX_LAYOUT_CTLS64,
};

/* Which VMCS control word a control MSR describes. */
enum vmx_ctl_word {
	VMX_CTL_NONE,
	VMX_CTL_PIN,
	VMX_CTL_PROC,
	VMX_CTL_PROC2,
	VMX_CTL_EXIT,
	VMX_CTL_ENTRY,
	VMX_CTL_PROC3,
	VMX_CTL_EXIT2,
};

/*
 * A named bit (lo == hi) or multi-bit field of an MSR.  For control MSRs
 * the fields describe the 32 control bits, which both halves share.
 */
struct vmx_field {
	uint8_t lo, hi;
	const char *id;		/* kernel-style identifier: "EPT_VIOLATION_VE" */
	const char *desc;	/* SDM wording: "EPT-violation #VE" */
};

struct vmx_msr_info {
	enum vmx_msr_id id;
	uint32_t index;
	const char *name;		/* "IA32_VMX_PROCBASED_CTLS2" */
	const char *short_name;		/* "PROCBASED_CTLS2", for tables */
	enum vmx_layout layout;
	enum vmx_ctl_word word;
	const struct vmx_field *fields;
	unsigned int nr_fields;
	/*
	 * Control MSRs: the default-1 class, which the non-TRUE MSR reports
	 * as must-be-1 (SDM A.2); 0 for PROCBASED_CTLS2.
	 */
	uint32_t default1;
	/* Non-TRUE control MSR: its TRUE twin; TRUE MSR: its non-TRUE twin. */
	int twin;
	bool is_true;
	/* Bits the SDM reserves as 0 (whole 64-bit value). */
	uint64_t reserved;
	/*
	 * Of those, the ones real CPUs set anyway (BASIC bit 57 from Alder
	 * Lake and Sapphire Rapids on): a named warning, not a failure.
	 */
	uint64_t reserved_seen;
	/*
	 * The MSR exists only if this allowed-1 bit (32 + control bit) of
	 * that control MSR is 1: 0x492 with "activate tertiary controls",
	 * 0x493 with "activate secondary VM-exit controls".  exists_msr < 0:
	 * no condition.
	 */
	int exists_msr;
	uint8_t exists_bit;
};

extern const struct vmx_msr_info vmx_msrs[NR_VMX_MSRS];

static inline const struct vmx_msr_info *vmx_msr(enum vmx_msr_id id)
{
	return &vmx_msrs[id];
}

static inline const char *vmx_msr_name(enum vmx_msr_id id)
{
	return vmx_msrs[id].name;
}

/* id for an MSR index, or -1 if the index is not one of the 18. */
int vmx_msr_by_index(uint32_t index);
/* id for "IA32_VMX_BASIC", "VMX_BASIC", "BASIC" (any case) or "0x480". */
int vmx_msr_by_name(const char *name);

/* The field that covers bit (0..63) of the 64-bit value, or NULL. */
const struct vmx_field *vmx_field_at(enum vmx_msr_id id, unsigned int bit);
/* A field by identifier ("EPT_VIOLATION_VE", "revision"), or NULL. */
const struct vmx_field *vmx_field_by_id(enum vmx_msr_id id, const char *fid);

/* For control MSRs: the field of control bit 0..31, or NULL if unnamed. */
const struct vmx_field *vmx_ctl_field(enum vmx_msr_id id, unsigned int ctl_bit);

/*
 * Describe a bit of the 64-bit value for a message, without the MSR name:
 *   controls:  "allowed-1 bit 18 (EPT-violation #VE)"
 *   others:    "bit 54 (INS/OUTS exit information)"
 *   fields:    "bits 4:0 (preemption-timer rate)"
 * The bit may lie inside a multi-bit field; the whole field is named.
 * Returns buf.
 */
const char *vmx_describe_bit(enum vmx_msr_id id, unsigned int bit, char *buf,
			     size_t len);

/*
 * Walk the bits of diff as messages name them: from bit *pos on, the next
 * set bit, widened to its whole field when the field has several bits
 * (a control bit is always one).  Returns false when none is left; *pos
 * moves past the field, so "while (vmx_next_field(...))" visits each once.
 */
bool vmx_next_field(enum vmx_msr_id id, uint64_t diff, unsigned int *pos,
		    unsigned int *lo, unsigned int *hi);

/* Mask of a field in the 64-bit value. */
static inline uint64_t vmx_field_mask(const struct vmx_field *f)
{
	unsigned int width = f->hi - f->lo + 1;

	return (width == 64 ? ~0ULL : ((1ULL << width) - 1)) << f->lo;
}

static inline uint64_t vmx_field_get(const struct vmx_field *f, uint64_t v)
{
	return (v & vmx_field_mask(f)) >> f->lo;
}

static inline uint32_t vmx_allowed0(uint64_t v)
{
	return (uint32_t)v;
}

static inline uint32_t vmx_allowed1(uint64_t v)
{
	return (uint32_t)(v >> 32);
}

static inline bool vmx_is_ctls(enum vmx_msr_id id)
{
	return vmx_msrs[id].layout == VMX_LAYOUT_CTLS;
}

/* VMCS memory types (BASIC bits 53:50) */
#define VMX_MEMTYPE_UC			0
#define VMX_MEMTYPE_WB			6

/*
 * The VMCS fields (SDM Vol. 3D, Appendix B), as one list that gives both
 * the encodings code uses (enum vmcs_field) and the table of names and
 * conditions (vmcs_fields[], x86_64/tables/vmcs_field_table.c).
 *
 * An encoding is: bit 0 access type (1 = high half of a 64-bit field),
 * bits 9:1 index, bits 11:10 type, bits 14:13 width (SDM 25.11.2).
 *
 * Many fields "exist only on processors that support the 1-setting" of a
 * control (the footnotes of Appendix B).  Each field names up to two such
 * conditions; the field exists if either holds (NONE: always).  A
 * condition is a bit of a capability MSR: for control MSRs the allowed-1
 * bit (32 + control bit) of the non-TRUE MSR, whose allowed-1 half the
 * TRUE MSR shares (SDM A.3).  CR3T(n) means "more than n CR3-target
 * values" (MISC bits 24:16).
 */
#define VMCS_DEP_NONE		0xff
#define VMCS_DEP_CR3_TARGET	0xfe

#define VMCS_NEEDS_NONE		VMCS_DEP_NONE, 0
#define VMCS_NEEDS_PIN(n)		VMX_PINBASED_CTLS, (32 + (n))
#define VMCS_NEEDS_PROC(n)		VMX_PROCBASED_CTLS, (32 + (n))
#define VMCS_NEEDS_PROC2(n)	VMX_PROCBASED_CTLS2, (32 + (n))
#define VMCS_NEEDS_EXIT(n)		VMX_EXIT_CTLS, (32 + (n))
#define VMCS_NEEDS_ENTRY(n)	VMX_ENTRY_CTLS, (32 + (n))
#define VMCS_NEEDS_BASICB(n)	VMX_BASIC, (n)
#define VMCS_NEEDS_VMFN(n)		VMX_VMFUNC, (n)
#define VMCS_NEEDS_CR3T(n)		VMCS_DEP_CR3_TARGET, (n)

/* X(name, encoding, condition, alternative condition) */
#define VMCS_FIELD_LIST(X)						\
	/* 16-bit control fields */					\
	X(VIRTUAL_PROCESSOR_ID,		0x0000, VMCS_NEEDS_PROC2(5), VMCS_NEEDS_NONE)	\
	X(POSTED_INTR_NV,		0x0002, VMCS_NEEDS_PIN(7), VMCS_NEEDS_NONE)	\
	X(EPTP_INDEX,			0x0004, VMCS_NEEDS_PROC2(18), VMCS_NEEDS_NONE)	\
	X(HLAT_PREFIX_SIZE,		0x0006, VMCS_NEEDS_PROC(17), VMCS_NEEDS_NONE)	\
	X(LAST_PID_POINTER_INDEX,	0x0008, VMCS_NEEDS_PROC(17), VMCS_NEEDS_NONE)	\
	/* 16-bit guest-state fields */					\
	X(GUEST_ES_SELECTOR,		0x0800, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(GUEST_CS_SELECTOR,		0x0802, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(GUEST_SS_SELECTOR,		0x0804, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(GUEST_DS_SELECTOR,		0x0806, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(GUEST_FS_SELECTOR,		0x0808, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(GUEST_GS_SELECTOR,		0x080a, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(GUEST_LDTR_SELECTOR,		0x080c, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(GUEST_TR_SELECTOR,		0x080e, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(GUEST_INTR_STATUS,		0x0810, VMCS_NEEDS_PROC2(9), VMCS_NEEDS_NONE)	\
	X(GUEST_PML_INDEX,		0x0812, VMCS_NEEDS_PROC2(17), VMCS_NEEDS_NONE)	\
	X(GUEST_UINV,			0x0814, VMCS_NEEDS_ENTRY(19), VMCS_NEEDS_NONE)	\
	/* 16-bit host-state fields */					\
	X(HOST_ES_SELECTOR,		0x0c00, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(HOST_CS_SELECTOR,		0x0c02, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(HOST_SS_SELECTOR,		0x0c04, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(HOST_DS_SELECTOR,		0x0c06, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(HOST_FS_SELECTOR,		0x0c08, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(HOST_GS_SELECTOR,		0x0c0a, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(HOST_TR_SELECTOR,		0x0c0c, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	/* 64-bit control fields */					\
	X(IO_BITMAP_A,			0x2000, VMCS_NEEDS_PROC(25), VMCS_NEEDS_NONE)	\
	X(IO_BITMAP_B,			0x2002, VMCS_NEEDS_PROC(25), VMCS_NEEDS_NONE)	\
	X(MSR_BITMAP,			0x2004, VMCS_NEEDS_PROC(28), VMCS_NEEDS_NONE)	\
	X(VM_EXIT_MSR_STORE_ADDR,	0x2006, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(VM_EXIT_MSR_LOAD_ADDR,	0x2008, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(VM_ENTRY_MSR_LOAD_ADDR,	0x200a, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(EXECUTIVE_VMCS_POINTER,	0x200c, VMCS_NEEDS_BASICB(49), VMCS_NEEDS_NONE)	\
	X(PML_ADDRESS,			0x200e, VMCS_NEEDS_PROC2(17), VMCS_NEEDS_NONE)	\
	X(TSC_OFFSET,			0x2010, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(VIRTUAL_APIC_PAGE_ADDR,	0x2012, VMCS_NEEDS_PROC(21), VMCS_NEEDS_NONE)	\
	X(APIC_ACCESS_ADDR,		0x2014, VMCS_NEEDS_PROC2(0), VMCS_NEEDS_NONE)	\
	X(POSTED_INTR_DESC_ADDR,	0x2016, VMCS_NEEDS_PIN(7), VMCS_NEEDS_NONE)	\
	X(VM_FUNCTION_CONTROL,		0x2018, VMCS_NEEDS_PROC2(13), VMCS_NEEDS_NONE)	\
	X(EPT_POINTER,			0x201a, VMCS_NEEDS_PROC2(1), VMCS_NEEDS_NONE)	\
	X(EOI_EXIT_BITMAP0,		0x201c, VMCS_NEEDS_PROC2(9), VMCS_NEEDS_NONE)	\
	X(EOI_EXIT_BITMAP1,		0x201e, VMCS_NEEDS_PROC2(9), VMCS_NEEDS_NONE)	\
	X(EOI_EXIT_BITMAP2,		0x2020, VMCS_NEEDS_PROC2(9), VMCS_NEEDS_NONE)	\
	X(EOI_EXIT_BITMAP3,		0x2022, VMCS_NEEDS_PROC2(9), VMCS_NEEDS_NONE)	\
	X(EPTP_LIST_ADDRESS,		0x2024, VMCS_NEEDS_VMFN(0), VMCS_NEEDS_NONE)	\
	X(VMREAD_BITMAP,		0x2026, VMCS_NEEDS_PROC2(14), VMCS_NEEDS_NONE)	\
	X(VMWRITE_BITMAP,		0x2028, VMCS_NEEDS_PROC2(14), VMCS_NEEDS_NONE)	\
	X(VE_INFORMATION_ADDRESS,	0x202a, VMCS_NEEDS_PROC2(18), VMCS_NEEDS_NONE)	\
	X(XSS_EXIT_BITMAP,		0x202c, VMCS_NEEDS_PROC2(20), VMCS_NEEDS_NONE)	\
	X(ENCLS_EXITING_BITMAP,		0x202e, VMCS_NEEDS_PROC2(15), VMCS_NEEDS_NONE)	\
	X(SPP_TABLE_POINTER,		0x2030, VMCS_NEEDS_PROC2(23), VMCS_NEEDS_NONE)	\
	X(TSC_MULTIPLIER,		0x2032, VMCS_NEEDS_PROC2(25), VMCS_NEEDS_NONE)	\
	X(TERTIARY_VM_EXEC_CONTROL,	0x2034, VMCS_NEEDS_PROC(17), VMCS_NEEDS_NONE)	\
	X(ENCLV_EXITING_BITMAP,		0x2036, VMCS_NEEDS_PROC2(28), VMCS_NEEDS_NONE)	\
	X(LOW_PASID_DIRECTORY,		0x2038, VMCS_NEEDS_PROC2(21), VMCS_NEEDS_NONE)	\
	X(HIGH_PASID_DIRECTORY,		0x203a, VMCS_NEEDS_PROC2(21), VMCS_NEEDS_NONE)	\
	X(PCONFIG_EXITING_BITMAP,	0x203e, VMCS_NEEDS_PROC2(27), VMCS_NEEDS_NONE)	\
	X(HLAT_POINTER,			0x2040, VMCS_NEEDS_PROC(17), VMCS_NEEDS_NONE)	\
	X(PID_POINTER_TABLE,		0x2042, VMCS_NEEDS_PROC(17), VMCS_NEEDS_NONE)	\
	X(SECONDARY_VM_EXIT_CONTROLS,	0x2044, VMCS_NEEDS_EXIT(31), VMCS_NEEDS_NONE)	\
	/* 64-bit read-only data field */				\
	X(GUEST_PHYSICAL_ADDRESS,	0x2400, VMCS_NEEDS_PROC2(1), VMCS_NEEDS_NONE)	\
	/* 64-bit guest-state fields */					\
	X(VMCS_LINK_POINTER,		0x2800, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(GUEST_IA32_DEBUGCTL,		0x2802, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(GUEST_IA32_PAT,		0x2804, VMCS_NEEDS_ENTRY(14), VMCS_NEEDS_EXIT(18)) \
	X(GUEST_IA32_EFER,		0x2806, VMCS_NEEDS_ENTRY(15), VMCS_NEEDS_EXIT(20)) \
	X(GUEST_IA32_PERF_GLOBAL_CTRL,	0x2808, VMCS_NEEDS_ENTRY(13), VMCS_NEEDS_EXIT(30)) \
	X(GUEST_PDPTR0,			0x280a, VMCS_NEEDS_PROC2(1), VMCS_NEEDS_NONE)	\
	X(GUEST_PDPTR1,			0x280c, VMCS_NEEDS_PROC2(1), VMCS_NEEDS_NONE)	\
	X(GUEST_PDPTR2,			0x280e, VMCS_NEEDS_PROC2(1), VMCS_NEEDS_NONE)	\
	X(GUEST_PDPTR3,			0x2810, VMCS_NEEDS_PROC2(1), VMCS_NEEDS_NONE)	\
	X(GUEST_BNDCFGS,		0x2812, VMCS_NEEDS_ENTRY(16), VMCS_NEEDS_EXIT(23)) \
	X(GUEST_IA32_RTIT_CTL,		0x2814, VMCS_NEEDS_ENTRY(18), VMCS_NEEDS_EXIT(25)) \
	X(GUEST_IA32_LBR_CTL,		0x2816, VMCS_NEEDS_ENTRY(21), VMCS_NEEDS_EXIT(26)) \
	X(GUEST_IA32_PKRS,		0x2818, VMCS_NEEDS_ENTRY(22), VMCS_NEEDS_EXIT(29)) \
	/* 64-bit host-state fields */					\
	X(HOST_IA32_PAT,		0x2c00, VMCS_NEEDS_EXIT(19), VMCS_NEEDS_NONE)	\
	X(HOST_IA32_EFER,		0x2c02, VMCS_NEEDS_EXIT(21), VMCS_NEEDS_NONE)	\
	X(HOST_IA32_PERF_GLOBAL_CTRL,	0x2c04, VMCS_NEEDS_EXIT(12), VMCS_NEEDS_NONE)	\
	X(HOST_IA32_PKRS,		0x2c06, VMCS_NEEDS_EXIT(29), VMCS_NEEDS_NONE)	\
	/* 32-bit control fields */					\
	X(PIN_BASED_VM_EXEC_CONTROL,	0x4000, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(CPU_BASED_VM_EXEC_CONTROL,	0x4002, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(EXCEPTION_BITMAP,		0x4004, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(PAGE_FAULT_ERROR_CODE_MASK,	0x4006, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(PAGE_FAULT_ERROR_CODE_MATCH,	0x4008, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(CR3_TARGET_COUNT,		0x400a, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(VM_EXIT_CONTROLS,		0x400c, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(VM_EXIT_MSR_STORE_COUNT,	0x400e, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(VM_EXIT_MSR_LOAD_COUNT,	0x4010, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(VM_ENTRY_CONTROLS,		0x4012, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(VM_ENTRY_MSR_LOAD_COUNT,	0x4014, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(VM_ENTRY_INTR_INFO_FIELD,	0x4016, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(VM_ENTRY_EXCEPTION_ERROR_CODE, 0x4018, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(VM_ENTRY_INSTRUCTION_LEN,	0x401a, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(TPR_THRESHOLD,		0x401c, VMCS_NEEDS_PROC(21), VMCS_NEEDS_NONE)	\
	X(SECONDARY_VM_EXEC_CONTROL,	0x401e, VMCS_NEEDS_PROC(31), VMCS_NEEDS_NONE)	\
	X(PLE_GAP,			0x4020, VMCS_NEEDS_PROC2(10), VMCS_NEEDS_NONE)	\
	X(PLE_WINDOW,			0x4022, VMCS_NEEDS_PROC2(10), VMCS_NEEDS_NONE)	\
	X(NOTIFY_WINDOW,		0x4024, VMCS_NEEDS_PROC2(31), VMCS_NEEDS_NONE)	\
	/* 32-bit read-only data fields */				\
	X(VM_INSTRUCTION_ERROR,		0x4400, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(VM_EXIT_REASON,		0x4402, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(VM_EXIT_INTR_INFO,		0x4404, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(VM_EXIT_INTR_ERROR_CODE,	0x4406, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(IDT_VECTORING_INFO_FIELD,	0x4408, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(IDT_VECTORING_ERROR_CODE,	0x440a, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(VM_EXIT_INSTRUCTION_LEN,	0x440c, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(VMX_INSTRUCTION_INFO,		0x440e, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	/* 32-bit guest-state fields */					\
	X(GUEST_ES_LIMIT,		0x4800, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(GUEST_CS_LIMIT,		0x4802, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(GUEST_SS_LIMIT,		0x4804, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(GUEST_DS_LIMIT,		0x4806, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(GUEST_FS_LIMIT,		0x4808, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(GUEST_GS_LIMIT,		0x480a, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(GUEST_LDTR_LIMIT,		0x480c, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(GUEST_TR_LIMIT,		0x480e, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(GUEST_GDTR_LIMIT,		0x4810, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(GUEST_IDTR_LIMIT,		0x4812, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(GUEST_ES_AR_BYTES,		0x4814, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(GUEST_CS_AR_BYTES,		0x4816, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(GUEST_SS_AR_BYTES,		0x4818, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(GUEST_DS_AR_BYTES,		0x481a, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(GUEST_FS_AR_BYTES,		0x481c, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(GUEST_GS_AR_BYTES,		0x481e, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(GUEST_LDTR_AR_BYTES,		0x4820, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(GUEST_TR_AR_BYTES,		0x4822, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(GUEST_INTERRUPTIBILITY_INFO,	0x4824, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(GUEST_ACTIVITY_STATE,		0x4826, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(GUEST_SMBASE,			0x4828, VMCS_NEEDS_BASICB(49), VMCS_NEEDS_NONE)	\
	X(GUEST_SYSENTER_CS,		0x482a, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(VMX_PREEMPTION_TIMER_VALUE,	0x482e, VMCS_NEEDS_PIN(6), VMCS_NEEDS_NONE)	\
	/* 32-bit host-state field */					\
	X(HOST_IA32_SYSENTER_CS,	0x4c00, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	/* natural-width control fields */				\
	X(CR0_GUEST_HOST_MASK,		0x6000, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(CR4_GUEST_HOST_MASK,		0x6002, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(CR0_READ_SHADOW,		0x6004, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(CR4_READ_SHADOW,		0x6006, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(CR3_TARGET_VALUE0,		0x6008, VMCS_NEEDS_CR3T(0), VMCS_NEEDS_NONE)	\
	X(CR3_TARGET_VALUE1,		0x600a, VMCS_NEEDS_CR3T(1), VMCS_NEEDS_NONE)	\
	X(CR3_TARGET_VALUE2,		0x600c, VMCS_NEEDS_CR3T(2), VMCS_NEEDS_NONE)	\
	X(CR3_TARGET_VALUE3,		0x600e, VMCS_NEEDS_CR3T(3), VMCS_NEEDS_NONE)	\
	/* natural-width read-only data fields */			\
	X(EXIT_QUALIFICATION,		0x6400, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(IO_RCX,			0x6402, VMCS_NEEDS_BASICB(49), VMCS_NEEDS_NONE)	\
	X(IO_RSI,			0x6404, VMCS_NEEDS_BASICB(49), VMCS_NEEDS_NONE)	\
	X(IO_RDI,			0x6406, VMCS_NEEDS_BASICB(49), VMCS_NEEDS_NONE)	\
	X(IO_RIP,			0x6408, VMCS_NEEDS_BASICB(49), VMCS_NEEDS_NONE)	\
	X(GUEST_LINEAR_ADDRESS,		0x640a, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	/* natural-width guest-state fields */				\
	X(GUEST_CR0,			0x6800, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(GUEST_CR3,			0x6802, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(GUEST_CR4,			0x6804, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(GUEST_ES_BASE,		0x6806, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(GUEST_CS_BASE,		0x6808, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(GUEST_SS_BASE,		0x680a, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(GUEST_DS_BASE,		0x680c, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(GUEST_FS_BASE,		0x680e, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(GUEST_GS_BASE,		0x6810, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(GUEST_LDTR_BASE,		0x6812, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(GUEST_TR_BASE,		0x6814, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(GUEST_GDTR_BASE,		0x6816, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(GUEST_IDTR_BASE,		0x6818, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(GUEST_DR7,			0x681a, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(GUEST_RSP,			0x681c, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(GUEST_RIP,			0x681e, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(GUEST_RFLAGS,			0x6820, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(GUEST_PENDING_DBG_EXCEPTIONS,	0x6822, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(GUEST_SYSENTER_ESP,		0x6824, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(GUEST_SYSENTER_EIP,		0x6826, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(GUEST_S_CET,			0x6828, VMCS_NEEDS_ENTRY(20), VMCS_NEEDS_NONE)	\
	X(GUEST_SSP,			0x682a, VMCS_NEEDS_ENTRY(20), VMCS_NEEDS_NONE)	\
	X(GUEST_INTR_SSP_TABLE,		0x682c, VMCS_NEEDS_ENTRY(20), VMCS_NEEDS_NONE)	\
	/* natural-width host-state fields */				\
	X(HOST_CR0,			0x6c00, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(HOST_CR3,			0x6c02, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(HOST_CR4,			0x6c04, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(HOST_FS_BASE,			0x6c06, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(HOST_GS_BASE,			0x6c08, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(HOST_TR_BASE,			0x6c0a, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(HOST_GDTR_BASE,		0x6c0c, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(HOST_IDTR_BASE,		0x6c0e, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(HOST_IA32_SYSENTER_ESP,	0x6c10, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(HOST_IA32_SYSENTER_EIP,	0x6c12, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(HOST_RSP,			0x6c14, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(HOST_RIP,			0x6c16, VMCS_NEEDS_NONE, VMCS_NEEDS_NONE)	\
	X(HOST_S_CET,			0x6c18, VMCS_NEEDS_EXIT(28), VMCS_NEEDS_NONE)	\
	X(HOST_SSP,			0x6c1a, VMCS_NEEDS_EXIT(28), VMCS_NEEDS_NONE)	\
	X(HOST_INTR_SSP_TABLE,		0x6c1c, VMCS_NEEDS_EXIT(28), VMCS_NEEDS_NONE)

#define VMCS_FIELD_ENUM_X(name, enc, ...)	name = (enc),

enum vmcs_field {
	VMCS_FIELD_LIST(VMCS_FIELD_ENUM_X)
};

/* Encoding parts (SDM 25.11.2). */
#define VMCS_ENC_HIGH(e)	((e) & 1U)
#define VMCS_ENC_INDEX(e)	(((e) >> 1) & 0x1ffU)
#define VMCS_ENC_TYPE(e)	(((e) >> 10) & 3U)
#define VMCS_ENC_WIDTH(e)	(((e) >> 13) & 3U)
#define VMCS_ENC(width, type, index)					\
	(((uint32_t)(width) << 13) | ((uint32_t)(type) << 10) |		\
	 ((uint32_t)(index) << 1))

enum vmcs_width { VMCS_W16, VMCS_W64, VMCS_W32, VMCS_WNAT };
enum vmcs_type { VMCS_T_CONTROL, VMCS_T_RO_DATA, VMCS_T_GUEST, VMCS_T_HOST };

struct vmcs_dep {
	uint8_t msr;	/* enum vmx_msr_id, VMCS_DEP_NONE or VMCS_DEP_CR3_TARGET */
	uint8_t bit;	/* bit of the 64-bit MSR value; n for VMCS_NEEDS_CR3T(n) */
};

struct vmcs_field_info {
	uint32_t enc;
	const char *name;
	struct vmcs_dep dep[2];
};

/*
 * The table is plain data and its lookups call no libc, so that guest
 * code (L1) can use them as well as the host.
 */
extern const struct vmcs_field_info vmcs_fields[];
extern const unsigned int nr_vmcs_fields;

/* The entry for an encoding (the high access of a 64-bit field finds the
 * field), or NULL. */
const struct vmcs_field_info *vmcs_field_find(uint32_t enc);
/* The field's name, or "(unknown field)". */
const char *vmcs_field_name(uint32_t enc);
/* Field width in bits (16, 32 or 64; natural width is 64 here). */
unsigned int vmcs_field_bits(uint32_t enc);

/*
 * Whether the capability MSR values (indexed by enum vmx_msr_id) say the
 * field exists: no condition, or either condition holds.  A condition on
 * a PROCBASED_CTLS2 bit also needs "activate secondary controls".
 */
bool vmcs_field_exists(const struct vmcs_field_info *f, const uint64_t *msrs);

#endif
