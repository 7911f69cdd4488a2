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
};

void doc_begin(struct doc *d, const char *title);
void doc_end(struct doc *d);
void doc_heading(struct doc *d, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void doc_para(struct doc *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void doc_code_para(struct doc *d, const char *before, const char *code,
		   const char *after);
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

/* One snapshot of the matrix. */
struct rep_snap {
	char path[512];
	char kernel[32];	/* from the file name: "6.12" */
	char cpu[64];		/* from the file name: "corei7_haswell_4770" */
	char params[64];	/* from the file name: "default", "ept0" */
	struct kver kv;		/* from the snapshot, else the file name */
	struct vmx_snapshot *s;
};

struct rep_set {
	struct rep_snap *v;
	unsigned int nr, cap;
	char source[256];	/* where they came from, for the reader */
};

/* Loads the .json files of a directory, or the files given; 0, or -1 after a one-line error. */
int report_collect(struct rep_set *set, char **paths, unsigned int n);
void report_free(struct rep_set *set);
/* The whole report into d. */
void report_write(struct doc *d, const struct rep_set *set);

#endif
