// SPDX-License-Identifier: GPL-2.0-only
/*
 * nvmx diff [--json] [--views A:B] [--no-context] FILE_A FILE_B
 *
 * Per bit, named differences between two snapshots or dumps, view by
 * view (each view both have), then the context: kernel, CPU, parameters,
 * vmx flags, KVM's CPUID.  Exit 0 when the MSR values are the same, 1
 * when they differ (context alone does not count: two kernels always
 * differ in their release), 2 on bad input or when the two share no
 * view.  --views hardware:system compares different views, e.g. what
 * KVM hides from L1 on one host: nvmx diff --views hw:sys S.json S.json
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nvmx.h"

static void views_list(const struct vmx_snapshot *s, char *buf, size_t len)
{
	size_t o = 0;
	int v;

	*buf = '\0';
	for (v = 0; v < NR_SNAP_VIEWS; v++)
		if (!msrs_empty(&s->msrs[v]) && o < len)
			o += snprintf(buf + o, len - o, "%s%s", o ? ", " : "",
				      snap_view_names[v]);
	if (!o)
		snprintf(buf, len, "none");
}

static void print_text(const char *pa, const char *pb,
		       const struct vmx_snapshot *a, const struct vmx_snapshot *b,
		       const struct diff_list *l)
{
	unsigned int i;
	int va = -2, vb = -2;
	bool ctx_head = false;

	printf("%s--- A: %s%s%s%s\n", col(COL_HEAD), pa, *a->kernel_release ? " (" : "",
	       a->kernel_release, *a->kernel_release ? ")" : "");
	printf("+++ B: %s%s%s%s%s\n", pb, *b->kernel_release ? " (" : "",
	       b->kernel_release, *b->kernel_release ? ")" : "", col(COL_RESET));
	for (i = 0; i < l->nr; i++) {
		const struct diff_item *d = &l->v[i];

		if (d->msr < 0) {
			if (!ctx_head) {
				printf("%scontext:%s\n", col(COL_HEAD), col(COL_RESET));
				ctx_head = true;
			}
			printf("  %s%s%s\n", col(COL_DIM), d->text, col(COL_RESET));
			continue;
		}
		if (d->view_a != va || d->view_b != vb) {
			va = d->view_a;
			vb = d->view_b;
			if (va == vb)
				printf("%s%s view:%s\n", col(COL_HEAD),
				       snap_view_names[va], col(COL_RESET));
			else
				printf("%s%s view of A against %s view of B:%s\n",
				       col(COL_HEAD), snap_view_names[va],
				       snap_view_names[vb], col(COL_RESET));
		}
		printf("  %s\n", d->text);
	}
	if (!l->nr_msr)
		printf("no differences in the VMX MSRs (%u view%s compared)\n",
		       l->views_compared, l->views_compared == 1 ? "" : "s");
	else
		printf("%u difference%s in the VMX MSRs\n", l->nr_msr,
		       l->nr_msr == 1 ? "" : "s");
}

static int print_json(const char *pa, const char *pb, const struct diff_list *l)
{
	json_t *root = json_object(), *items = json_array(), *ctx = json_array();
	unsigned int i;
	int r;

	for (i = 0; i < l->nr; i++) {
		const struct diff_item *d = &l->v[i];
		json_t *o;
		char ia[24], ib[24];

		if (d->msr < 0) {
			json_array_append_new(ctx, json_string(d->text));
			continue;
		}
		snprintf(ia, sizeof(ia), "0x%llx", (unsigned long long)d->a);
		snprintf(ib, sizeof(ib), "0x%llx", (unsigned long long)d->b);
		o = json_pack("{s:s,s:s,s:s}", "view_a", snap_view_names[d->view_a],
			      "view_b", snap_view_names[d->view_b],
			      "msr", vmx_msr_name(d->msr));
		if (d->lo >= 0) {
			const struct vmx_field *f = vmx_field_at(d->msr, d->lo);

			json_object_set_new(o, "lo", json_integer(d->lo));
			json_object_set_new(o, "hi", json_integer(d->hi));
			if (vmx_is_ctls(d->msr))
				json_object_set_new(o, "half", json_string(d->lo >= 32 ?
						    "allowed-1" : "allowed-0"));
			json_object_set_new(o, "id", f ? json_string(f->id) : json_null());
		}
		json_object_set_new(o, "a", d->absent_a ? json_null() : json_string(ia));
		json_object_set_new(o, "b", d->absent_b ? json_null() : json_string(ib));
		json_object_set_new(o, "text", json_string(d->text));
		json_array_append_new(items, o);
	}
	json_object_set_new(root, "a", json_string(pa));
	json_object_set_new(root, "b", json_string(pb));
	json_object_set_new(root, "identical", json_boolean(!l->nr_msr));
	json_object_set_new(root, "views_compared", json_integer(l->views_compared));
	json_object_set_new(root, "differences", items);
	json_object_set_new(root, "context", ctx);
	r = json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	putchar('\n');
	json_decref(root);
	return r;
}

static int parse_views(const char *arg, int *va, int *vb)
{
	const char *colon = strchr(arg, ':');
	char a[16];

	if (!colon || (size_t)(colon - arg) >= sizeof(a))
		return -1;
	memcpy(a, arg, colon - arg);
	a[colon - arg] = '\0';
	*va = parse_view_name(a);
	*vb = parse_view_name(colon + 1);
	return *va < 0 || *vb < 0 ? -1 : 0;
}

int cmd_diff(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "views", required_argument, NULL, 'v' },
		{ "no-context", no_argument, NULL, 'n' },
		{ "color", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct vmx_snapshot *a, *b;
	struct diff_list l = { 0 };
	bool json = false, context = true;
	int o, va = -1, vb = -1, v, r;

	optind = 1;
	while ((o = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
		switch (o) {
		case 'j':
			json = true;
			break;
		case 'v':
			if (parse_views(optarg, &va, &vb))
				return usage_error("diff", "--views takes VIEW:VIEW, e.g. hardware:system");
			break;
		case 'n':
			context = false;
			break;
		case 'c':
			if (out_set_color(optarg))
				return usage_error("diff", "--color takes always, never or auto");
			break;
		case 'h':
			return print_help("diff");
		default:
			return EXIT_BAD_INPUT;
		}
	}
	if (argc - optind != 2)
		return usage_error("diff", "needs two files (snapshots or plain dumps)");
	if (!strcmp(argv[optind], "-") && !strcmp(argv[optind + 1], "-"))
		return usage_error("diff", "standard input can be read once: at most one file may be -");

	a = malloc(sizeof(*a));
	b = malloc(sizeof(*b));
	if (!a || !b) {
		free(a);
		free(b);
		return usage_error("diff", "out of memory");
	}
	r = EXIT_BAD_INPUT;
	if (load_or_report(a, argv[optind]) || load_or_report(b, argv[optind + 1]))
		goto out;

	if (va >= 0) {
		if (msrs_empty(&a->msrs[va]) || msrs_empty(&b->msrs[vb])) {
			usage_error("diff", "%s has no %s view or %s has no %s view",
				    argv[optind], snap_view_names[va],
				    argv[optind + 1], snap_view_names[vb]);
			goto out;
		}
		diff_views(a, va, b, vb, &l);
	} else {
		for (v = 0; v < NR_SNAP_VIEWS; v++)
			if (!msrs_empty(&a->msrs[v]) && !msrs_empty(&b->msrs[v]))
				diff_views(a, v, b, v, &l);
	}
	if (!l.views_compared) {
		char wa[64], wb[64];

		views_list(a, wa, sizeof(wa));
		views_list(b, wb, sizeof(wb));
		usage_error("diff", "%s (views: %s) and %s (views: %s) share no view; compare two with --views A:B",
			    argv[optind], wa, argv[optind + 1], wb);
		goto out;
	}
	if (context)
		diff_context(a, b, &l);
	if (json ? print_json(argv[optind], argv[optind + 1], &l) :
	    (print_text(argv[optind], argv[optind + 1], a, b, &l), 0)) {
		r = EXIT_BAD_INPUT;
		goto out;
	}
	r = l.nr_msr ? EXIT_DIFFERS : 0;
out:
	diff_list_free(&l);
	free(a);
	free(b);
	return r;
}
