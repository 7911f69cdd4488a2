// SPDX-License-Identifier: GPL-2.0-only
/*
 * nvmx show [FILE] [--json] [--color=WHEN] [--no-vcpu] [--cpu N]
 *
 * Every VMX MSR and every named bit, in three columns: what the hardware
 * allows (raw MSR), what KVM's system fd reports for nested guests, and
 * what a fresh vCPU with KVM's supported CPUID sees.  Without FILE, from
 * this host; with FILE, from a snapshot or a plain dump.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nvmx.h"
#include "x86_64/host.h"
#include "x86_64/model.h"
#include "x86_64/processor.h"

#define CELL_W	18

static enum nvmx_color cell_color(enum cell_class c)
{
	switch (c) {
	case CELL_NO: return COL_NO;
	case CELL_FORCED: case CELL_FIXED1: case CELL_FIXED0: return COL_FORCED;
	case CELL_DEFAULT: return COL_DEFAULT;
	case CELL_YES: case CELL_FREE: return COL_YES;
	case CELL_ABSENT: return COL_DIM;
	default: return COL_RESET;
	}
}

static void print_cells(const struct dec_cell *cells)
{
	int v;

	/* no padding after the last column: no trailing blanks in a pipe */
	for (v = 0; v < NR_SNAP_VIEWS; v++)
		printf(" %s%-*s%s", col(cell_color(cells[v].cls)),
		       v < NR_SNAP_VIEWS - 1 ? CELL_W : 0, cells[v].text,
		       col(COL_RESET));
	putchar('\n');
}

static void row_label(const struct dec_row *r, bool ctls, char *buf,
		      size_t len)
{
	if (r->lo == r->hi)
		snprintf(buf, len, "%s %2d  %s", ctls ? "ctl" : "bit", r->lo,
			 r->desc);
	else
		snprintf(buf, len, "bits %d:%d  %s", r->hi, r->lo, r->desc);
}

static void show_msr(const struct vmx_snapshot *s, enum vmx_msr_id id,
		     int label_w)
{
	struct dec_row rows[DEC_MAX_ROWS];
	unsigned int n = decode_msr(s, id, rows, DEC_MAX_ROWS), i;
	char head[64];
	int v;

	snprintf(head, sizeof(head), "%s (0x%x)", vmx_msr_name(id),
		 vmx_msr(id)->index);
	printf("%s%-*s%s", col(COL_HEAD), label_w, head, col(COL_RESET));
	for (v = 0; v < NR_SNAP_VIEWS; v++) {
		char val[24] = "-";

		if (msrs_has(&s->msrs[v], id))
			snprintf(val, sizeof(val), "0x%016llx",
				 (unsigned long long)s->msrs[v].val[id]);
		printf(" %s%-*s%s", col(COL_HEAD),
		       v < NR_SNAP_VIEWS - 1 ? CELL_W : 0, val, col(COL_RESET));
	}
	putchar('\n');
	for (i = 0; i < n; i++) {
		char label[160];

		row_label(&rows[i], vmx_is_ctls(id), label, sizeof(label));
		printf("  %-*.*s", label_w - 2, label_w - 2, label);
		print_cells(rows[i].cell);
	}
}

static void show_header(const struct vmx_snapshot *s)
{
	char ver[32];
	unsigned int i;

	printf("%ssource:%s %s", col(COL_HEAD), col(COL_RESET), s->origin);
	/* a live capture's origin is already "live": say it once */
	if (*s->environment && strcmp(s->environment, s->origin))
		printf(" (%s)", s->environment);
	putchar('\n');
	if (*s->kernel_release || s->have_kver)
		printf("kernel: %s%s%s%s\n", s->kernel_release,
		       s->have_kver ? " (version " : "",
		       s->have_kver ? kver_str(s->kver, ver, sizeof(ver)) : "",
		       s->have_kver ? ")" : "");
	if (*s->cpu_model)
		printf("cpu: %s\n", s->cpu_model);
	/* which of the model's rules would judge this kernel, and how well */
	if (s->have_kver) {
		enum kver_distro d = KVER_UPSTREAM;
		enum model_fit fit;
		struct kver kv, at;
		char note[300];

		if (kver_parse_release(s->kernel_release, &kv, &d))
			d = KVER_UPSTREAM;
		model_place_kernel(&model_rules_default, s->kver, d, &fit, &at,
				   note, sizeof(note));
		printf("model: %s\n", note);
	}
	if (s->have_params) {
		printf("kvm_intel:");
		for (i = 0; i < s->nr_params; i++)
			printf(" %s=%s", s->params[i].name, s->params[i].value);
		putchar('\n');
	}
	if (s->have_vmx_flags)
		printf("vmx flags: %s\n", s->vmx_flags);
	printf("labels: controls no / forced (must be 1) / default (1 unless TRUE MSRs) / yes; "
	       "CR bits fixed-0 / fixed-1 / free; '-' = not in this view\n\n");
}

static int label_width(const struct vmx_snapshot *s)
{
	struct dec_row rows[DEC_MAX_ROWS];
	int w = 36, id;

	for (id = 0; id < NR_VMX_MSRS; id++) {
		unsigned int n = decode_msr(s, id, rows, DEC_MAX_ROWS), i;

		for (i = 0; i < n; i++) {
			char label[160];
			int l;

			row_label(&rows[i], vmx_is_ctls(id), label, sizeof(label));
			l = (int)strlen(label) + 2;
			if (l > w)
				w = l;
		}
	}
	return w > 64 ? 64 : w;
}

static void show_text(const struct vmx_snapshot *s)
{
	int w = label_width(s), v, id;
	unsigned int i;

	show_header(s);
	printf("%s%-*s", col(COL_HEAD), w, "");
	for (v = 0; v < NR_SNAP_VIEWS; v++)
		printf(" %-*s", v < NR_SNAP_VIEWS - 1 ? CELL_W : 0,
		       snap_view_names[v]);
	printf("%s\n", col(COL_RESET));
	for (id = 0; id < NR_VMX_MSRS; id++) {
		show_msr(s, id, w);
		putchar('\n');
	}
	for (i = 0; i < s->nr_notes; i++)
		printf("note: %s\n", s->notes[i]);
}

/*
 * This host, live: a verdict in one line before 300 rows of "-", and a
 * kselftest skip (exit 4) when no view has a value at all.
 */
static bool nothing_to_show(const struct vmx_snapshot *s)
{
	char reason[300];
	int v, have = 0;

	for (v = 0; v < NR_SNAP_VIEWS; v++)
		have += !msrs_empty(&s->msrs[v]);
	if (!host_cpu_has(X86_FEATURE_VMX)) {
		char vendor[13];

		host_cpu_vendor(vendor);
		snprintf(reason, sizeof(reason),
			 "this CPU has no VMX (%s, CPUID.1:ECX[5] = 0); read a snapshot with nvmx show FILE, or run the suite in an emulated Intel CPU: make run_tests_emulated",
			 vendor);
	} else if (!host_nested_vmx_ready(reason, sizeof(reason))) {
		;	/* the reason says what KVM lacks */
	} else {
		snprintf(reason, sizeof(reason),
			 "VMX with nested KVM%s", msrs_empty(&s->msrs[VIEW_HW]) ?
			 " (the raw MSRs are unreadable: see the notes)" : "");
	}
	if (!have) {
		printf("nvmx show: nothing to show: %s\n", reason);
		return true;
	}
	printf("verdict: %s\n", reason);
	return false;
}

int cmd_show(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "color", required_argument, NULL, 'c' },
		{ "colour", required_argument, NULL, 'c' },
		CAPTURE_LONG_OPTS,
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct capture_opts co = { 0 };
	struct vmx_snapshot *s;
	bool json = false;
	int o, r;

	optind = 1;
	while ((o = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
		switch (o) {
		case 'j':
			json = true;
			break;
		case 'c':
			if (out_set_color(optarg))
				return usage_error("show", "--color takes always, never or auto");
			break;
		case 'h':
			return print_help("show");
		default:
			if (parse_capture_opt("show", o, optarg, &co) <= 0)
				return EXIT_BAD_INPUT;
			break;
		}
	}
	if (argc - optind > 1)
		return usage_error("show", "at most one FILE");

	s = malloc(sizeof(*s));
	if (!s)
		return usage_error("show", "out of memory");
	if (optind < argc) {
		if (load_or_report(s, argv[optind])) {
			free(s);
			return EXIT_BAD_INPUT;
		}
	} else {
		snapshot_capture(s, &co);
		if (nothing_to_show(s)) {
			free(s);
			return KSFT_SKIP;
		}
	}
	if (json) {
		r = show_json(s);
	} else {
		show_text(s);
		r = 0;
	}
	free(s);
	return r;
}
