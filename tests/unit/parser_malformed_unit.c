// SPDX-License-Identifier: GPL-2.0-only
/*
 * The snapshot readers on bad input: each case is refused with one line
 * that names the file, the line or JSON path, and the problem, and leaves
 * nothing half-read behind.  And on good input: every dump of data/cpus
 * reads, and a snapshot survives the JSON writer and reader unchanged.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/unit.h"

#define GOOD	"0x480 0x00da040000000004\n0x481 0x0000007f00000016\n"

struct bad {
	const char *name;
	const char *text;
	size_t len;		/* 0: strlen(text) */
	const char *where;	/* "f:3:" or "f: $.msrs.hardware" */
	const char *what;
};

static const struct bad bad[] = {
	{ "empty_file", "", 0, "f: ", "empty file" },
	{ "only_blanks", " \n\t\n", 0, "f: ", "empty file" },
	{ "binary_data", "\x7f" "ELF\x02\x01\x01\0\0\0", 10, "f: ",
	  "binary data (byte 0x7f at offset 0)" },
	{ "nul_byte", GOOD "0x482\0 0x1\n", sizeof(GOOD "0x482\0 0x1\n") - 1,
	  "f: ", "binary data (byte 0x00 at offset" },
	{ "not_utf8", "# cpu: \xff\xfe\n" GOOD, 0, "f: ",
	  "not UTF-8 text (byte 0xff at offset 7)" },
	{ "escape_sequence", "# cpu: \x1b[31mred\n" GOOD, 0, "f: ",
	  "binary data (byte 0x1b at offset 7)" },
	{ "truncated_plain", GOOD "0x482 0xfff9fff", 0, "f:3:",
	  "the last line has no newline: truncated file?" },
	{ "garbled_line", GOOD "hello world\n", 0, "f:3:",
	  "MSR index 'hello' is not a hex number like 0x480" },
	{ "one_token", GOOD "0x482\n", 0, "f:3:",
	  "expected '0xINDEX 0xVALUE', got '0x482'" },
	{ "trailing_text", GOOD "0x482 0x1 0x2\n", 0, "f:3:",
	  "trailing text '0x2' after the value" },
	{ "value_out_of_range", "0x480 0x1000000000000000000\n", 0, "f:1:",
	  "value '0x1000000000000000000' of MSR 0x480 is out of range (more than 64 bits)" },
	{ "value_not_hex", "0x480 0x12g4\n", 0, "f:1:",
	  "value '0x12g4' of MSR 0x480 is not a hex number" },
	{ "value_decimal", "0x480 1234\n", 0, "f:1:", "is not a hex number" },
	{ "duplicate_entry", GOOD "0x480 0x1\n", 0, "f:3:",
	  "duplicate entry for 0x480 (IA32_VMX_BASIC), first on line 1" },
	{ "no_msr_lines", "# cpu: x\n# kernel: 6.1\n", 0, "f: ",
	  "no MSR lines" },
	{ "bad_kernel_header", "# kernel: six\n" GOOD, 0, "f:1:",
	  "kernel 'six' is not a release" },
	{ "duplicate_header", "# kernel: 6.1\n# kernel: 6.12\n" GOOD, 0, "f:2:",
	  "duplicate header 'kernel', first on line 1" },
	{ "bad_view", "# view: guest\n" GOOD, 0, "f:1:", "unknown view 'guest'" },
	{ "bad_signature", "# signature: 0x1000000000\n" GOOD, 0, "f:1:",
	  "signature '0x1000000000' is not a 32-bit hex value" },
	{ "bad_param", "# param: ept\n" GOOD, 0, "f:1:", "param 'ept' is not NAME=VALUE" },
	{ "line_too_long", NULL, 0, "f:1:", "line longer than 1023 bytes" },

	{ "json_truncated", "{\"schema\": \"nvmx-snapshot\", \"schema_ver", 0,
	  "f:1:", "invalid JSON" },
	{ "json_garbled", "{\"schema\" \"nvmx-snapshot\"}", 0, "f:1:",
	  "invalid JSON" },
	{ "json_not_object", "[1, 2]", 0, "f: $:", "expected an object, got an array" },
	{ "json_wrong_schema", "{\"schema\": \"other\", \"schema_version\": 1, \"msrs\": {}}",
	  0, "f: $.schema:", "\"other\" is not \"nvmx-snapshot\"" },
	{ "json_bad_schema_version", "{\"schema\": \"nvmx-snapshot\", \"schema_version\": 99, \"msrs\": {}}",
	  0, "f: $.schema_version:", "version 99 is not supported (this tool reads 1 to 1)" },
	{ "json_schema_version_string", "{\"schema\": \"nvmx-snapshot\", \"schema_version\": \"1\", \"msrs\": {}}",
	  0, "f: $.schema_version:", "expected an integer, got a string" },
	{ "json_missing_msrs", "{\"schema\": \"nvmx-snapshot\", \"schema_version\": 1}",
	  0, "f: $.msrs:", "missing" },
	{ "json_msrs_array", "{\"schema\": \"nvmx-snapshot\", \"schema_version\": 1, \"msrs\": []}",
	  0, "f: $.msrs:", "expected an object, got an array" },
	{ "json_value_number", "{\"schema\": \"nvmx-snapshot\", \"schema_version\": 1, \"msrs\": {\"hardware\": {\"IA32_VMX_BASIC\": 1234}}}",
	  0, "f: $.msrs.hardware.IA32_VMX_BASIC:",
	  "expected a hex string like \"0x1f\", got an integer" },
	{ "json_value_out_of_range", "{\"schema\": \"nvmx-snapshot\", \"schema_version\": 1, \"msrs\": {\"hardware\": {\"IA32_VMX_BASIC\": \"0x10000000000000000\"}}}",
	  0, "f: $.msrs.hardware.IA32_VMX_BASIC:", "out of range (more than 64 bits)" },
	{ "json_unknown_msr", "{\"schema\": \"nvmx-snapshot\", \"schema_version\": 1, \"msrs\": {\"hardware\": {\"IA32_FEATURE_CONTROL\": \"0x5\"}}}",
	  0, "f: $.msrs.hardware.IA32_FEATURE_CONTROL:", "unknown MSR" },
	{ "json_duplicate_msr", "{\"schema\": \"nvmx-snapshot\", \"schema_version\": 1, \"msrs\": {\"hardware\": {\"IA32_VMX_BASIC\": \"0x1\", \"0x480\": \"0x1\"}}}",
	  0, "f: $.msrs.hardware.0x480:", "duplicate entry for IA32_VMX_BASIC" },
	{ "json_duplicate_key", "{\"schema\": \"nvmx-snapshot\", \"schema_version\": 1, \"msrs\": {\"hardware\": {\"IA32_VMX_BASIC\": \"0x1\", \"IA32_VMX_BASIC\": \"0x2\"}}}",
	  0, "f:1:", "duplicate object key" },
	{ "json_unknown_view", "{\"schema\": \"nvmx-snapshot\", \"schema_version\": 1, \"msrs\": {\"guest\": {}}}",
	  0, "f: $.msrs.guest:", "unknown view" },
	{ "json_unknown_key", "{\"schema\": \"nvmx-snapshot\", \"schema_version\": 1, \"msrs\": {}, \"kvm_suported\": 1}",
	  0, "f: $.kvm_suported:", "unknown key" },
	{ "json_kernel_string", "{\"schema\": \"nvmx-snapshot\", \"schema_version\": 1, \"msrs\": {}, \"kernel\": \"6.1\"}",
	  0, "f: $.kernel:", "expected an object, got a string" },
	{ "json_bad_version", "{\"schema\": \"nvmx-snapshot\", \"schema_version\": 1, \"msrs\": {}, \"kernel\": {\"version\": \"6.1-rc1\"}}",
	  0, "f: $.kernel.version:", "is not a version like 6.12" },
	{ "json_param_bool", "{\"schema\": \"nvmx-snapshot\", \"schema_version\": 1, \"msrs\": {}, \"kvm\": {\"params\": {\"ept\": true}}}",
	  0, "f: $.kvm.params.ept:", "expected a string, got a boolean" },
	{ "json_cpuid_register_range", "{\"schema\": \"nvmx-snapshot\", \"schema_version\": 1, \"msrs\": {}, \"cpuid\": {\"host\": [{\"function\": \"0x1\", \"index\": \"0x0\", \"eax\": \"0x100000000\", \"ebx\": \"0x0\", \"ecx\": \"0x0\", \"edx\": \"0x0\"}]}}",
	  0, "f: $.cpuid.host[0].eax:", "out of range (at most 0xffffffff)" },
	{ "json_cpuid_missing_reg", "{\"schema\": \"nvmx-snapshot\", \"schema_version\": 1, \"msrs\": {}, \"cpuid\": {\"host\": [{\"function\": \"0x1\", \"index\": \"0x0\"}]}}",
	  0, "f: $.cpuid.host[0].eax:", "missing" },
	{ "json_control_char", "{\"schema\": \"nvmx-snapshot\", \"schema_version\": 1, \"msrs\": {}, \"cpu\": {\"model_name\": \"a\\u001b[2Jb\"}}",
	  0, "f: $.cpu.model_name:", "string contains a control character" },
	{ "json_nul_in_string", "{\"schema\": \"nvmx-snapshot\", \"schema_version\": 1, \"msrs\": {}, \"cpu\": {\"model_name\": \"a\\u0000b\"}}",
	  0, "f:1:", "invalid JSON" },
	{ "json_key_escape_quoted", "{\"schema\": \"nvmx-snapshot\", \"schema_version\": 1, \"msrs\": {\"hardware\": {\"a\\nb\": \"0x1\"}}}",
	  0, "f: $.msrs.hardware.a\\x0ab:", "unknown MSR" },
};

static char long_line[1100];

static void one(const struct bad *b)
{
	static struct vmx_snapshot s;
	const char *text = b->text ? b->text : long_line;
	size_t len = b->len ? b->len : strlen(text);
	char err[600];
	int v;

	memset(err, 0, sizeof(err));
	if (!snapshot_parse_buffer(&s, "f", text, len, err, sizeof(err))) {
		tap_fail("refused.%s", b->name);
		tap_diag("accepted");
		return;
	}
	for (v = 0; v < NR_SNAP_VIEWS; v++)
		if (!msrs_empty(&s.msrs[v]))
			break;
	if (strchr(err, '\n') || strncmp(err, b->where, strlen(b->where)) ||
	    !strstr(err, b->what) || v < NR_SNAP_VIEWS || s.nr_params ||
	    *s.kernel_release) {
		tap_fail("refused.%s", b->name);
		tap_diag("got:    %s", err);
		tap_diag("wanted: %s... %s, one line, nothing kept", b->where, b->what);
		return;
	}
	tap_pass("refused.%s: %s", b->name, err);
}

/* Every dump reads; written as JSON and read back, it is the same. */
static void good_dumps(void)
{
	static struct vmx_snapshot s, t;
	char **paths, err[600];
	unsigned int n, i, bad_nr = 0;

	n = unit_list_dumps(&paths);
	for (i = 0; i < n; i++) {
		json_t *j;
		char *text;

		if (snapshot_load(&s, paths[i], err, sizeof(err))) {
			tap_diag("%s", err);
			bad_nr++;
			free(paths[i]);
			continue;
		}
		j = snapshot_to_json(&s);
		text = json_dumps(j, JSON_INDENT(2));
		json_decref(j);
		if (snapshot_parse_json(&t, "rt", text, strlen(text), err, sizeof(err)) ||
		    memcmp(&s.msrs, &t.msrs, sizeof(s.msrs)) ||
		    strcmp(s.cpu_model, t.cpu_model) ||
		    s.cpu_signature != t.cpu_signature) {
			tap_diag("%s: JSON round trip differs: %s", paths[i], err);
			bad_nr++;
		}
		free(text);
		free(paths[i]);
	}
	free(paths);
	if (bad_nr || n < 14)
		tap_fail("every_dump_reads_and_round_trips (%u of %u bad)", bad_nr, n);
	else
		tap_pass("every_dump_reads_and_round_trips (%u dumps)", n);
}

/*
 * Tolerant of what real tools write, strict about values: 0x492 and 0x493
 * are read; another MSR is ignored with a note naming its line; a header
 * longer than its field is kept cut (at a character boundary, without
 * trailing blanks, so that it reads back the same) with a note.
 */
static void tolerant_dumps(void)
{
	static const char text[] =
		"# environment: bare-metal, dumped by an ad-hoc rdmsr loop on a lab machine\n"
		"# cpu: Intel(R) Xeon(R) Platinum 8480+ with a much longer description than fits into the 128 bytes of the field, and then some more text\n"
		"0x480 0x00da050000000001\n"
		"0x3a 0x5\n"
		"0x492 0x0000000000000090\n"
		"0x493 0x000000000000000c\n";
	static struct vmx_snapshot s, t;
	char err[600], *j = NULL;
	json_t *js;
	unsigned int i;
	bool noted_msr = false, noted_cpu = false, ok;

	ok = !snapshot_parse_plain(&s, "f", text, err, sizeof(err));
	for (i = 0; ok && i < s.nr_notes; i++) {
		noted_msr |= strstr(s.notes[i], "f:4: MSR 0x3a is not a VMX capability MSR") != NULL;
		noted_cpu |= strstr(s.notes[i], "f:2: the cpu header") != NULL;
	}
	ok = ok && noted_msr && noted_cpu &&
	     msrs_get(&s.msrs[VIEW_HW], VMX_PROCBASED_CTLS3) == 0x90 &&
	     msrs_get(&s.msrs[VIEW_HW], VMX_EXIT_CTLS2) == 0xc &&
	     !strncmp(s.environment, "bare-metal", 10) && s.cpu_model[0];
	if (ok) {
		js = snapshot_to_json(&s);
		j = json_dumps(js, 0);
		json_decref(js);
		ok = j && !snapshot_parse_json(&t, "rt", j, strlen(j), err, sizeof(err)) &&
		     !strcmp(s.cpu_model, t.cpu_model) &&
		     !strcmp(s.environment, t.environment) &&
		     !memcmp(&s.msrs, &t.msrs, sizeof(s.msrs));
		free(j);
	}
	if (ok)
		tap_pass("dumps_of_other_tools_read: 0x492, 0x493, an unknown MSR noted, long headers kept");
	else
		tap_fail("dumps_of_other_tools_read");
	if (!ok)
		tap_diag("%s", err);
}

/* What the strict version parser takes and refuses. */
static void versions(void)
{
	static const struct { const char *s; bool release; int want; } v[] = {
		{ "6.12", false, 0 }, { "6.12.57", false, 0 }, { "5.10.223", false, 0 },
		{ "6.12.57+deb12-amd64", true, 0 }, { "5.10.0-32-amd64", true, 0 },
		{ "6.12.57+deb12-amd64", false, -EINVAL }, { "6", true, -EINVAL },
		{ "6.", true, -EINVAL }, { "6.12.", true, -EINVAL },
		{ "6.12.1.2", true, -EINVAL }, { "99999999999.1", true, -EINVAL },
		{ "100.1", true, -ERANGE }, { "0.1", true, -ERANGE },
		{ " 6.1", true, -EINVAL }, { "", true, -EINVAL },
		/* what a new user typed: trailing junk is not a version */
		{ "6.12abc", true, -EINVAL }, { "6.12 ", true, -EINVAL },
		{ "6.12-", true, -EINVAL }, { "6.12+", true, -EINVAL },
		{ "6.12-x y", true, -EINVAL }, { "v6.12", true, 0 },
		{ "v6.12", false, -EINVAL }, { "vv6.12", true, -EINVAL },
		/* the spellings distributions give */
		{ "6.8.0-49-generic", true, 0 }, { "5.14.0-503.el9_5.x86_64", true, 0 },
		{ "6.11.4-301.fc41.x86_64", true, 0 }, { "6.13.0-rc3", true, 0 },
	};
	unsigned int i, bad_nr = 0;
	struct kver kv;

	for (i = 0; i < ARRAY_SIZE(v); i++) {
		int r = snap_parse_kver(v[i].s, v[i].release, &kv);

		if (r != v[i].want) {
			tap_diag("'%s' (%s): got %d, wanted %d", v[i].s,
				 v[i].release ? "release" : "version", r, v[i].want);
			bad_nr++;
		}
	}
	if (bad_nr)
		tap_fail("kernel_versions_parse_strictly");
	else
		tap_pass("kernel_versions_parse_strictly (%zu cases)", ARRAY_SIZE(v));
}

/* Distribution release strings map to their upstream base. */
static void distributions(void)
{
	static const struct {
		const char *s;
		struct kver base;
		enum kver_distro d;
	} v[] = {
		{ "6.8.0-49-generic", { 6, 8, 0 }, KVER_UBUNTU },
		{ "5.14.0-503.el9_5.x86_64", { 5, 14, 0 }, KVER_RHEL },
		{ "6.11.4-301.fc41.x86_64", { 6, 11, 4 }, KVER_FEDORA },
		{ "6.12.117+deb12-amd64", { 6, 12, 117 }, KVER_DEBIAN },
		{ "5.10.0-32-amd64", { 5, 10, 0 }, KVER_DEBIAN },
		{ "v6.12", { 6, 12, 0 }, KVER_UPSTREAM },
		{ "7.3.0-rc2", { 7, 3, 0 }, KVER_UPSTREAM },
		{ "6.6.30-custom", { 6, 6, 30 }, KVER_OTHER },
	};
	unsigned int i, bad_nr = 0;

	for (i = 0; i < ARRAY_SIZE(v); i++) {
		enum kver_distro d;
		struct kver kv;

		if (kver_parse_release(v[i].s, &kv, &d) ||
		    kver_cmp(kv, v[i].base) || d != v[i].d) {
			tap_diag("'%s': got %u.%u.%u from %s", v[i].s, kv.major,
				 kv.minor, kv.patch, kver_distro_name(d));
			bad_nr++;
		}
	}
	if (bad_nr)
		tap_fail("distribution_releases_map_to_upstream");
	else
		tap_pass("distribution_releases_map_to_upstream (%zu cases)",
			 ARRAY_SIZE(v));
}

int main(void)
{
	unsigned int i;

	tap_init();
	memset(long_line, 'x', sizeof(long_line) - 2);
	long_line[sizeof(long_line) - 2] = '\n';
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		one(&bad[i]);
	good_dumps();
	tolerant_dumps();
	versions();
	distributions();
	tap_finish();
}
