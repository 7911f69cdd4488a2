// SPDX-License-Identifier: GPL-2.0-only
/*
 * The snapshots of a report: every .json of a directory, or the files
 * given.  The emulated runner names them KERNEL-CPU-PARAMS.json
 * ("6.12-corei7_haswell_4770-ept=0.json"): the kernel series and the
 * parameter set come from the name, and the exact kernel version from
 * inside when the snapshot has it.  A file that does not load stops the
 * report: a report quietly missing a configuration would mislead.
 */
#include <errno.h>
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

/*
 * The Debian package of a series, from a kernels.lock line
 * "SERIES PACKAGE VERSION": the first line of the series names it.  A
 * version "7.3~rc7-1~exp1" is release candidate 7 of 7.3 (Debian sorts
 * "~" before anything, as the kernel's rcs come before the release).
 */
static void lock_line(struct rep_set *set, const char *line)
{
	char series[32], pkg[96], ver[64], have[24];
	const char *rc;
	unsigned int i;
	size_t n;

	if (sscanf(line, " %31s %95s %63s", series, pkg, ver) != 3 || *series == '#')
		return;
	for (i = 0; i < set->nr_series; i++) {
		struct rep_series *s = &set->series[i];

		if (strcmp(s->name, series) || *s->package)
			continue;
		/* a lock of other runs must not relabel these snapshots */
		kver_str(s->kv, have, sizeof(have));
		n = strlen(have);
		if (strncmp(ver, have, n) ||
		    (ver[n] && ver[n] != '~' && ver[n] != '-' && ver[n] != '+')) {
			snprintf(s->package, sizeof(s->package),
				 "none: the lock's %.60s is not the snapshots' %s", ver, have);
			continue;
		}
		snprintf(s->package, sizeof(s->package), "%s %s", pkg, ver);
		rc = strstr(ver, "~rc");
		if (rc && rc[3] >= '1' && rc[3] <= '9')
			s->rc = strtoul(rc + 3, NULL, 10);
	}
}

static int read_lock(struct rep_set *set, const char *path)
{
	char line[512];
	FILE *f = fopen(path, "r");

	if (!f)
		return usage_error("report", "%s: cannot open: %s", path, strerror(errno));
	while (fgets(line, sizeof(line), f))
		lock_line(set, line);
	fclose(f);
	snprintf(set->lock, sizeof(set->lock), "%.255s", path);
	set->have_lock = true;
	return 0;
}

static int cmp_series(const void *a, const void *b)
{
	const struct rep_series *x = a, *y = b;
	int c = kver_cmp(x->kv, y->kv);

	if (c)
		return c;
	/* an rc of a release before the release itself */
	if (!x->rc != !y->rc)
		return x->rc ? -1 : 1;
	if (x->rc != y->rc)
		return x->rc < y->rc ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* Whether a file name's kernel field is the series of version kv ("6.12"). */
static bool names_series(const char *name, struct kver kv)
{
	char s[24];

	snprintf(s, sizeof(s), "%u.%u", kv.major, kv.minor);
	return !strcmp(name, s);
}

static void series_names(struct rep_series *s)
{
	char ver[24];

	kver_str(s->kv, ver, sizeof(ver));
	if (s->rc)
		snprintf(s->label, sizeof(s->label), "%u.%u-rc%u", s->kv.major,
			 s->kv.minor, s->rc);
	else
		snprintf(s->label, sizeof(s->label), "%.39s", s->name);
	if (s->rc)
		snprintf(s->title, sizeof(s->title), "%s (%s)", s->label, s->name);
	else if (!strcmp(s->name, ver))
		snprintf(s->title, sizeof(s->title), "%s", s->name);
	else if (names_series(s->name, s->kv))
		snprintf(s->title, sizeof(s->title), "%s (%s)", s->name, ver);
	else
		snprintf(s->title, sizeof(s->title), "%s (Linux %s)", s->name, ver);
}

/* One series per kernel field of the file names, in version order. */
static int make_series(struct rep_set *set, const char *lock)
{
	unsigned int i, j;

	set->series = calloc(set->nr ? set->nr : 1, sizeof(*set->series));
	if (!set->series)
		return usage_error("report", "out of memory");
	for (i = 0; i < set->nr; i++) {
		const struct rep_snap *r = &set->v[i];

		for (j = 0; j < set->nr_series && strcmp(set->series[j].name, r->kernel); j++)
			;
		if (j == set->nr_series) {
			snprintf(set->series[j].name, sizeof(set->series[j].name), "%s",
				 r->kernel);
			set->series[j].kv = r->kv;
			set->nr_series++;
		} else if (kver_cmp(r->kv, set->series[j].kv) < 0) {
			set->series[j].kv = r->kv;
		}
	}
	if (lock && read_lock(set, lock))
		return -1;
	for (j = 0; j < set->nr_series; j++)
		series_names(&set->series[j]);
	qsort(set->series, set->nr_series, sizeof(*set->series), cmp_series);
	for (i = 0; i < set->nr; i++)
		for (j = 0; j < set->nr_series; j++)
			if (!strcmp(set->series[j].name, set->v[i].kernel))
				set->v[i].series = j;
	return 0;
}

int report_collect(struct rep_set *set, char **paths, unsigned int n,
		   const char *lock)
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
	return make_series(set, lock);
}

void report_free(struct rep_set *set)
{
	unsigned int i;

	for (i = 0; i < set->nr; i++)
		free(set->v[i].s);
	free(set->v);
	free(set->series);
	memset(set, 0, sizeof(*set));
}
