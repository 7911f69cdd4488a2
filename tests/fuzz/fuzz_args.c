// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: what users type: --param NAME=VALUE, --kernel
 * versions and releases, view names, MSR names as the JSON keys use
 * them.  An accepted value must also be what was typed.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "nvmx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char name[48], val[64], err[300], *s, ver[32];
	struct kver kv, kv2;

	s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	if (!parse_param_arg(s, name, sizeof(name), val, sizeof(val), err,
			     sizeof(err))) {
		char back[120];

		snprintf(back, sizeof(back), "%s=%s", name, val);
		if (strcmp(back, s))
			fuzz_fail("param does not rebuild", s);
	} else if (strchr(err, '\n')) {
		fuzz_fail("error message has a newline", err);
	}
	if (!parse_kernel_arg(s, &kv, err, sizeof(err))) {
		/* the version part of what was typed reads back the same */
		if (snap_parse_kver(kver_str(kv, ver, sizeof(ver)), false, &kv2) ||
		    kver_cmp(kv, kv2))
			fuzz_fail("kernel version does not round-trip", s);
	} else if (strchr(err, '\n')) {
		fuzz_fail("error message has a newline", err);
	}
	if (!snap_parse_kver(s, false, &kv) && snap_parse_kver(s, true, &kv2))
		fuzz_fail("a version is not a release", s);
	parse_view_name(s);
	{
		int id = vmx_msr_by_name(s);

		if (id >= NR_VMX_MSRS)
			fuzz_fail("MSR id out of range", s);
	}
	free(s);
	return 0;
}
