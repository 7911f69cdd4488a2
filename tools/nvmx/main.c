// SPDX-License-Identifier: GPL-2.0-only
/*
 * nvmx: the command.  One binary with subcommands, so that the emulated
 * machine needs one static file.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "nvmx.h"

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *what;
} cmds[] = {
	{ "show", cmd_show, "every VMX MSR and bit: hardware, KVM's system fd, a vCPU" },
	{ "capture", cmd_capture, "a snapshot of this host, as JSON" },
	{ "check", cmd_check, "SDM invariants, the model and KVM's invariants, offline" },
	{ "predict", cmd_predict, "what a kernel would report to L1 on a CPU" },
	{ "diff", cmd_diff, "named, per-bit differences between two snapshots" },
	{ "report", cmd_report, "the cross-kernel report" },
};

static int usage(FILE *f)
{
	unsigned int i;

	fprintf(f, "usage: nvmx COMMAND [ARGS]\n\n");
	for (i = 0; i < ARRAY_SIZE(cmds); i++)
		fprintf(f, "  nvmx %-8s %s\n", cmds[i].name, cmds[i].what);
	fprintf(f, "\n");
	print_synopses(f);
	fprintf(f, "\n\"nvmx help COMMAND\" or \"nvmx COMMAND --help\" for its options.\n"
		   "Exit: 0 ok (check: all rules hold; diff: identical), "
		   "1 check violated / diff differs, 2 bad input or usage,\n"
		   "4 show: nothing to show on this host.  See docs/nvmx.md.\n");
	return f == stdout ? 0 : EXIT_BAD_INPUT;
}

/*
 * Output that never arrived is no success: a full disk, a closed pipe, or
 * /dev/full make every subcommand fail, whatever it decided.
 */
static int finish(const char *cmd, int ret)
{
	errno = 0;
	if (fflush(stdout) || ferror(stdout) || fclose(stdout)) {
		fprintf(stderr, "nvmx %s: cannot write the output: %s\n", cmd,
			errno ? strerror(errno) : "write error");
		return EXIT_BAD_INPUT;
	}
	return ret;
}

int main(int argc, char **argv)
{
	static char prog[32];
	unsigned int i;

	snapshot_json_seed();
	if (argc < 2)
		return usage(stderr);
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))
		return finish("help", usage(stdout));
	if (!strcmp(argv[1], "help")) {
		if (argc > 3)
			return usage_error("help", "takes one COMMAND at most");
		return finish("help", argc == 3 ? print_help(argv[2]) : usage(stdout));
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("nvmx %s (snapshot schema %s %d)\n", snapshot_tool_version(),
		       SNAPSHOT_SCHEMA, SNAPSHOT_SCHEMA_VERSION);
		return finish("version", 0);
	}
	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		if (strcmp(argv[1], cmds[i].name))
			continue;
		/* getopt's own messages then start "nvmx check: ..." */
		snprintf(prog, sizeof(prog), "nvmx %s", cmds[i].name);
		argv[1] = prog;
		return finish(cmds[i].name, cmds[i].fn(argc - 1, argv + 1));
	}
	{
		char q[64];

		fprintf(stderr, "nvmx: unknown command '%s'\n",
			snap_quote(q, sizeof(q), argv[1], strlen(argv[1])));
	}
	return usage(stderr);
}
