// SPDX-License-Identifier: GPL-2.0-only
/*
 * nvmx capture -o FILE.json|- [--environment WORD] [--no-vcpu] [--no-raw]
 *              [--cpu N]
 *
 * A snapshot of this host, in the schema of docs/snapshot-schema.md: raw
 * MSRs, system and vCPU values, KVM's supported CPUID, kvm_intel's
 * parameters, kernel, CPU and vmx flags.  It only reads.  What could not
 * be read is a note in the snapshot, not a failure: a host without VMX
 * still gets an honest snapshot that says so.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nvmx.h"

static void summary(const struct vmx_snapshot *s, const char *out)
{
	unsigned int i;
	int v;

	fprintf(stderr, "nvmx capture: %s:", out);
	for (v = 0; v < NR_SNAP_VIEWS; v++)
		fprintf(stderr, " %s %d MSRs%s", snap_view_names[v],
			__builtin_popcount(s->msrs[v].present),
			v < NR_SNAP_VIEWS - 1 ? "," : "");
	fprintf(stderr, "; %u KVM CPUID leaves, %u parameters\n",
		s->kvm_cpuid.nr, s->nr_params);
	for (i = 0; i < s->nr_notes; i++)
		fprintf(stderr, "nvmx capture: note: %s\n", s->notes[i]);
}

int cmd_capture(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "environment", required_argument, NULL, 'e' },
		CAPTURE_LONG_OPTS,
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct capture_opts co = { 0 };
	const char *out = NULL, *env = NULL;
	struct vmx_snapshot *s;
	int o, r;

	optind = 1;
	while ((o = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (o) {
		case 'o':
			out = optarg;
			break;
		case 'e':
			env = optarg;
			if (strlen(env) >= sizeof(s->environment) ||
			    !snap_printable_text(env))
				return usage_error("capture", "--environment takes a short word, e.g. emulated");
			break;
		case 'h':
			return print_help("capture");
		default:
			if (parse_capture_opt("capture", o, optarg, &co) <= 0)
				return EXIT_BAD_INPUT;
			break;
		}
	}
	if (!out)
		return usage_error("capture", "needs -o FILE.json (or -o - for stdout)");
	if (optind != argc)
		return usage_error("capture", "takes no FILE argument; the output is -o FILE");

	s = malloc(sizeof(*s));
	if (!s)
		return usage_error("capture", "out of memory");
	snapshot_capture(s, &co);
	if (env)
		snprintf(s->environment, sizeof(s->environment), "%s", env);
	r = snapshot_write_json(s, out);
	if (r) {
		usage_error("capture", "%s: cannot write: %s", out, strerror(-r));
		free(s);
		return EXIT_BAD_INPUT;
	}
	summary(s, out);
	free(s);
	return 0;
}
