/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers for the host-only unit tests: where the data lives, and loading
 * every dump of data/cpus/.
 */
#ifndef NVMX_UNIT_H
#define NVMX_UNIT_H

#include "x86_64/check.h"
#include "x86_64/snapshot.h"

/* $NVMX_DATA, or "data" (the tests run from the top of the tree). */
const char *unit_data_dir(void);

/* Sorted paths of the .txt dumps in data/cpus; returns the count.  Free each and the array. */
unsigned int unit_list_dumps(char ***paths);

/* Loads a file or bails out with the loader's message. */
void unit_load(struct vmx_snapshot *s, const char *path);

/* Whether a check list holds a check of that name that failed with a
 * finding containing every given substring (NULL-terminated). */
bool unit_failed_with(const struct check_list *l, const char *name, ...);

#endif
