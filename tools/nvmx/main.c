// SPDX-License-Identifier: GPL-2.0-only
/*
 * nvmx: the command.  One binary with subcommands, so that the emulated
 * machine needs one static file.
 */
#include <stdio.h>
#include <string.h>

#include "nvmx.h"

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
} cmds[] = {
	{ "show", cmd_show,
	  "[FILE] [--json] [--color=WHEN]   every VMX MSR and bit: hardware, system, vCPU" },
	{ "capture", cmd_capture,
	  "-o FILE.json|-                   a snapshot of this host" },
	{ "check", cmd_check,
	  "[--tap] [-q] FILE                SDM invariants and the model, offline" },
	{ "predict", cmd_predict,
	  "--kernel V [--param N=V]... FILE what that kernel would report to L1" },
	{ "diff", cmd_diff,
	  "[--json] [--views A:B] A B       named, per-bit differences" },
	{ "report", cmd_report,
	  "[-o MD] [--html HTML] DIR|FILE... the cross-kernel report" },
};

static int usage(FILE *f)
{
	unsigned int i;

	fprintf(f, "usage: nvmx COMMAND [ARGS]\n\n");
	for (i = 0; i < ARRAY_SIZE(cmds); i++)
		fprintf(f, "  nvmx %-8s %s\n", cmds[i].name, cmds[i].help);
	fprintf(f, "\nExit: 0 ok (check: all rules hold; diff: identical), "
		   "1 check violated / diff differs, 2 bad input or usage.\n"
		   "See docs/nvmx.md.\n");
	return f == stdout ? 0 : EXIT_BAD_INPUT;
}

int main(int argc, char **argv)
{
	unsigned int i;

	if (argc < 2)
		return usage(stderr);
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help"))
		return usage(stdout);
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("nvmx %s (snapshot schema %s %d)\n", snapshot_tool_version(),
		       SNAPSHOT_SCHEMA, SNAPSHOT_SCHEMA_VERSION);
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(cmds); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	{
		char q[64];

		fprintf(stderr, "nvmx: unknown command '%s'\n",
			snap_quote(q, sizeof(q), argv[1], strlen(argv[1])));
	}
	return usage(stderr);
}
