/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The bits of CR0 and CR4, written once (SDM Vol. 3A, 2.5): X-macro lists
 * as in vmx_bits.h.  They give the X86_CR0_* and X86_CR4_* constants
 * (x86_64/processor.h) and the names of the bits of IA32_VMX_CR0_FIXED0/1
 * and IA32_VMX_CR4_FIXED0/1 (x86_64/tables/vmx_msr_table.c).
 */
#ifndef NVMX_CR_BITS_H
#define NVMX_CR_BITS_H

#include "bits.h"

#define X86_CR0_BITS(B, F)						\
	B(0, PE, "CR0.PE")						\
	B(1, MP, "CR0.MP")						\
	B(2, EM, "CR0.EM")						\
	B(3, TS, "CR0.TS")						\
	B(4, ET, "CR0.ET")						\
	B(5, NE, "CR0.NE")						\
	B(16, WP, "CR0.WP")						\
	B(18, AM, "CR0.AM")						\
	B(29, NW, "CR0.NW")						\
	B(30, CD, "CR0.CD")						\
	B(31, PG, "CR0.PG")

#define X86_CR4_BITS(B, F)						\
	B(0, VME, "CR4.VME")						\
	B(1, PVI, "CR4.PVI")						\
	B(2, TSD, "CR4.TSD")						\
	B(3, DE, "CR4.DE")						\
	B(4, PSE, "CR4.PSE")						\
	B(5, PAE, "CR4.PAE")						\
	B(6, MCE, "CR4.MCE")						\
	B(7, PGE, "CR4.PGE")						\
	B(8, PCE, "CR4.PCE")						\
	B(9, OSFXSR, "CR4.OSFXSR")					\
	B(10, OSXMMEXCPT, "CR4.OSXMMEXCPT")				\
	B(11, UMIP, "CR4.UMIP")						\
	B(12, LA57, "CR4.LA57")						\
	B(13, VMXE, "CR4.VMXE")						\
	B(14, SMXE, "CR4.SMXE")						\
	B(16, FSGSBASE, "CR4.FSGSBASE")					\
	B(17, PCIDE, "CR4.PCIDE")					\
	B(18, OSXSAVE, "CR4.OSXSAVE")					\
	B(19, KL, "CR4.KL")						\
	B(20, SMEP, "CR4.SMEP")						\
	B(21, SMAP, "CR4.SMAP")						\
	B(22, PKE, "CR4.PKE")						\
	B(23, CET, "CR4.CET")						\
	B(24, PKS, "CR4.PKS")						\
	B(25, UINTR, "CR4.UINTR")					\
	B(27, LASS, "CR4.LASS")						\
	B(28, LAM_SUP, "CR4.LAM_SUP")					\
	B(32, FRED, "CR4.FRED")

#define X86_CR0_B(n, name, d)	X86_CR0_##name = BIT_ULL(n),
#define X86_CR4_B(n, name, d)	X86_CR4_##name = BIT_ULL(n),
#define X86_CR_NO_FIELD(lo, hi, name, id, d)

enum { X86_CR0_BITS(X86_CR0_B, X86_CR_NO_FIELD) };
enum { X86_CR4_BITS(X86_CR4_B, X86_CR_NO_FIELD) };

#endif
