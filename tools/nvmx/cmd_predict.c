// SPDX-License-Identifier: GPL-2.0-only
/*
 * nvmx predict --kernel VERSION [--param NAME=VALUE ...] FILE
 *
 * What that kernel would report as nested VMX MSRs (the system fd) on the
 * CPU whose raw MSRs FILE holds, as a plain dump that check and diff read
 * back, with headers saying which modelled version was used and whether
 * kvm_intel would load there at all.  Exit 0 either way; 2 on bad input.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nvmx.h"
#include "x86_64/kvm_params.h"
#include "x86_64/model.h"

#define MAX_PARAM_ARGS	SNAP_MAX_PARAMS

static void write_prediction(const struct vmx_snapshot *in, const char *path,
			     const char *kernel, const struct model_result *r)
{
	struct vmx_snapshot *out = malloc(sizeof(*out));
	unsigned int i;

	if (!out) {
		fprintf(stderr, "nvmx predict: out of memory\n");
		exit(EXIT_BAD_INPUT);
	}
	printf("# nvmx predict: the nested VMX MSRs (KVM's system fd) that kernel %s would report\n",
	       kernel);
	printf("# input: %s%s%s\n", path, *in->cpu_model ? ", cpu " : "",
	       in->cpu_model);
	printf("# modelled version: %s%s\n", r->version,
	       r->approximate ? " (an approximation)" : "");
	printf("# model: %s\n", r->version_note);
	for (i = 0; i < r->nr_assumptions; i++)
		printf("# assumption: %s\n", r->assumptions[i]);
	if (r->loads)
		printf("# kvm_intel: would load\n");
	else
		printf("# kvm_intel: would refuse to load: %s\n", r->refusal);

	snapshot_init(out, path);
	snprintf(out->cpu_model, sizeof(out->cpu_model), "%s", in->cpu_model);
	out->cpu_signature = in->cpu_signature;
	out->have_signature = in->have_signature;
	snprintf(out->kernel_release, sizeof(out->kernel_release), "%s", kernel);
	for (i = 0; i < r->final_params.nr_params; i++)
		snap_param_set(out, r->final_params.params[i].name,
			       r->final_params.params[i].value);
	if (r->loads)
		out->msrs[VIEW_SYS] = r->sys;
	if (!r->loads)
		printf("# no MSR lines: without kvm_intel there is no nested VMX\n");
	else if (msrs_empty(&r->sys))
		printf("# no MSR lines: KVM would expose no nested VMX (nested=0?)\n");
	snapshot_write_plain(stdout, out, VIEW_SYS, NULL);
	free(out);
}

int cmd_predict(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kernel", required_argument, NULL, 'k' },
		{ "param", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	static char names[MAX_PARAM_ARGS][48], vals[MAX_PARAM_ARGS][64];
	static char pairs[MAX_PARAM_ARGS][48 + 64 + 1];
	const char *params[MAX_PARAM_ARGS];
	const char *kernel = NULL;
	unsigned int nr = 0, i;
	enum kver_distro distro = KVER_UPSTREAM;
	struct kver kv;
	char err[300];
	int o;

	optind = 1;
	while ((o = getopt_long(argc, argv, "k:p:h", opts, NULL)) != -1) {
		switch (o) {
		case 'k':
			if (kernel)
				return usage_error("predict", "--kernel given twice ('%s', '%s')",
						   kernel, optarg);
			if (parse_kernel_arg(optarg, &kv, err, sizeof(err)))
				return usage_error("predict", "%s", err);
			if (kver_parse_release(optarg, &kv, &distro))
				distro = KVER_UPSTREAM;
			kernel = optarg;
			break;
		case 'p':
			if (nr == MAX_PARAM_ARGS)
				return usage_error("predict", "more than %d --param", MAX_PARAM_ARGS);
			if (parse_param_arg(optarg, names[nr], sizeof(names[nr]),
					    vals[nr], sizeof(vals[nr]), err, sizeof(err)))
				return usage_error("predict", "%s", err);
			if (kvm_param_check(names[nr], vals[nr], true, err, sizeof(err)))
				return usage_error("predict", "--param %s: %s", optarg, err);
			if (!model_knows_param(names[nr]))
				return usage_error("predict", "--param %s: %s does not change the nested MSRs; the model has no rule that reads it",
						   optarg, names[nr]);
			for (i = 0; i < nr; i++)
				if (!strcmp(names[i], names[nr]))
					return usage_error("predict", "--param %s given twice",
							   names[nr]);
			snprintf(pairs[nr], sizeof(pairs[nr]), "%s=%s", names[nr], vals[nr]);
			params[nr] = pairs[nr];
			nr++;
			break;
		case 'h':
			return print_help("predict");
		default:
			return EXIT_BAD_INPUT;
		}
	}
	if (!kernel)
		return usage_error("predict", "needs --kernel VERSION, e.g. --kernel 6.12");
	if (argc - optind != 1)
		return usage_error("predict", "needs one FILE with the hardware's raw MSRs");
	{
		struct vmx_snapshot *s = malloc(sizeof(*s));
		struct model_result *r = calloc(1, sizeof(*r));
		struct model_opts mo = {
			.kver = kv, .have_kver = true,
			.distro = distro, .have_distro = true,
			.params = params, .nr_params = nr,
		};
		int ret = EXIT_BAD_INPUT;

		if (!s || !r) {
			usage_error("predict", "out of memory");
			goto out;
		}
		if (load_or_report(s, argv[optind]))
			goto out;
		if (msrs_empty(&s->msrs[VIEW_HW])) {
			usage_error("predict", "%s has no hardware view: the model starts from the raw MSRs",
				    argv[optind]);
			goto out;
		}
		if (model_predict(s, &mo, r, err, sizeof(err))) {
			usage_error("predict", "%s: %s", argv[optind], err);
			goto out;
		}
		write_prediction(s, argv[optind], kernel, r);
		ret = 0;
out:
		free(s);
		free(r);
		return ret;
	}
}
