/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * nvmx: decode, capture, check, predict and diff VMX capability snapshots.
 *
 * Exit codes, the same for every subcommand:
 *   0  done; for check every rule holds, for diff nothing differs
 *   1  check: a rule is violated; diff: the snapshots differ
 *   2  bad input or usage: one line on stderr naming file, place, problem
 */
#ifndef NVMX_TOOL_H
#define NVMX_TOOL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "x86_64/check.h"
#include "x86_64/snapshot.h"

#define EXIT_DIFFERS	1
#define EXIT_BAD_INPUT	2

/* ---- out.c: colour and the few symbols that depend on the locale ---- */

enum nvmx_color {
	COL_RESET, COL_NO, COL_FORCED, COL_YES, COL_DEFAULT, COL_HEAD,
	COL_DIM, COL_BAD, COL_GOOD, COL_SKIP,
};

/* "always", "never" or "auto" (colour when stdout is a terminal). */
int out_set_color(const char *when);
const char *col(enum nvmx_color c);
/* "→" in a UTF-8 locale, "->" otherwise. */
const char *out_arrow(void);
/* "prog: " + message on stderr; returns EXIT_BAD_INPUT. */
int usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* ---- help.c: the one text of each subcommand ---- */

/* "usage: nvmx CMD ..." and its options on stdout; 0, or 2 for no such CMD. */
int print_help(const char *cmd);
/* One line per subcommand. */
void print_synopses(FILE *f);

/* ---- args.c: what users type ---- */

/*
 * "--param NAME=VALUE": a kvm_intel parameter name (letters, digits, '_')
 * and a value of printable characters.  0, or -1 with a message.
 */
int parse_param_arg(const char *arg, char *name, size_t nlen, char *val,
		    size_t vlen, char *err, size_t errlen);
/* "--kernel 6.12", "6.12.57" or a release "6.1.0-26-amd64". */
int parse_kernel_arg(const char *arg, struct kver *kv, char *err,
		     size_t errlen);
/* A view name: "hardware"/"hw", "system"/"sys", "vcpu". -1 if none. */
int parse_view_name(const char *s);

/*
 * The options of every command that reads the live machine (show without a
 * file, capture): --no-vcpu, --no-raw, --cpu N.  Put CAPTURE_LONG_OPTS in the
 * getopt table and hand each unknown option to parse_capture_opt(): 1 when
 * it was one of these, 0 when not, -1 after printing why its value is bad.
 */
#define CAPTURE_LONG_OPTS					\
	{ "no-vcpu", no_argument, NULL, 'V' },			\
	{ "no-raw", no_argument, NULL, 'R' },			\
	{ "cpu", required_argument, NULL, 'C' }
int parse_capture_opt(const char *cmd, int o, const char *arg,
		      struct capture_opts *co);

/* Loads a file for a subcommand; on error prints the one line. */
int load_or_report(struct vmx_snapshot *s, const char *path);

/* ---- decode.c: a value, explained bit by bit, as vmxcap does ---- */

enum cell_class {
	CELL_ABSENT,	/* the view lacks this MSR */
	CELL_NO,	/* control may not be 1; feature bit 0 */
	CELL_FORCED,	/* control must be 1 */
	CELL_DEFAULT,	/* may be 0 only through the TRUE MSR */
	CELL_YES,	/* control may be 1 or 0; feature bit 1 */
	CELL_FIXED0,	/* CR bit must be 0 in VMX operation */
	CELL_FIXED1,	/* CR bit must be 1 */
	CELL_FREE,	/* CR bit may be either */
	CELL_NUMBER,	/* a field's value */
};

struct dec_cell {
	enum cell_class cls;
	uint64_t val;		/* the bit or the field, shifted down */
	char text[48];		/* "yes", "forced", "4096 bytes", "WB (6)" */
};

#define DEC_MAX_COLS	16	/* three views, or the hardware and the kernels of a report */

struct dec_row {
	int lo, hi;		/* control bit, or bit range of the value */
	const char *id;		/* "EPT_VIOLATION_VE", or NULL if unnamed */
	const char *desc;	/* "EPT-violation #VE" */
	struct dec_cell cell[DEC_MAX_COLS];
};

#define DEC_MAX_ROWS	80

/* Words the labels use, for text and JSON alike ("yes", "fixed-1" ...). */
const char *cell_class_word(enum cell_class c);
/*
 * The rows of one MSR across the snapshot's three views: every named bit
 * or field, and every unnamed bit that is 1 in some view.  Returns the
 * number of rows.
 */
unsigned int decode_msr(const struct vmx_snapshot *s, enum vmx_msr_id id,
			struct dec_row *rows, unsigned int max);
/* The same across any sets (at most DEC_MAX_COLS): one column each. */
unsigned int decode_sets(const struct vmx_msr_set *const *sets,
			 unsigned int nsets, enum vmx_msr_id id,
			 struct dec_row *rows, unsigned int max);

/* ---- diff.c: named differences between two snapshots ---- */

struct diff_item {
	int view_a, view_b;	/* the views compared */
	int msr;		/* enum vmx_msr_id, or -1 for context */
	int lo, hi;		/* bits, -1 for a whole MSR or for context */
	bool absent_a, absent_b;
	uint64_t a, b;		/* the field or bit values */
	char text[400];		/* "IA32_VMX_BASIC bit 56 (...): 0 → 1" */
};

struct diff_list {
	struct diff_item *v;
	unsigned int nr, cap;
	unsigned int nr_msr;	/* items about MSR values (not context) */
	unsigned int views_compared;
};

/* Compares view va of a with view vb of b (the same view, normally). */
void diff_views(const struct vmx_snapshot *a, int va,
		const struct vmx_snapshot *b, int vb, struct diff_list *out);
/* Kernel, CPU, parameters, vmx flags and KVM's CPUID: context lines. */
void diff_context(const struct vmx_snapshot *a, const struct vmx_snapshot *b,
		  struct diff_list *out);
void diff_list_free(struct diff_list *l);

/* ---- model_glue.c: the model's checks ---- */

/* The model and the KVM-nested invariants on a snapshot, into out. */
void model_checks(const struct vmx_snapshot *s, struct check_list *out);

/* ---- the subcommands ---- */

int show_json(const struct vmx_snapshot *s);	/* show_json.c */

int cmd_show(int argc, char **argv);
int cmd_capture(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_predict(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_report(int argc, char **argv);

#endif
