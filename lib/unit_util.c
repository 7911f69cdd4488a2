// SPDX-License-Identifier: GPL-2.0-only
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "x86_64/check.h"

const char *unit_data_dir(void)
{
	const char *d = getenv("NVMX_DATA");

	return d && *d ? d : "data";
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

unsigned int unit_list_dumps(char ***paths)
{
	char dir[512];
	struct dirent *de;
	unsigned int n = 0, cap = 0;
	char **v = NULL;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/cpus", unit_data_dir());
	d = opendir(dir);
	TEST_ASSERT(d, "cannot open %s (set NVMX_DATA to the data directory)", dir);
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);

		if (len < 5 || strcmp(de->d_name + len - 4, ".txt"))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 32;
			v = realloc(v, cap * sizeof(*v));
			TEST_ASSERT(v, "out of memory");
		}
		TEST_ASSERT(asprintf(&v[n++], "%s/%s", dir, de->d_name) > 0,
			    "out of memory");
	}
	closedir(d);
	qsort(v, n, sizeof(*v), cmp_str);
	*paths = v;
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
