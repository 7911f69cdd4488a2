// SPDX-License-Identifier: GPL-2.0-only
/*
 * The snapshots of a report: every .json of a directory, or the files
 * given.  The emulated runner names them KERNEL-CPU-PARAMS.json
 * ("6.12-corei7_haswell_4770-ept=0.json"): the kernel series and the
 * parameter set come from the name, and the exact kernel version from
 * inside when the snapshot has it.  A file that does not load stops the
 * report: a report quietly missing a configuration would mislead.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "report.h"

static int add_file(struct rep_set *set, const char *path)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	const char *first, *last;
	struct rep_snap *r;
	char name[256];
	size_t n;

	if (set->nr == set->cap) {
		set->cap = set->cap ? 2 * set->cap : 32;
		set->v = realloc(set->v, set->cap * sizeof(*set->v));
		if (!set->v)
			return usage_error("report", "out of memory");
	}
	r = &set->v[set->nr];
	memset(r, 0, sizeof(*r));
	r->s = malloc(sizeof(*r->s));
	if (!r->s)
		return usage_error("report", "out of memory");
	if (load_or_report(r->s, path)) {
		free(r->s);
		return -1;
	}
	snprintf(r->path, sizeof(r->path), "%s", path);

	n = strlen(base);
	if (n > 5 && !strcmp(base + n - 5, ".json"))
		n -= 5;
	snprintf(name, sizeof(name), "%.*s", (int)n, base);
	first = strchr(name, '-');
	last = strrchr(name, '-');
	if (first && last > first) {
		snprintf(r->kernel, sizeof(r->kernel), "%.*s", (int)(first - name), name);
		snprintf(r->cpu, sizeof(r->cpu), "%.*s", (int)(last - first - 1), first + 1);
		snprintf(r->params, sizeof(r->params), "%s", last + 1);
	} else {
		/* not the runner's name: take what the snapshot says */
		snprintf(r->kernel, sizeof(r->kernel), "%.31s", r->s->kernel_release);
		snprintf(r->cpu, sizeof(r->cpu), "%.63s", *r->s->cpu_model ?
			 r->s->cpu_model : name);
		snprintf(r->params, sizeof(r->params), "default");
	}
	if (r->s->have_kver)
		r->kv = r->s->kver;
	else if (snap_parse_kver(r->kernel, true, &r->kv)) {
		free(r->s);
		return usage_error("report", "%s: no kernel version in the snapshot or its name",
				   path);
	}
	set->nr++;
	return 0;
}

static int add_dir(struct rep_set *set, const char *dir)
{
	char **names;
	int n, i, r = 0;

	n = snapshot_list_dir(dir, ".json", &names);
	if (n < 0)
		return usage_error("report", "%s: cannot read the directory: %s",
				   dir, strerror(-n));
	for (i = 0; i < n && !r; i++)
		if (add_file(set, names[i]))
			r = -1;
	snapshot_list_free(names, n);
	return r;
}

int report_collect(struct rep_set *set, char **paths, unsigned int n)
{
	unsigned int i;

	snprintf(set->source, sizeof(set->source), "%.200s%s", n ? paths[0] : "",
		 n > 1 ? " and more" : "");
	for (i = 0; i < n; i++) {
		struct stat st;

		if (!stat(paths[i], &st) && S_ISDIR(st.st_mode)) {
			if (add_dir(set, paths[i]))
				return -1;
		} else if (add_file(set, paths[i])) {
			return -1;
		}
	}
	return 0;
}

void report_free(struct rep_set *set)
{
	unsigned int i;

	for (i = 0; i < set->nr; i++)
		free(set->v[i].s);
	free(set->v);
	memset(set, 0, sizeof(*set));
}
