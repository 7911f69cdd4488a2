// SPDX-License-Identifier: GPL-2.0-only
/*
 * nvmx check [--tap] [-q] FILE
 *
 * Offline, the rules the tests apply live: the SDM invariants on every
 * view the file has, and where it has the hardware and the system view,
 * the model's prediction against what KVM reported.  Checks are named as
 * in the tests, with the view in front: "system.IA32_VMX_BASIC.bit31_clear".
 * Exit 0 when every rule holds (skips included), 1 when one is violated,
 * 2 on bad input.  A bare-metal dump of a CPU that lacks a feature is not
 * a violation: absent MSRs make their rules skip.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nvmx.h"
#include "x86_64/sdm_invariants.h"

static void run_checks(const struct vmx_snapshot *s, struct check_list *out)
{
	char prefix[32];
	int v;

	for (v = 0; v < NR_SNAP_VIEWS; v++) {
		struct check_list l = { 0 };

		if (msrs_empty(&s->msrs[v]))
			continue;
		sdm_check_invariants(&s->msrs[v], &l);
		snprintf(prefix, sizeof(prefix), "%s.", snap_view_names[v]);
		check_list_append(out, &l, prefix);
	}
	if (!out->nr)
		check_skip(check_new(out, "snapshot.has_vmx_msrs"),
			   "the snapshot has no VMX MSR value in any view");
	model_checks(s, out);
}

static void print_human(const char *path, const struct check_list *l, bool quiet)
{
	unsigned int i, j;

	if (!quiet)
		printf("%snvmx check: %s%s\n", col(COL_HEAD), path, col(COL_RESET));
	for (i = 0; i < l->nr; i++) {
		const struct check *c = &l->v[i];

		if (c->status == TAP_FAIL) {
			printf("%sFAIL%s  %s\n", col(COL_BAD), col(COL_RESET), c->name);
			for (j = 0; j < c->nr_findings; j++)
				printf("      %s\n", c->findings[j].text);
		} else if (quiet) {
			continue;
		} else if (c->status == TAP_SKIP) {
			printf("%sSKIP%s  %s: %s\n", col(COL_SKIP), col(COL_RESET),
			       c->name, c->reason);
		} else {
			printf("%sPASS%s  %s\n", col(COL_GOOD), col(COL_RESET), c->name);
			for (j = 0; j < c->nr_findings; j++)
				printf("      %s\n", c->findings[j].text);
		}
	}
}

static void print_tap(const struct check_list *l)
{
	printf("TAP version 13\n");
	tap_plan(l->nr);
	checks_print_tap(l);
	printf("# Totals: pass:%u fail:%u xfail:0 xpass:0 skip:%u error:0\n",
	       checks_count(l, TAP_PASS), checks_count(l, TAP_FAIL),
	       checks_count(l, TAP_SKIP));
}

int cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "tap", no_argument, NULL, 't' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "color", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct check_list l = { 0 };
	struct vmx_snapshot *s;
	bool tap = false, quiet = false;
	unsigned int fail;
	int o;

	optind = 1;
	while ((o = getopt_long(argc, argv, "tqh", opts, NULL)) != -1) {
		switch (o) {
		case 't':
			tap = true;
			break;
		case 'q':
			quiet = true;
			break;
		case 'c':
			if (out_set_color(optarg))
				return usage_error("check", "--color takes always, never or auto");
			break;
		case 'h':
			return print_help("check");
		default:
			return EXIT_BAD_INPUT;
		}
	}
	if (argc - optind != 1)
		return usage_error("check", "needs one FILE (a JSON snapshot or a plain dump)");
	s = malloc(sizeof(*s));
	if (!s)
		return usage_error("check", "out of memory");
	if (load_or_report(s, argv[optind])) {
		free(s);
		return EXIT_BAD_INPUT;
	}
	run_checks(s, &l);
	if (tap)
		print_tap(&l);
	else
		print_human(argv[optind], &l, quiet);
	fail = checks_count(&l, TAP_FAIL);
	printf("%ssummary: %u passed, %u failed, %u skipped\n", tap ? "# " : "",
	       checks_count(&l, TAP_PASS), fail, checks_count(&l, TAP_SKIP));
	check_list_free(&l);
	free(s);
	return fail ? EXIT_DIFFERS : 0;
}
