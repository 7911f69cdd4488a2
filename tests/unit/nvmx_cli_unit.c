// SPDX-License-Identifier: GPL-2.0-only
/*
 * nvmx as users run it: the binary (built with ASan and UBSan, next to
 * this test as ../tools/nvmx-san, or $NVMX_BIN), its output and its exit
 * codes.  check passes every real dump and every captured snapshot, fails
 * naming the bit on an edited dump, and refuses bad input with one line
 * and exit 2; diff lists exactly the bits that differ; predict's output
 * reads back; show names every bit of the one table; report writes both
 * pages.
 */
#include <jansson.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/unit.h"

static char bin[512], tmp[256], skylake[512], yonah[512];
static char *out, *err;		/* of the last run */

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	TEST_ASSERT(f, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc(1, n + 1);
	TEST_ASSERT(buf && fread(buf, 1, n, f) == (size_t)n, "cannot read %s", path);
	fclose(f);
	return buf;
}

static void spit(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	TEST_ASSERT(f && fputs(text, f) >= 0 && !fclose(f), "cannot write %s", path);
}

/* Runs "nvmx ARGS" in a UTF-8 locale; returns its exit code. */
static int run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int run(const char *fmt, ...)
{
	char args[2048], cmd[4096], po[300], pe[300];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	snprintf(po, sizeof(po), "%s/out", tmp);
	snprintf(pe, sizeof(pe), "%s/err", tmp);
	snprintf(cmd, sizeof(cmd), "LC_ALL=C.UTF-8 %s %s >%s 2>%s </dev/null",
		 bin, args, po, pe);
	st = system(cmd);
	free(out);
	free(err);
	out = slurp(po);
	err = slurp(pe);
	TEST_ASSERT(WIFEXITED(st), "'%s' died (signal %d): %s", cmd,
		    WIFSIGNALED(st) ? WTERMSIG(st) : 0, err);
	return WEXITSTATUS(st);
}

static unsigned int lines(const char *s)
{
	unsigned int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void expect(bool ok, const char *name, const char *why)
{
	if (ok) {
		tap_pass("%s", name);
		return;
	}
	tap_fail("%s", name);
	tap_diag("%s", why);
	tap_diag("stdout: %.1500s", out);
	tap_diag("stderr: %.500s", err);
}

/* Replaces the value of MSR index in a dump's text. */
static void edit(char *text, const char *index, const char *value)
{
	char buf[64], *p;

	snprintf(buf, sizeof(buf), "\n%s 0x", index);
	p = strstr(text, buf);
	TEST_ASSERT(p, "no %s in the dump", index);
	TEST_ASSERT(strlen(value) == 18, "value must be 0x + 16 digits");
	memcpy(p + strlen(buf) - 2, value, 18);
}

/* The Skylake dump with one or two values replaced. */
static void edited(const char *path, const char *index, const char *value,
		   const char *index2, const char *value2)
{
	char *text = slurp(skylake);

	edit(text, index, value);
	if (index2)
		edit(text, index2, value2);
	spit(path, text);
	free(text);
}

static void check_dumps(void)
{
	char **paths;
	unsigned int n, i, bad = 0;

	n = unit_list_dumps(&paths);
	for (i = 0; i < n; i++) {
		if (strstr(paths[i], "09_core-i7-6700k"))
			snprintf(skylake, sizeof(skylake), "%s", paths[i]);
		if (strstr(paths[i], "01_core-duo"))
			snprintf(yonah, sizeof(yonah), "%s", paths[i]);
		if (run("check %s", paths[i])) {
			tap_diag("%s: exit %d: %.600s", paths[i], run("check -q %s", paths[i]), out);
			bad++;
		}
		free(paths[i]);
	}
	free(paths);
	if (bad)
		tap_fail("check_passes_every_dump (%u of %u fail)", bad, n);
	else
		tap_pass("check_passes_every_dump (%u dumps)", n);
	TEST_ASSERT(*skylake && *yonah, "the Skylake and Yonah dumps are missing");
}

static void check_snapshots(void)
{
	char cmd[600], path[600];
	unsigned int n = 0, bad = 0;
	FILE *ls;

	snprintf(cmd, sizeof(cmd), "ls %s/snapshots/*.json 2>/dev/null", unit_data_dir());
	ls = popen(cmd, "r");
	TEST_ASSERT(ls, "popen");
	while (fgets(path, sizeof(path), ls)) {
		path[strcspn(path, "\n")] = '\0';
		n++;
		if (run("check -q %s", path)) {
			tap_diag("%s: %.800s%s", path, out, err);
			bad++;
		}
	}
	pclose(ls);
	if (!n)
		tap_skip("no snapshots in data/snapshots yet (the emulated matrix records them)",
			 "check_passes_every_snapshot");
	else if (bad)
		tap_fail("check_passes_every_snapshot (%u of %u fail)", bad, n);
	else
		tap_pass("check_passes_every_snapshot (%u snapshots)", n);
}

static void check_edited(void)
{
	char path[300];
	int r;

	snprintf(path, sizeof(path), "%s/no-secondary.txt", tmp);
	/* PROCBASED_CTLS without "activate secondary controls" (allowed-1 bit 31) */
	edited(path, "0x482", "0x7ff9fffe0401e172", NULL, NULL);
	r = run("check %s", path);
	expect(r == 1 && strstr(out, "FAIL  hardware.IA32_VMX_PROCBASED_CTLS2.needs_activate_secondary_controls") &&
	       strstr(out, "allowed-1 bit 31 (activate secondary controls)"),
	       "check_fails_naming_the_bit.secondary_controls",
	       "wanted exit 1 naming needs_activate_secondary_controls and allowed-1 bit 31");
	r = run("check --tap %s", path);
	expect(r == 1 && strstr(out, "not ok ") &&
	       strstr(out, " hardware.IA32_VMX_PROCBASED_CTLS2.needs_activate_secondary_controls\n"),
	       "check_tap_names_the_rule", "wanted a 'not ok' TAP line");

	snprintf(path, sizeof(path), "%s/basic31.txt", tmp);
	edited(path, "0x480", "0x00da040080000004", NULL, NULL);
	r = run("check -q %s", path);
	expect(r == 1 && strstr(out, "IA32_VMX_BASIC bit 31 (always 0): wanted 0, got 1"),
	       "check_fails_naming_the_bit.basic_bit31",
	       "wanted exit 1 naming IA32_VMX_BASIC bit 31");
}

static void check_malformed(void)
{
	static const struct { const char *name, *text, *msg; } cases[] = {
		{ "empty", "", "empty file" },
		{ "truncated", "0x480 0x00da040000000004\n0x481 0x0000007f", "truncated file?" },
		{ "garbled", "0x480 0x00da040000000004\nthis is not a dump\n", ":2: MSR index 'this'" },
		{ "out_of_range", "0x480 0x100da040000000004\n", ":1: value '0x100da040000000004' of MSR 0x480 is out of range" },
		{ "duplicate", "0x480 0x1\n0x481 0x2\n0x480 0x3\n", ":3: duplicate entry for 0x480 (IA32_VMX_BASIC), first on line 1" },
		{ "binary", "\x01\x02\x03\x04", "binary data" },
		{ "json_wrong_type", "{\"schema\": \"nvmx-snapshot\", \"schema_version\": 1, \"msrs\": {\"system\": {\"IA32_VMX_MISC\": 5}}}\n",
		  ": $.msrs.system.IA32_VMX_MISC: expected a hex string" },
		{ "json_truncated", "{\"schema\": \"nvmx-snapshot\", \"schema_version\": 1, \"msrs\": {\"sys", "invalid JSON" },
		{ "json_schema_version", "{\"schema\": \"nvmx-snapshot\", \"schema_version\": 2, \"msrs\": {}}", ": $.schema_version: version 2 is not supported" },
	};
	static const char *const cmds[] = { "check", "diff %s", "show", "predict --kernel 6.12" };
	unsigned int i, c;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		char path[300], name[80];
		bool ok = true;

		snprintf(path, sizeof(path), "%s/%s.bad", tmp, cases[i].name);
		spit(path, cases[i].text);
		for (c = 0; c < ARRAY_SIZE(cmds) && ok; c++) {
			char sub[400];
			int r;

			snprintf(sub, sizeof(sub), cmds[c], skylake);
			r = run("%s %s", sub, path);
			ok = r == 2 && lines(err) == 1 && !strncmp(err, path, strlen(path)) &&
			     strstr(err, cases[i].msg) && !*out;
			if (!ok)
				tap_diag("nvmx %s: exit %d", sub, r);
		}
		snprintf(name, sizeof(name), "bad_input_exits_2.%s", cases[i].name);
		expect(ok, name, cases[i].msg);
	}
	expect(run("check %s/no-such-file", tmp) == 2 && lines(err) == 1 &&
	       strstr(err, "cannot open"), "bad_input_exits_2.missing_file", "cannot open");
	expect(run("frobnicate") == 2, "unknown_command_exits_2", "");
}

/* Lines of out that report an MSR difference. */
static unsigned int msr_lines(void)
{
	unsigned int n = 0;
	const char *p = out;

	while ((p = strstr(p, "\n  IA32_VMX_"))) {
		n++;
		p++;
	}
	return n;
}

static void diff(void)
{
	char a[300], b[300];
	int r;

	snprintf(a, sizeof(a), "%s/diff-none.txt", tmp);
	snprintf(b, sizeof(b), "%s/diff-both.txt", tmp);
	/* BASIC bit 56 set; PROCBASED_CTLS2 allowed-1 bit 18 cleared */
	edited(b, "0x480", "0x01da040000000004", "0x48b", "0x001bfcff00000000");
	spit(a, "# view: system\n0x480 0x00da040000000004\n");
	r = run("diff %s %s", skylake, b);
	expect(r == 1 && msr_lines() == 2 &&
	       strstr(out, "  IA32_VMX_BASIC bit 56 (no error code required on hardware-exception injection): 0 \u2192 1\n") &&
	       strstr(out, "  IA32_VMX_PROCBASED_CTLS2 allowed-1 bit 18 (EPT-violation #VE): 1 \u2192 0\n"),
	       "diff_lists_exactly_the_differing_bits",
	       "wanted exit 1 and exactly BASIC bit 56 and CTLS2 allowed-1 bit 18");
	r = run("diff %s %s", skylake, skylake);
	expect(r == 0 && msr_lines() == 0 && strstr(out, "no differences"),
	       "diff_identical_exits_0", "wanted exit 0");
	r = run("diff %s %s", skylake, a);
	expect(r == 2 && lines(err) == 1 && strstr(err, "share no view"),
	       "diff_without_a_common_view_exits_2", "");
	r = run("diff --views hw:sys %s %s", skylake, a);
	expect(r == 1 && msr_lines() == 17 && strstr(out, "IA32_VMX_VMFUNC: 0x0000000000000001 \u2192 absent"),
	       "diff_views_compares_two_views", "wanted 17 MSRs absent from the system view");
	r = run("diff --json %s %s", skylake, b);
	{
		json_t *j = json_loads(out, 0, NULL);

		expect(r == 1 && j && json_array_size(json_object_get(j, "differences")) == 2,
		       "diff_json_has_the_same_items", "wanted 2 items in $.differences");
		json_decref(j);
	}
}

static void predict(void)
{
	static struct vmx_snapshot s;
	char p1[300], p2[300], e[600];
	int r;

	snprintf(p1, sizeof(p1), "%s/pred-6.12.txt", tmp);
	r = run("predict --kernel 6.12 %s", skylake);
	spit(p1, out);
	expect(r == 0 && strstr(out, "# kvm_intel: would load\n") &&
	       strstr(out, "# modelled version: 6.12") && strstr(out, "# view: system\n"),
	       "predict_says_it_loads_and_which_version", "headers");
	expect(!snapshot_load(&s, p1, e, sizeof(e)) &&
	       s.msrs[VIEW_SYS].present == KVM_VMX_MSRS && msrs_empty(&s.msrs[VIEW_HW]),
	       "predict_output_reads_back_as_the_system_view", e);
	expect(run("check %s", p1) == 0, "predict_output_passes_check", "");
	snprintf(p2, sizeof(p2), "%s/pred-6.12-again.txt", tmp);
	run("predict --kernel 6.12.57 %s", skylake);
	spit(p2, out);
	expect(run("diff %s %s", p1, p2) == 0, "predict_is_repeatable_and_diffable", "");
	r = run("predict --kernel 6.12 --param ept=0 %s", skylake);
	expect(r == 0 && strstr(out, "# param: ept=") && !strstr(out, "# param: ept=Y"),
	       "predict_takes_params", "wanted ept other than Y");
	r = run("predict --kernel 6.12 %s", yonah);
	expect(r == 0 && strstr(out, "# kvm_intel: would refuse to load: "),
	       "predict_says_when_kvm_intel_refuses", "");
	expect(run("predict --kernel 6.x %s", skylake) == 2 && lines(err) == 1 &&
	       strstr(err, "--kernel '6.x'"), "predict_bad_kernel_exits_2", "");
	expect(run("predict --kernel 6.12 --param ept %s", skylake) == 2 &&
	       strstr(err, "--param 'ept': expected NAME=VALUE"), "predict_bad_param_exits_2", "");
	expect(run("predict --kernel 6.12 --param 'ept=0 1' %s", skylake) == 2,
	       "predict_param_with_space_exits_2", "");
	expect(run("predict --kernel 6.12 %s", p1) == 2 && strstr(err, "no hardware view"),
	       "predict_needs_raw_values", "");
}

static void show(void)
{
	unsigned int id, i, missing = 0;
	int r = run("show %s", skylake);
	json_t *j;

	for (id = 0; id < NR_VMX_MSRS; id++) {
		const struct vmx_msr_info *m = vmx_msr(id);

		if (!strstr(out, m->name)) {
			tap_diag("no %s", m->name);
			missing++;
		}
		for (i = 0; i < m->nr_fields; i++) {
			if (!strncmp(m->fields[i].id, "reserved", 8) ||
			    !strcmp(m->fields[i].id, "zero"))
				continue;
			if (!strstr(out, m->fields[i].desc)) {
				tap_diag("%s: no '%s'", m->name, m->fields[i].desc);
				missing++;
			}
		}
	}
	expect(r == 0 && !missing && strstr(out, "hardware") && strstr(out, "system") &&
	       strstr(out, "vcpu"), "show_names_every_msr_and_bit_of_the_table", "");
	expect(!strchr(out, '\033'), "show_plain_to_a_pipe", "escape sequence in piped output");
	run("show --color=always %s", skylake);
	expect(strstr(out, "\033[") != NULL, "show_color_always", "");
	r = run("show --json %s", skylake);
	j = json_loads(out, 0, NULL);
	expect(r == 0 && j && json_array_size(json_object_get(j, "msrs")) == NR_VMX_MSRS,
	       "show_json_has_every_msr", "");
	json_decref(j);
	r = run("show %s", skylake);
	expect(strstr(out, "CR3-load exiting") && strstr(out, "default") &&
	       strstr(out, "forced"), "show_labels_like_vmxcap", "");

	/* a modern dump that lists 0x492 and 0x493, with a long header */
	{
		char path[300], cmd[1200], *t, *d;

		/* the dump without its own cpu header */
		snprintf(path, sizeof(path), "%s/nocpu.txt", tmp);
		snprintf(cmd, sizeof(cmd),
			 "grep -v '^# cpu:' %s/cpus/30_sapphirerapids_05-00806f8_baremetal.txt >%s",
			 unit_data_dir(), path);
		TEST_ASSERT(!system(cmd), "%s", cmd);
		t = slurp(path);
		d = malloc(strlen(t) + 400);
		TEST_ASSERT(d, "out of memory");
		sprintf(d, "# cpu: a header line far longer than the one hundred and twenty-seven bytes that the snapshot keeps of the CPU's model name text\n%s0x492 0x0000000000000090\n0x493 0x000000000000000c\n",
			t);
		snprintf(path, sizeof(path), "%s/modern.txt", tmp);
		spit(path, d);
		free(t);
		free(d);
		r = run("show %s", path);
		expect(r == 0 && strstr(out, "IA32_VMX_PROCBASED_CTLS3 (0x492)") &&
		       strstr(out, "IA32_VMX_EXIT_CTLS2 (0x493)") &&
		       strstr(out, "virtualize IA32_SPEC_CTRL") &&
		       strstr(out, "prematurely busy shadow stack"),
		       "show_decodes_0x492_and_0x493", out);
		r = run("check %s", path);
		expect(r == 0, "check_reads_0x492_0x493_and_a_long_header", out);
		/* on a CPU without the activating controls they cannot exist */
		snprintf(cmd, sizeof(cmd), "sed -i 's/^0x482 .*/0x482 0xfff9fffe0401e172/' %s",
			 path);
		TEST_ASSERT(!system(cmd), "%s", cmd);
		r = run("check %s", path);
		expect(r == 1 && strstr(out, "IA32_VMX_PROCBASED_CTLS3.exists_only_with_its_control") &&
		       strstr(out, "allowed-1 bit 17 (activate tertiary controls): wanted 1, got 0"),
		       "ctls3_without_tertiary_activation_fails", out);
	}

	/*
	 * This host, whatever it has: a verdict first; every MSR row when a
	 * view has values, else one line and kselftest's skip (exit 4).
	 */
	r = run("show --no-vcpu");
	for (id = 0, missing = 0; id < NR_VMX_MSRS; id++)
		missing += !strstr(out, vmx_msr_name(id));
	if (r == 4)
		expect(!strncmp(out, "nvmx show: nothing to show: ", 28) &&
		       strchr(out, '\n') == out + strlen(out) - 1 &&
		       !strstr(out, "modprobe msr"),
		       "show_live_nothing_to_show_is_one_line_and_a_skip", out);
	else
		expect(r == 0 && !missing && !strncmp(out, "verdict: ", 9) &&
		       strstr(out, "hardware"), "show_live_prints_every_msr", "");
}

/*
 * A snapshot for the report, in tmp/dir: the Skylake values as KVM's,
 * edited; hw56 sets bit 56 in the hardware's value as well (another host).
 */
static void report_snapshot_in(const char *dir, const char *name,
			       const char *kernel, bool bit56, bool hw56)
{
	static struct vmx_snapshot s;
	char path[400], e[300];

	TEST_ASSERT(!snapshot_load(&s, skylake, e, sizeof(e)), "%s", e);
	s.msrs[VIEW_SYS] = s.msrs[VIEW_HW];
	if (bit56)
		s.msrs[VIEW_SYS].val[VMX_BASIC] |= BIT_ULL(56);
	if (hw56)
		s.msrs[VIEW_HW].val[VMX_BASIC] |= BIT_ULL(56);
	snprintf(s.kernel_release, sizeof(s.kernel_release), "%s", kernel);
	TEST_ASSERT(!snap_parse_kver(kernel, true, &s.kver), "version");
	s.have_kver = true;
	snprintf(path, sizeof(path), "%s/%s/%s", tmp, dir, name);
	TEST_ASSERT(!snapshot_write_json(&s, path), "write %s", path);
}

static void report_snapshot(const char *name, const char *kernel, bool bit56)
{
	report_snapshot_in("snaps", name, kernel, bit56, false);
}

static void report(void)
{
	char cmd[600], md[300], html[300];
	char *m, *h;
	int r;

	snprintf(cmd, sizeof(cmd), "mkdir -p %s/snaps %s/empty", tmp, tmp);
	TEST_ASSERT(!system(cmd), "mkdir");
	report_snapshot("6.1-skylake-default.json", "6.1.0-99-amd64", false);
	report_snapshot("7.2-skylake-default.json", "7.2.1+deb14-amd64", true);
	report_snapshot("7.2-skylake-ept=0.json", "7.2.1+deb14-amd64", false);
	snprintf(md, sizeof(md), "%s/r.md", tmp);
	snprintf(html, sizeof(html), "%s/r.html", tmp);
	r = run("report -o %s --html %s %s/snaps", md, html, tmp);
	m = slurp(md);
	h = slurp(html);
	expect(r == 0 && strstr(m, "| BASIC | bit 56 | no error code required on hardware-exception injection | no | no | yes |") &&
	       strstr(m, "IA32\\_VMX\\_BASIC bit 56 (no error code required on hardware-exception injection): 0 \u2192 1") &&
	       strstr(m, "##### ept=0 on 7.2"),
	       "report_markdown_shows_the_differing_bit", m);
	expect(strstr(h, "<!DOCTYPE html>") && strstr(h, "no error code required on hardware-exception injection") &&
	       strstr(h, "ept=0 on 7.2") && !strstr(h, "http"),
	       "report_html_has_the_same_content_and_no_external_assets", "");
	expect(!strstr(m, "host: the hardware's own value"),
	       "report_same_host_names_no_host_change", m);
	free(m);
	free(h);
	expect(run("report %s/empty", tmp) == 2 && strstr(err, "no snapshot"),
	       "report_without_snapshots_exits_2", "");

	/*
	 * The same change, but the host's own BASIC differs too (captured
	 * under another Bochs): the timeline must not pin it on the kernel.
	 */
	snprintf(cmd, sizeof(cmd), "mkdir -p %s/host", tmp);
	TEST_ASSERT(!system(cmd), "mkdir");
	report_snapshot_in("host", "6.1-skylake-default.json", "6.1.0-99-amd64", false, false);
	report_snapshot_in("host", "7.2-skylake-default.json", "7.2.1+deb14-amd64", true, true);
	r = run("report %s/host", tmp);
	expect(r == 0 && strstr(out, "0 \u2192 1 on skylake\n  - snapshots: 0 on 6.1, 1 on 7.2") &&
	       strstr(out, "  - host: the hardware's own value of this MSR differs between the two snapshots"),
	       "report_names_a_change_of_the_host_between_snapshots", out);
}

/*
 * A timeline snapshot: the Skylake dump with BASIC bit 56 in the
 * hardware, and KVM's values the hardware's, with bit 56 as given and,
 * for a parameter set's own change, bit 54 cleared.
 */
static void timeline_snapshot(const char *name, const char *kernel, bool bit56,
			      bool no54)
{
	static struct vmx_snapshot s;
	char path[400], e[300];

	TEST_ASSERT(!snapshot_load(&s, skylake, e, sizeof(e)), "%s", e);
	s.msrs[VIEW_HW].val[VMX_BASIC] |= BIT_ULL(56);
	s.msrs[VIEW_SYS] = s.msrs[VIEW_HW];
	if (!bit56)
		s.msrs[VIEW_SYS].val[VMX_BASIC] &= ~BIT_ULL(56);
	if (no54)
		s.msrs[VIEW_SYS].val[VMX_BASIC] &= ~BIT_ULL(54);
	snprintf(s.kernel_release, sizeof(s.kernel_release), "%s", kernel);
	TEST_ASSERT(!snap_parse_kver(kernel, true, &s.kver), "version");
	s.have_kver = true;
	snprintf(path, sizeof(path), "%s/tl/%s", tmp, name);
	TEST_ASSERT(!snapshot_write_json(&s, path), "write %s", path);
}

/*
 * The timeline (issue "Every kernel a user runs"): eight series, more than
 * the seven columns a table once had, all shown and in version order, the
 * release candidate (named only by the lock) before its release; bit 56
 * first in 7.2, with 6.18 to 7.1 not captured, which the model dates to
 * 6.18 with its rule; a parameter set's change of its own listed apart.
 */
static void report_timeline(void)
{
	static const char *const series[] = { "5.10", "6.1", "6.12", "6.16", "6.17", "7.2" };
	char cmd[600], md[300], html[300], lock[300], name[80], rel[80];
	char *m, *h;
	unsigned int i;
	int r;

	snprintf(cmd, sizeof(cmd), "mkdir -p %s/tl", tmp);
	TEST_ASSERT(!system(cmd), "mkdir");
	for (i = 0; i < ARRAY_SIZE(series); i++) {
		snprintf(name, sizeof(name), "%s-skylake-default.json", series[i]);
		snprintf(rel, sizeof(rel), "%s.0-1-amd64", series[i]);
		timeline_snapshot(name, rel, !strcmp(series[i], "7.2"), false);
	}
	timeline_snapshot("experimental-skylake-default.json", "7.3-amd64", true, false);
	timeline_snapshot("7.3-skylake-default.json", "7.3.4+deb13-amd64", true, false);
	timeline_snapshot("6.12-skylake-ept=0.json", "6.12.0-1-amd64", false, false);
	timeline_snapshot("7.2-skylake-ept=0.json", "7.2.0-1-amd64", true, true);
	snprintf(lock, sizeof(lock), "%s/kernels.lock", tmp);
	spit(lock, "# series package version\n"
	     "7.3          linux-binary-7.3.4+deb13-amd64   7.3.4-1~bpo13+1\n"
	     "experimental linux-binary-7.3-amd64          7.3~rc7-1~exp1\n"
	     "experimental linux-modules-7.3-amd64         7.3~rc7-1~exp1\n");
	snprintf(md, sizeof(md), "%s/tl.md", tmp);
	snprintf(html, sizeof(html), "%s/tl.html", tmp);
	r = run("report -o %s --html %s --kernels-lock %s %s/tl", md, html, lock, tmp);
	m = slurp(md);
	h = slurp(html);
	expect(r == 0 && !strstr(m, "not shown") &&
	       strstr(m, "| MSR | bit | meaning | hardware | 5.10 | 6.1 | 6.12 | 6.16 | 6.17 | 7.2 | 7.3-rc7 (experimental) | 7.3 (7.3.4) |") &&
	       strstr(m, "| 7.3-rc7 (experimental) | 7.3-amd64 | 7.3 | linux-binary-7.3-amd64 7.3~rc7-1~exp1 |"),
	       "report_shows_every_series_in_version_order_rc_before_release", m);
	expect(strstr(m, "## Timeline") < strstr(m, "### 7.2\n") &&
	       strstr(m, "\n- IA32\\_VMX\\_BASIC bit 56 (no error code required on hardware-exception injection): 0 \u2192 1 on skylake\n"
			 "  - snapshots: 0 on 6.17, 1 on 7.2; 6.18 to 7.1 were not captured: the change came in one release from 6.18 to 7.2\n"
			 "  - model: its rules date it to 6.18 (unchecked: no snapshot of 6.18 to 7.1)\n"
			 "  - rule in 7.2: copied from the hardware's IA32\\_VMX\\_BASIC (6.18+)\n") &&
	       strstr(m, "No CPU model reports anything new in 6.1, 6.12, 6.16, 6.17, 7.3-rc7, 7.3 ") &&
	       strstr(m, "Changes the default parameters do not show:\n\n"
			 "- skylake with ept=0: IA32\\_VMX\\_BASIC bit 54 (INS/OUTS exit information): 1 \u2192 0, after 6.12 and by 7.2\n") &&
	       strstr(m, ": 2 changes, 1 of them a change of the timeline above"),
	       "report_timeline_pins_the_change_dates_it_and_names_its_rule", m);
	expect(strstr(h, "on skylake<ul>\n<li>snapshots: 0 on 6.17, 1 on 7.2; 6.18 to 7.1 were not captured") &&
	       strstr(h, "<li>model: its rules date it to 6.18 (unchecked: no snapshot of 6.18 to 7.1)</li>") &&
	       strstr(h, "<th>7.3-rc7 (experimental)</th><th>7.3 (7.3.4)</th>"),
	       "report_timeline_html_has_the_same_nested_lists", "");
	free(m);
	free(h);

	/* without the lock the snapshot's own version orders it: 7.3 before 7.3.4 */
	r = run("report %s/tl", tmp);
	expect(r == 0 && strstr(out, "| 7.2 | experimental (Linux 7.3) | 7.3 (7.3.4) |"),
	       "report_without_lock_orders_experimental_by_its_version", out);
	expect(run("report --kernels-lock %s/none.lock %s/tl", tmp, tmp) == 2 &&
	       strstr(err, "none.lock: cannot open"),
	       "report_with_a_missing_lock_exits_2", err);
}

static void capture(void)
{
	static struct vmx_snapshot s;
	char path[300], e[600];
	int r;

	snprintf(path, sizeof(path), "%s/live.json", tmp);
	r = run("capture --no-vcpu -o %s", path);
	expect(r == 0 && !snapshot_load(&s, path, e, sizeof(e)) &&
	       s.have_kver && *s.tool_version,
	       "capture_writes_a_snapshot_that_reads_back", e);
	r = run("capture");
	expect(r == 2 && strstr(err, "needs -o"), "capture_without_output_exits_2", "");
}

/* "nvmx ARGS" with stdout sent to the file or device given; exit code. */
static int run_to(const char *dest, const char *args)
{
	char cmd[4096], pe[300];
	int st;

	snprintf(pe, sizeof(pe), "%s/err", tmp);
	snprintf(cmd, sizeof(cmd), "LC_ALL=C.UTF-8 %s %s >%s 2>%s </dev/null",
		 bin, args, dest, pe);
	st = system(cmd);
	free(err);
	err = slurp(pe);
	TEST_ASSERT(WIFEXITED(st), "'%s' died", cmd);
	return WEXITSTATUS(st);
}

/* What a new user hit (issue 13): each fails on the old behaviour. */
static void new_user_defects(void)
{
	static const char *const cmds[] = { "show", "check", "predict", "diff",
					    "report" };
	char args[1200], path[300];
	unsigned int i, lost = 0;
	int r;

	/* output that never arrived is no success, in every subcommand */
	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		if (!strcmp(cmds[i], "predict"))
			snprintf(args, sizeof(args), "predict --kernel 6.12 %s", skylake);
		else if (!strcmp(cmds[i], "diff"))
			snprintf(args, sizeof(args), "diff %s %s", skylake, yonah);
		else if (!strcmp(cmds[i], "report"))
			snprintf(args, sizeof(args), "report %s/snapshots",
				 unit_data_dir());
		else
			snprintf(args, sizeof(args), "%s %s", cmds[i], skylake);
		r = run_to("/dev/full", args);
		if (r != 2 || !strstr(err, "cannot write")) {
			tap_diag("%s >/dev/full: exit %d, '%s'", args, r, err);
			lost++;
		}
	}
	r = run_to("/dev/full", "--version");
	lost += r != 2;
	expect(!lost, "lost_output_is_an_error_in_every_subcommand", "");

	/* the error a failed write really had */
	r = run("capture -o /nonexistent/dir/x.json --no-vcpu --no-raw");
	expect(r == 2 && strstr(err, "No such file or directory"),
	       "capture_names_the_real_write_error", err);

	r = run("predict --kernel 6.12 --kernel 7.2 %s", skylake);
	expect(r == 2 && strstr(err, "given twice"), "kernel_given_twice_refused", err);
	r = run("predict --kernel 6.12abc %s", skylake);
	expect(r == 2 && strstr(err, "--kernel"), "kernel_trailing_junk_refused", err);
	r = run("predict --kernel v6.12 %s", skylake);
	expect(r == 0, "kernel_v_prefix_accepted", err);
	r = run("predict --kernel 6.8.0-49-generic %s", skylake);
	expect(r == 0 && strstr(out, "6.8"), "kernel_distribution_release_accepted", err);

	/* the same bad parameter, the same error, in every subcommand */
	snprintf(path, sizeof(path), "%s/maybe.json", tmp);
	{
		char cmd[1200];

		snprintf(cmd, sizeof(cmd),
			 "sed 's/\"ept\": \"Y\"/\"ept\": \"maybe\"/' %s/snapshots/6.12-corei7_haswell_4770-default.json >%s",
			 unit_data_dir(), path);
		TEST_ASSERT(!system(cmd), "%s", cmd);
	}
	for (i = 0, lost = 0; i < ARRAY_SIZE(cmds); i++) {
		if (!strcmp(cmds[i], "predict"))
			r = run("predict --kernel 6.12 %s", path);
		else if (!strcmp(cmds[i], "diff"))
			r = run("diff %s %s", path, path);
		else
			r = run("%s %s", cmds[i], path);
		if (r != 2 || !strstr(err, "$.kvm.params.ept: kvm_intel parameter ept='maybe' is not a boolean")) {
			tap_diag("%s: exit %d, %s", cmds[i], r, err);
			lost++;
		}
	}
	expect(!lost, "bad_parameter_value_same_error_everywhere", "");
	snprintf(path, sizeof(path), "%s/bogus.txt", tmp);
	{
		char *text = slurp(skylake), *t = malloc(strlen(text) + 32);

		TEST_ASSERT(t, "out of memory");
		sprintf(t, "# param: bogus=1\n%s", text);
		spit(path, t);
		free(text);
		free(t);
	}
	r = run("check %s", path);
	expect(r == 2 && strstr(err, ":1: unknown kvm_intel parameter 'bogus'"),
	       "dump_with_unknown_parameter_refused", err);
	r = run("predict --kernel 6.12 --param bogus=1 %s", skylake);
	expect(r == 2 && strstr(err, "--param bogus=1:") && !strstr(err, skylake),
	       "bad_param_option_blames_the_option", err);
	r = run("predict --kernel 6.12 --param pt_mode=99999999999999999999 %s", skylake);
	expect(r == 2 && strstr(err, "not an int"), "param_overflow_refused_not_clamped", err);

	r = run("diff - -");
	expect(r == 2 && strstr(err, "at most one file may be -"),
	       "diff_reads_stdin_once", err);
	r = run("show --cpu 9999");
	expect(r == 2 && strstr(err, "no CPU 9999"),
	       "show_cpu_that_does_not_exist_refused", err);
	r = run("check --no-such-option %s", skylake);
	expect(r == 2 && !strncmp(err, "nvmx check: ", 12),
	       "getopt_errors_name_nvmx_and_the_command", err);

	/* each subcommand's help is the same whole text, two ways */
	for (i = 0, lost = 0; i < ARRAY_SIZE(cmds); i++) {
		char help1[4096];

		snprintf(args, sizeof(args), "%s --help", cmds[i]);
		r = run("%s", args);
		snprintf(help1, sizeof(help1), "%s", out);
		if (r || lines(out) < 5 || strncmp(out, "usage: nvmx ", 12))
			lost++;
		r = run("help %s", cmds[i]);
		if (r || strcmp(help1, out))
			lost++;
	}
	expect(!lost, "subcommand_help_is_whole_and_the_same_both_ways", "");
	r = run("help nosuch");
	expect(r == 2 && strstr(err, "no command"), "help_of_an_unknown_command_refused", err);

	/* what real editors and pipes produce */
	snprintf(path, sizeof(path), "%s/bom.txt", tmp);
	{
		char *text = slurp(skylake), *bom = malloc(strlen(text) + 4);

		TEST_ASSERT(bom, "out of memory");
		memcpy(bom, "\xef\xbb\xbf", 3);
		strcpy(bom + 3, text);
		spit(path, bom);
		free(text);
		free(bom);
	}
	r = run("check %s", path);
	expect(r == 0, "utf8_byte_order_mark_accepted", err);
	snprintf(path, sizeof(path), "%s/null.json", tmp);
	spit(path, "null\n");
	r = run("check %s", path);
	expect(r == 2 && strstr(err, "expected an object, got null"),
	       "json_null_named_as_such", err);
	snprintf(path, sizeof(path), "%s/fifo", tmp);
	TEST_ASSERT(!mkfifo(path, 0600), "mkfifo");
	/* a FIFO without a writer used to block forever: refused at once */
	snprintf(args, sizeof(args), "check %s", path);
	r = run("%s", args);
	expect(r == 2 && strstr(err, "FIFO"), "fifo_refused_without_waiting", err);
}

int main(int argc, char **argv)
{
	char self[512], cmd[600];

	(void)argc;
	tap_init();
	snprintf(self, sizeof(self), "%s", argv[0]);
	if (getenv("NVMX_BIN"))
		snprintf(bin, sizeof(bin), "%s", getenv("NVMX_BIN"));
	else
		snprintf(bin, sizeof(bin), "%s/../tools/nvmx-san", dirname(self));
	if (access(bin, X_OK))
		tap_skip_all("no nvmx binary at %s (make build/tools/nvmx-san)", bin);
	snprintf(tmp, sizeof(tmp), "%s/nvmx-cli-XXXXXX", getenv("TMPDIR") ?: "/tmp");
	TEST_ASSERT(mkdtemp(tmp), "mkdtemp");

	check_dumps();
	check_snapshots();
	check_edited();
	check_malformed();
	diff();
	predict();
	show();
	report();
	report_timeline();
	capture();
	new_user_defects();

	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmp);
	if (system(cmd))
		tap_diag("could not remove %s", tmp);
	free(out);
	free(err);
	tap_finish();
}
