/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Checks and findings.  A check is one rule with a stable name (one TAP
 * line); it passes, fails or is skipped with a reason.  A failing check
 * carries findings: which MSR, which bit or field (by its name from the
 * one table), the wanted value, the value got, and the rule that produced
 * the wanted value.  The wording lives here, once; tests print findings as
 * TAP diagnostics, nvmx as text or JSON.
 */
#ifndef NVMX_CHECK_H
#define NVMX_CHECK_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "tap.h"
#include "x86_64/vmx_table.h"

struct finding {
	int msr;		/* enum vmx_msr_id, or -1 */
	int lo, hi;		/* bit range, or -1 when not about bits */
	uint64_t want, got;	/* the field's values, shifted down */
	char text[1024];	/* the whole sentence */
};

struct check {
	char name[160];
	enum tap_status status;
	char reason[512];	/* for skips, and the bug behind an XFAIL */
	char context[320];	/* what the test saw that frames the findings */
	struct finding *findings;
	unsigned int nr_findings, cap_findings;
	bool broken;		/* NVMX_BREAK matched: see check_broken() */
};

struct check_list {
	struct check *v;
	unsigned int nr, cap;
};

/* A new check, passing until told otherwise.  The pointer is valid until
 * the next check_new() on the list. */
struct check *check_new(struct check_list *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void check_skip(struct check *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/*
 * A field's value as the messages print it: "0"/"1" for a single bit,
 * "0x..." for a wider field.
 */
void field_value_str(char *buf, size_t len, uint64_t v, unsigned int width);
/*
 * A named warning: the check still passes, and the finding is printed
 * under it as "warning: ..." (a real CPU setting a bit the SDM reserves
 * is not wrong about itself, but it is news).
 */
void check_warn(struct check *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Whether a finding is a warning. */
static inline bool finding_is_warning(const struct finding *f)
{
	return !strncmp(f->text, "warning: ", 9);
}

/*
 * What the test saw that explains its findings without being one (the
 * vCPU's value offering a bit KVM's own value lacks, say): printed once
 * under the check, and what a known bug's signature may match
 * (kvm_known_bugs.h).
 */
void check_context(struct check *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A failure that is not about bits (a read that failed, say). */
void check_fail(struct check *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Compare want and got over mask, field by field of the MSR's layout; one
 * finding per field that differs:
 *   "IA32_VMX_PROCBASED_CTLS2 allowed-1 bit 18 (EPT-violation #VE):
 *    wanted 0, got 1: <rule>"
 * Returns the number of findings added.
 */
unsigned int check_bits(struct check *c, enum vmx_msr_id msr, uint64_t mask,
			uint64_t want, uint64_t got, const char *rule_fmt, ...)
	__attribute__((format(printf, 6, 7)));

/*
 * check_bits() with a rule text for each bit (why[bit]; a multi-bit field
 * takes the text of its lowest differing bit) and with labels for the two
 * values, got first:
 *   "IA32_VMX_PROCBASED_CTLS2 allowed-1 bit 18 (EPT-violation #VE):
 *    KVM reports 1, model expects 0: never exposed to L1 (6.12)"
 * NULL labels give the usual "wanted A, got B".  Returns the findings added.
 */
unsigned int check_bits_why(struct check *c, enum vmx_msr_id msr,
			    uint64_t mask, uint64_t want, uint64_t got,
			    const char *const why[64], const char *want_label,
			    const char *got_label);

/* Whole-value equality, reported field by field. */
#define check_value(c, msr, want, got, ...)				\
	check_bits(c, msr, ~0ULL, want, got, __VA_ARGS__)

/* Bits of mask set in got must be clear. */
#define check_clear(c, msr, mask, got, ...)				\
	check_bits(c, msr, mask, 0, got, __VA_ARGS__)

/* Bits of mask must all be set in got. */
#define check_set(c, msr, mask, got, ...)				\
	check_bits(c, msr, mask, mask, got, __VA_ARGS__)

/* A finding for a multi-bit field compared as a number (size, counts). */
void check_field_fail(struct check *c, enum vmx_msr_id msr, unsigned int lo,
		      unsigned int hi, uint64_t want_desc_val, uint64_t got,
		      const char *want_text, const char *rule_fmt, ...)
	__attribute__((format(printf, 8, 9)));

/*
 * Deliberate breakage, to show that a live check can fail: when the
 * environment variable NVMX_BREAK holds a shell pattern matching the
 * check's name, the test inverts its expectation for that check (and says
 * so in a diagnostic).  The comparison and the message are the normal
 * ones.  Returns whether this check is to be broken.
 */
static inline bool check_broken(const struct check *c)
{
	return c->broken;
}

unsigned int checks_count(const struct check_list *l, enum tap_status st);
void check_list_free(struct check_list *l);

/* Each check as a TAP line, findings as "# " lines under it. */
void checks_print_tap(const struct check_list *l);

/* Move src's checks to the end of dst, prefixing their names. */
void check_list_append(struct check_list *dst, struct check_list *src,
		       const char *prefix);

#endif
