/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel versions, and the one way to say "this holds for kernels X to Y".
 *
 * Every table that depends on the kernel (the model's rules, KVM's access
 * rules, known bugs, /proc/cpuinfo naming, the KVM-nested invariants)
 * states its kernels as a struct kver_range, and every message prints
 * one with kver_range_str().
 *
 * A rule changes in one release.  Often we know which: the commit that
 * made it is dated (KV_AT(6, 18)).  Sometimes we only know that an older
 * source lacks it and a newer one has it (KV_WINDOW(6, 1, 6, 12): some
 * release after 6.1, at the latest 6.12).  A kernel inside such a window
 * may or may not have the change; kver_range_test() says MAYBE, and the
 * caller decides what that means (the model then predicts "either").
 */
#ifndef NVMX_KVER_H
#define NVMX_KVER_H

#include <stdbool.h>
#include <stddef.h>

struct kver {
	unsigned int major, minor, patch;
};

#define KVER(a, b, c)	((struct kver){ (a), (b), (c) })

/*
 * Parse the start of a kernel release, "6.12.117+deb12-amd64" or
 * "5.10.0-32-amd64": digits, a dot, digits, optionally a dot and digits;
 * whatever follows is ignored.  For uname and snapshot headers.
 */
int kver_parse(const char *s, struct kver *kv);

/* Who built a kernel, as its release string shows it. */
enum kver_distro {
	KVER_UPSTREAM,	/* "6.12", "6.12.117", "v6.12", "6.13.0-rc3" */
	KVER_DEBIAN,	/* "6.12.117+deb12-amd64", "5.10.0-32-amd64" */
	KVER_UBUNTU,	/* "6.8.0-49-generic" */
	KVER_RHEL,	/* "5.14.0-503.el9_5.x86_64" (also CentOS, Alma, Rocky) */
	KVER_FEDORA,	/* "6.11.4-301.fc41.x86_64" */
	KVER_OTHER,	/* any other "-..." or "+..." suffix */
};

/*
 * What users and unames give as a kernel, parsed strictly: an optional
 * "v", MAJOR.MINOR[.PATCH], then nothing, or a suffix that starts with
 * '-' or '+' and holds at least one of [A-Za-z0-9._+~-] and nothing else.
 * "6.12abc", "6.12 " and "6.12-" are refused.  kv gets the upstream base
 * the release derives from; distro (may be NULL) what the suffix says.
 * Returns 0, -EINVAL (not a version) or -ERANGE (numbers out of range).
 */
int kver_parse_release(const char *s, struct kver *kv,
		       enum kver_distro *distro);
/* "Debian", "Ubuntu", "RHEL", "Fedora", "upstream", "a distribution". */
const char *kver_distro_name(enum kver_distro d);
int kver_cmp(struct kver a, struct kver b);
static inline bool kver_ge(struct kver kv, unsigned int a, unsigned int b,
			   unsigned int c)
{
	return kver_cmp(kv, KVER(a, b, c)) >= 0;
}
/* "6.12" or "5.10.223" into buf; returns buf. */
const char *kver_str(struct kver kv, char *buf, size_t len);
/* The release before a series: 6.13 -> 6.12, 7.0 -> 6.19, 6.0 -> 5.19. */
struct kver kver_series_before(struct kver kv);
/* The release after a series: 6.12 -> 6.13, 6.19 -> 7.0. */
struct kver kver_series_after(struct kver kv);

/*
 * The release that made a change: some release r with first <= r <= by.
 * Pinned to one release when first == by.  A zero edge (major 0) means
 * "no change": the beginning of time as a start, "still true" as an end.
 */
struct kver_edge {
	struct kver first, by;
};

/* The kernels a row holds for: since <= kernel < until. */
struct kver_range {
	struct kver_edge since, until;
};

/*
 * Edges are brace lists, usable inside a range's compound literal in a
 * static table; a range is one compound literal, so that it passes
 * through macros as one argument.  Short names for them are aliases
 * ("#define FROM KVR_FROM"), so that KVR() gets its edges unexpanded.
 */
#define KV_AT(a, b)	{ { (a), (b), 0 }, { (a), (b), 0 } }
/* A stable backport: pinned to a sublevel. */
#define KV_AT3(a, b, c)	{ { (a), (b), (c) }, { (a), (b), (c) } }
/* Made after release a.b and by release c.d, which one unknown. */
#define KV_WINDOW(a, b, c, d)	{ { (a), (b) + 1, 0 }, { (c), (d), 0 } }
#define KV_NONE		{ { 0, 0, 0 }, { 0, 0, 0 } }

#define KVR(s, u)	((struct kver_range){ .since = s, .until = u })
#define KVR_ALL		((struct kver_range){ .since = KV_NONE, .until = KV_NONE })
/* variadic: an edge that a macro expanded first arrives as several arguments */
#define KVR_FROM(...)	((struct kver_range){ .since = __VA_ARGS__, .until = KV_NONE })
#define KVR_UNTIL(...)	((struct kver_range){ .since = KV_NONE, .until = __VA_ARGS__ })

static inline bool kver_edge_none(struct kver_edge e)
{
	return !e.by.major;
}

enum kver_in {
	KVER_OUT,
	KVER_IN,
	KVER_MAYBE,	/* the kernel lies in the window of an edge */
};

enum kver_in kver_range_test(struct kver_range r, struct kver kv);

/*
 * Whether r holds at kv, reading a MAYBE as the older rules (changed ==
 * false: a change in a window has not happened yet) or the newer ones.
 */
bool kver_range_holds(struct kver_range r, struct kver kv, bool changed);

/*
 * "6.1+", "5.10", "6.1-6.12", "all": the releases the range is known to
 * hold for.  A since edge prints its "by" release; an until edge prints
 * the release before its first.  floor names an open start ("5.10" for
 * the model, whose oldest kernel it is); NULL prints the range as "all"
 * or "-6.12".
 */
const char *kver_range_str(struct kver_range r, const char *floor, char *buf,
			   size_t len);

#endif
