// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: the JSON snapshot parser, straight, and the round
 * trip through snapshot_to_json().
 */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"

static struct vmx_snapshot a, b;

static void same_cpuid(const struct cpuid_set *x, const struct cpuid_set *y)
{
	unsigned int i;

	if (x->nr != y->nr)
		fuzz_fail("number of CPUID leaves differs", NULL);
	for (i = 0; i < x->nr; i++)
		if (memcmp(&x->e[i], &y->e[i], sizeof(x->e[i])))
			fuzz_fail("CPUID leaf differs", NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512], *out;
	json_t *j;
	unsigned int i;
	int v;

	if (snapshot_parse_json(&a, "fuzz", (const char *)data, size, err,
				sizeof(err))) {
		if (strchr(err, '\n'))
			fuzz_fail("error message has a newline", err);
		return 0;
	}
	j = snapshot_to_json(&a);
	out = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(j);
	if (!out)
		fuzz_fail("the writer produced no JSON", NULL);
	if (snapshot_parse_json(&b, "fuzz-rt", out, strlen(out), err, sizeof(err)))
		fuzz_fail("the written snapshot does not read back", err);
	for (v = 0; v < NR_SNAP_VIEWS; v++)
		fuzz_same_msrs(&a.msrs[v], &b.msrs[v]);
	fuzz_same_params(&a, &b);
	fuzz_same_meta(&a, &b);
	same_cpuid(&a.host_cpuid, &b.host_cpuid);
	same_cpuid(&a.kvm_cpuid, &b.kvm_cpuid);
	if (a.nr_notes != b.nr_notes)
		fuzz_fail("number of notes differs", NULL);
	for (i = 0; i < a.nr_notes; i++)
		if (strcmp(a.notes[i], b.notes[i]))
			fuzz_fail("note differs", NULL);
	if (strcmp(a.vmx_flags, b.vmx_flags) || strcmp(a.cpu_flags, b.cpu_flags) ||
	    strcmp(a.environment, b.environment) ||
	    strcmp(a.kvm_module, b.kvm_module))
		fuzz_fail("a string differs", NULL);
	free(out);
	return 0;
}
