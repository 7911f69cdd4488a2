// SPDX-License-Identifier: GPL-2.0-only
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "x86_64/check.h"
#include "x86_64/snapshot.h"

const char *unit_data_dir(void)
{
	const char *d = getenv("NVMX_DATA");

	return d && *d ? d : "data";
}

unsigned int unit_list_dumps(char ***paths)
{
	char dir[512];
	int n;

	snprintf(dir, sizeof(dir), "%s/cpus", unit_data_dir());
	n = snapshot_list_dir(dir, ".txt", paths);
	TEST_ASSERT(n >= 0, "cannot read %s (set NVMX_DATA to the data directory): %s",
		    dir, strerror(-n));
	return n;
}

void unit_load(struct vmx_snapshot *s, const char *path)
{
	char err[512];

	if (snapshot_load(s, path, err, sizeof(err)))
		tap_bail("%s", err);
}

bool unit_failed_with(const struct check_list *l, const char *name, ...)
{
	unsigned int i, j;

	for (i = 0; i < l->nr; i++) {
		const struct check *c = &l->v[i];

		if (strcmp(c->name, name) || c->status != TAP_FAIL)
			continue;
		for (j = 0; j < c->nr_findings; j++) {
			const char *sub;
			bool all = true;
			va_list ap;

			va_start(ap, name);
			while ((sub = va_arg(ap, const char *)))
				all &= strstr(c->findings[j].text, sub) != NULL;
			va_end(ap);
			if (all)
				return true;
		}
	}
	return false;
}
