// SPDX-License-Identifier: GPL-2.0-only
/*
 * What each subcommand takes and does, in one place: "nvmx CMD --help",
 * "nvmx help CMD" and the general help all print from here, so the texts
 * cannot drift apart.
 */
#include <stdio.h>
#include <string.h>

#include "nvmx.h"

static const struct {
	const char *name;
	const char *synopsis;
	const char *text;
} help[] = {
	{ "show",
	  "[FILE] [--json] [--color=WHEN] [--no-vcpu] [--no-raw] [--cpu N]",
	  "Every VMX capability MSR and named bit in three columns: the hardware\n"
	  "(raw MSR), KVM's system fd (what nested guests are offered) and a fresh\n"
	  "vCPU.  Without FILE, this host; with FILE, a JSON snapshot or a plain dump\n"
	  "(- reads standard input).  Labels as vmxcap: no, forced, yes, default.\n"
	  "\n"
	  "  --json           the same as JSON\n"
	  "  --color=WHEN     always, never or auto (a terminal; NO_COLOR disables)\n"
	  "  --no-vcpu        live: do not create a vCPU\n"
	  "  --no-raw         live: do not read /dev/cpu/N/msr\n"
	  "  --cpu N          live: read the raw MSRs of CPU N (default 0)\n"
	  "\n"
	  "Exit: 0 shown; 2 bad input; 4 live, when this host has nothing to show\n"
	  "(no VMX, kvm_intel not loaded): the first line says why.\n" },
	{ "capture",
	  "-o FILE.json|- [--environment WORD] [--no-vcpu] [--no-raw] [--cpu N]",
	  "A snapshot of this host: raw MSRs, KVM's system-fd and vCPU values,\n"
	  "kvm_intel's parameters, CPUID, the kernel (docs/snapshot-schema.md).\n"
	  "\n"
	  "  -o FILE.json     where to write it (- for standard output)\n"
	  "  --environment W  a word for the snapshot's environment field\n"
	  "  --no-vcpu, --no-raw, --cpu N   as for show\n"
	  "\n"
	  "Exit: 0 written; 2 bad usage or the file cannot be written (the reason).\n" },
	{ "check",
	  "[--tap] [-q] [--color=WHEN] FILE",
	  "The SDM invariants of the hardware values, the model's prediction\n"
	  "against KVM's values where the file has both, and the KVM-nested\n"
	  "invariants.  A kernel the model does not know is said, and its\n"
	  "uncertain bits are skips, as in nested_vs_host_test.\n"
	  "\n"
	  "  --tap            TAP 13, one line per rule\n"
	  "  -q, --quiet      failures only\n"
	  "  --color=WHEN     always, never or auto\n"
	  "\n"
	  "Exit: 0 every rule holds; 1 a rule is violated (each one named);\n"
	  "2 bad input.\n" },
	{ "predict",
	  "--kernel VERSION [--param NAME=VALUE ...] FILE",
	  "The nested VMX MSRs (KVM's system fd) that kernel VERSION would report on\n"
	  "the CPU whose raw MSRs FILE holds, as a plain dump that check and diff\n"
	  "read back, with headers naming the rules used and whether kvm_intel\n"
	  "would load.\n"
	  "\n"
	  "  --kernel V       6.12, v6.12, 6.12.117, or a release such as\n"
	  "                   6.12.117+deb12-amd64 or 6.8.0-49-generic (once)\n"
	  "  --param N=V      a kvm_intel parameter, e.g. ept=0 (repeatable)\n"
	  "\n"
	  "Exit: 0 predicted (also when kvm_intel would refuse to load); 2 bad input.\n" },
	{ "diff",
	  "[--json] [--views A:B] [--no-context] [--color=WHEN] FILE_A FILE_B",
	  "Named, per-bit differences between two snapshots or dumps, e.g.\n"
	  "\"IA32_VMX_VMCS_ENUM bits 9:1 (highest VMCS field index): 0x19 -> 0x17\".\n"
	  "\n"
	  "  --json           the differences as JSON\n"
	  "  --views A:B      compare view A of FILE_A with view B of FILE_B\n"
	  "                   (hardware, system, vcpu); default: each view with itself\n"
	  "  --no-context     only MSR values, not kernel, CPU, parameters\n"
	  "\n"
	  "At most one of the files may be - (standard input).\n"
	  "Exit: 0 identical; 1 they differ; 2 bad input.\n" },
	{ "report",
	  "[-o REPORT.md] [--html REPORT.html] [--kernels-lock FILE] DIR|FILE...",
	  "The cross-kernel report from snapshots named KERNEL-CPU-PARAMS.json:\n"
	  "the kernel series in version order, a timeline of every change from one\n"
	  "series to the next (where the snapshots pin it, when the model dates it,\n"
	  "and its rule), then per CPU model which bits each series exposes.\n"
	  "\n"
	  "  -o FILE          the Markdown report (default: standard output)\n"
	  "  --html FILE      also as HTML\n"
	  "  --kernels-lock FILE\n"
	  "                   the emulator's kernels.lock: each series' package, and\n"
	  "                   which is a release candidate (7.3~rc7: 7.3-rc7)\n"
	  "\n"
	  "Exit: 0 written; 2 bad input.\n" },
};

static int find(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(help); i++)
		if (!strcmp(help[i].name, name))
			return (int)i;
	return -1;
}

int print_help(const char *cmd)
{
	int i = find(cmd);

	if (i < 0)
		return usage_error("help", "no command '%s' (show, capture, check, predict, diff, report)",
				   cmd);
	printf("usage: nvmx %s %s\n\n%s", help[i].name, help[i].synopsis,
	       help[i].text);
	return 0;
}

void print_synopses(FILE *f)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(help); i++)
		fprintf(f, "  nvmx %-8s %s\n", help[i].name, help[i].synopsis);
}
