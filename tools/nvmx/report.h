/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * nvmx report: the cross-kernel report of the emulated matrix's snapshots
 * (data/snapshots/KERNEL-CPU-PARAMS.json), in Markdown and HTML.
 */
#ifndef NVMX_REPORT_H
#define NVMX_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "nvmx.h"

/* One document, written as Markdown or as HTML (report_out.c). */
struct doc {
	FILE *f;
	bool html;
	bool real_html;		/* html as set up; html may flip for a moment */
	unsigned int depth;	/* lists open */
	bool li_open[8];	/* HTML: the item of that depth is not closed yet */
};

void doc_begin(struct doc *d, const char *title);
void doc_end(struct doc *d);
void doc_heading(struct doc *d, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void doc_para(struct doc *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void doc_code_para(struct doc *d, const char *before, const char *code,
		   const char *after);
/* Lists nest: a list begun right after an item belongs to that item. */
void doc_list_begin(struct doc *d);
void doc_item(struct doc *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void doc_list_end(struct doc *d);
void doc_details_begin(struct doc *d, const char *summary);
void doc_details_end(struct doc *d);
void doc_table_head(struct doc *d, const char *const *cols, unsigned int n);
/* classes: per cell, for HTML colour (NULL: none); mark: a row that differs. */
void doc_table_row(struct doc *d, const char *const *cells,
		   const char *const *classes, unsigned int n, bool mark);
void doc_table_end(struct doc *d);

/*
 * A kernel series of the report: the snapshots whose file names share
 * a kernel field ("6.12", or "experimental" for Debian's release
 * candidate).  The timeline and the tables order the series by version,
 * a release candidate before its release.
 */
struct rep_series {
	char name[32];		/* the file names' kernel field */
	struct kver kv;		/* the snapshots' kernel version (the oldest) */
	unsigned int rc;	/* N of -rcN: a release candidate, from the lock */
	char label[40];		/* "6.12", "7.3-rc7" */
	char title[96];		/* "6.12 (6.12.117)", "7.3-rc7 (experimental)" */
	char package[160];	/* "linux-image-... 6.12.117-1~deb12u1", or "" */
};

/* One snapshot of the matrix. */
struct rep_snap {
	char path[512];
	char kernel[32];	/* from the file name: "6.12" */
	char cpu[64];		/* from the file name: "corei7_haswell_4770" */
	char params[64];	/* from the file name: "default", "ept0" */
	struct kver kv;		/* from the snapshot, else the file name */
	unsigned int series;	/* index into rep_set.series */
	struct vmx_snapshot *s;
};

struct rep_set {
	struct rep_snap *v;
	unsigned int nr, cap;
	struct rep_series *series;	/* in version order */
	unsigned int nr_series;
	bool have_lock;			/* the packages are known */
	char source[256];	/* where they came from, for the reader */
	char lock[256];		/* the kernels.lock read, or "" */
};

/*
 * Loads the .json files of a directory, or the files given, and orders
 * their kernel series; lock (may be NULL) is the emulator's kernels.lock,
 * which names each series' Debian package and so a release candidate.
 * 0, or -1 after a one-line error.
 */
int report_collect(struct rep_set *set, char **paths, unsigned int n,
		   const char *lock);
void report_free(struct rep_set *set);
/* The whole report into d. */
void report_write(struct doc *d, const struct rep_set *set);

/* ---- report_timeline.c ---- */

/* Whether a snapshot was taken with the module's default parameters. */
bool rep_is_default(const struct rep_snap *r);
/*
 * The timeline: every change between consecutive kernel series of a CPU
 * model (default parameters), grouped across CPU models, each with the
 * series the snapshots pin it to, the model's dating and its rules; then
 * whether the other parameter sets agree.  set is sorted by CPU model,
 * then series (report.c).
 */
void report_timeline(struct doc *d, const struct rep_set *set);

#endif
