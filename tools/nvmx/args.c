// SPDX-License-Identifier: GPL-2.0-only
/*
 * What users type on the command line: parameters, kernel versions and
 * view names.  Strict, and each refusal says what was expected; these
 * functions are fuzzed (tests/fuzz/fuzz_args.c).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nvmx.h"

int parse_param_arg(const char *arg, char *name, size_t nlen, char *val,
		    size_t vlen, char *err, size_t errlen)
{
	const char *eq = strchr(arg, '=');
	size_t n, i;
	char q[80];

	snap_quote(q, sizeof(q), arg, strlen(arg));
	if (!eq) {
		snprintf(err, errlen, "--param '%s': expected NAME=VALUE, e.g. ept=0", q);
		return -1;
	}
	n = eq - arg;
	if (!n || n >= nlen) {
		snprintf(err, errlen, "--param '%s': the name must be 1 to %zu characters",
			 q, nlen - 1);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (!isalnum((unsigned char)arg[i]) && arg[i] != '_') {
			snprintf(err, errlen,
				 "--param '%s': a kvm_intel parameter name has only letters, digits and '_'",
				 q);
			return -1;
		}
	}
	if (!eq[1] || strlen(eq + 1) >= vlen) {
		snprintf(err, errlen, "--param '%s': the value must be 1 to %zu characters",
			 q, vlen - 1);
		return -1;
	}
	for (i = 1; eq[i]; i++) {
		unsigned char c = (unsigned char)eq[i];

		if (c <= ' ' || c >= 0x7f) {
			snprintf(err, errlen,
				 "--param '%s': the value may hold only printable ASCII, no spaces",
				 q);
			return -1;
		}
	}
	memcpy(name, arg, n);
	name[n] = '\0';
	memcpy(val, eq + 1, strlen(eq + 1) + 1);
	return 0;
}

int parse_kernel_arg(const char *arg, struct kver *kv, char *err,
		     size_t errlen)
{
	char q[80];

	switch (snap_parse_kver(arg, true, kv)) {
	case 0:
		return 0;
	case -ERANGE:
		snprintf(err, errlen, "--kernel '%s': version numbers out of range",
			 snap_quote(q, sizeof(q), arg, strlen(arg)));
		return -1;
	default:
		snprintf(err, errlen,
			 "--kernel '%s': expected a version like 6.12, v6.12, 6.12.57 or a release like 6.1.0-26-amd64 or 6.8.0-49-generic",
			 snap_quote(q, sizeof(q), arg, strlen(arg)));
		return -1;
	}
}

int parse_view_name(const char *s)
{
	if (!strcmp(s, "hardware") || !strcmp(s, "hw"))
		return VIEW_HW;
	if (!strcmp(s, "system") || !strcmp(s, "sys"))
		return VIEW_SYS;
	if (!strcmp(s, "vcpu"))
		return VIEW_VCPU;
	return -1;
}

int load_or_report(struct vmx_snapshot *s, const char *path)
{
	char err[600];

	if (snapshot_load(s, path, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return 0;
}

int parse_capture_opt(const char *cmd, int o, const char *arg,
		      struct capture_opts *co)
{
	char *end, path[64];
	long cpu;

	switch (o) {
	case 'V':
		co->no_vcpu = true;
		return 1;
	case 'R':
		co->no_raw = true;
		return 1;
	case 'C':
		cpu = strtol(arg, &end, 10);
		if (*end || end == arg || cpu < 0 || cpu > 65535) {
			usage_error(cmd, "--cpu takes a CPU number");
			return -1;
		}
		snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%ld", cpu);
		if (access(path, F_OK)) {
			usage_error(cmd, "--cpu %ld: this host has no CPU %ld (%ld online)",
				    cpu, cpu, sysconf(_SC_NPROCESSORS_ONLN));
			return -1;
		}
		co->cpu = (int)cpu;
		return 1;
	default:
		return 0;
	}
}
