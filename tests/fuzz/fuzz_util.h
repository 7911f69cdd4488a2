/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared by the libFuzzer targets: the round-trip property.  A snapshot
 * that a parser accepted, written back by the matching writer, must read
 * back to the same values; anything else is a parser or writer bug, and
 * abort() makes libFuzzer keep the input.
 */
#ifndef NVMX_FUZZ_UTIL_H
#define NVMX_FUZZ_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "x86_64/snapshot.h"

static inline void fuzz_fail(const char *what, const char *err)
{
	fprintf(stderr, "round trip broken: %s%s%s\n", what, err ? ": " : "",
		err ? err : "");
	abort();
}

static inline void fuzz_same_msrs(const struct vmx_msr_set *a,
				  const struct vmx_msr_set *b)
{
	int i;

	if (a->present != b->present)
		fuzz_fail("MSR presence differs", NULL);
	for (i = 0; i < NR_VMX_MSRS; i++)
		if (msrs_has(a, i) && a->val[i] != b->val[i])
			fuzz_fail("MSR value differs", vmx_msr_name(i));
}

static inline void fuzz_same_params(const struct vmx_snapshot *a,
				    const struct vmx_snapshot *b)
{
	unsigned int i;

	if (a->nr_params != b->nr_params)
		fuzz_fail("number of params differs", NULL);
	for (i = 0; i < a->nr_params; i++) {
		const char *v = snap_param(b, a->params[i].name);

		if (!v || strcmp(v, a->params[i].value))
			fuzz_fail("param differs", a->params[i].name);
	}
}

static inline void fuzz_same_meta(const struct vmx_snapshot *a,
				  const struct vmx_snapshot *b)
{
	if (strcmp(a->cpu_model, b->cpu_model))
		fuzz_fail("cpu model differs", NULL);
	if (strcmp(a->kernel_release, b->kernel_release))
		fuzz_fail("kernel release differs", NULL);
	if (a->have_kver != b->have_kver ||
	    (a->have_kver && kver_cmp(a->kver, b->kver)))
		fuzz_fail("kernel version differs", NULL);
	if (a->have_signature != b->have_signature ||
	    a->cpu_signature != b->cpu_signature)
		fuzz_fail("signature differs", NULL);
}

#endif
