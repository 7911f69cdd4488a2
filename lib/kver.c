// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel versions and version ranges (include/kver.h).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "kver.h"

int kver_parse(const char *s, struct kver *kv)
{
	unsigned int a, b, c = 0;
	int n = 0;

	if (sscanf(s, "%u.%u%n", &a, &b, &n) < 2)
		return -EINVAL;
	if (s[n] == '.')
		sscanf(s + n + 1, "%u", &c);
	*kv = KVER(a, b, c);
	return 0;
}

/* A decimal number of at most 5 digits; advances *p.  -1 if none. */
static long small_number(const char **p)
{
	long v = 0;
	int n = 0;

	while (**p >= '0' && **p <= '9') {
		if (++n > 5)
			return -1;
		v = v * 10 + (**p - '0');
		(*p)++;
	}
	return n ? v : -1;
}

static bool suffix_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '+' ||
	       c == '~' || c == '-';
}

/* What a valid suffix says about who built the kernel. */
static enum kver_distro suffix_distro(const char *sfx)
{
	static const char *const ubuntu[] = {
		"-generic", "-lowlatency", "-aws", "-azure", "-gcp", "-gke",
		"-oracle", "-kvm", "-ibm", "-nvidia", "-oem", "-raspi",
	};
	unsigned int i;

	if (!*sfx)
		return KVER_UPSTREAM;
	if (strstr(sfx, ".el") && (strstr(sfx, ".el7") || strstr(sfx, ".el8") ||
				  strstr(sfx, ".el9") || strstr(sfx, ".el10")))
		return KVER_RHEL;
	if (strstr(sfx, ".fc"))
		return KVER_FEDORA;
	if (strstr(sfx, "+deb") || strstr(sfx, "-amd64") ||
	    strstr(sfx, "-cloud-amd64") || strstr(sfx, "-rt-amd64"))
		return KVER_DEBIAN;
	for (i = 0; i < sizeof(ubuntu) / sizeof(ubuntu[0]); i++)
		if (strstr(sfx, ubuntu[i]))
			return KVER_UBUNTU;
	if (!strncmp(sfx, "-rc", 3))
		return KVER_UPSTREAM;
	return KVER_OTHER;
}

int kver_parse_release(const char *s, struct kver *kv,
		       enum kver_distro *distro)
{
	const char *p = s;
	long a, b, c = 0;
	const char *sfx;

	if (*p == 'v')
		p++;
	a = small_number(&p);
	if (a < 0 || *p++ != '.')
		return -EINVAL;
	b = small_number(&p);
	if (b < 0)
		return -EINVAL;
	if (*p == '.') {
		p++;
		c = small_number(&p);
		if (c < 0)
			return -EINVAL;
	}
	sfx = p;
	if (*p) {
		/* a suffix is a separator and at least one more character */
		if ((*p != '-' && *p != '+') || !p[1])
			return -EINVAL;
		for (p++; *p; p++)
			if (!suffix_char(*p))
				return -EINVAL;
	}
	if (a == 0 || a > 99 || b > 999 || c > 99999)
		return -ERANGE;
	*kv = KVER((unsigned int)a, (unsigned int)b, (unsigned int)c);
	if (distro)
		*distro = suffix_distro(sfx);
	return 0;
}

const char *kver_distro_name(enum kver_distro d)
{
	switch (d) {
	case KVER_UPSTREAM:	return "upstream";
	case KVER_DEBIAN:	return "Debian";
	case KVER_UBUNTU:	return "Ubuntu";
	case KVER_RHEL:		return "RHEL";
	case KVER_FEDORA:	return "Fedora";
	default:		return "a distribution";
	}
}

int kver_cmp(struct kver a, struct kver b)
{
	if (a.major != b.major)
		return a.major < b.major ? -1 : 1;
	if (a.minor != b.minor)
		return a.minor < b.minor ? -1 : 1;
	if (a.patch != b.patch)
		return a.patch < b.patch ? -1 : 1;
	return 0;
}

const char *kver_str(struct kver kv, char *buf, size_t len)
{
	if (kv.patch)
		snprintf(buf, len, "%u.%u.%u", kv.major, kv.minor, kv.patch);
	else
		snprintf(buf, len, "%u.%u", kv.major, kv.minor);
	return buf;
}

/*
 * The last minor of each major series: 2.6.39, 3.19, 4.20, 5.19, 6.19.
 * A major past the table (7) has no known end yet.
 */
static const unsigned int last_minor[] = { 0, 0, 6, 19, 20, 19, 19 };

struct kver kver_series_before(struct kver kv)
{
	if (kv.minor)
		return KVER(kv.major, kv.minor - 1, 0);
	if (kv.major && kv.major - 1 < sizeof(last_minor) / sizeof(last_minor[0]))
		return KVER(kv.major - 1, last_minor[kv.major - 1], 0);
	return KVER(kv.major ? kv.major - 1 : 0, 0, 0);
}

struct kver kver_series_after(struct kver kv)
{
	/* 7.0 goes on to 7.1: only a major with a known end rolls over */
	if (kv.major < sizeof(last_minor) / sizeof(last_minor[0]) &&
	    last_minor[kv.major] && kv.minor == last_minor[kv.major])
		return KVER(kv.major + 1, 0, 0);
	return KVER(kv.major, kv.minor + 1, 0);
}

/* Where kv stands against an edge: before it, inside its window, after. */
static enum kver_in past_edge(struct kver_edge e, struct kver kv)
{
	if (kver_cmp(kv, e.first) < 0)
		return KVER_OUT;
	if (kver_cmp(kv, e.by) >= 0)
		return KVER_IN;
	return KVER_MAYBE;
}

enum kver_in kver_range_test(struct kver_range r, struct kver kv)
{
	enum kver_in s = kver_edge_none(r.since) ? KVER_IN : past_edge(r.since, kv);
	enum kver_in u = kver_edge_none(r.until) ? KVER_OUT : past_edge(r.until, kv);

	if (s == KVER_OUT || u == KVER_IN)
		return KVER_OUT;
	if (s == KVER_MAYBE || u == KVER_MAYBE)
		return KVER_MAYBE;
	return KVER_IN;
}

bool kver_range_holds(struct kver_range r, struct kver kv, bool changed)
{
	bool s, u;

	/* each edge on its own: with changed, a change in its window is made */
	s = kver_edge_none(r.since) || past_edge(r.since, kv) == KVER_IN ||
	    (changed && past_edge(r.since, kv) == KVER_MAYBE);
	u = !kver_edge_none(r.until) &&
	    (past_edge(r.until, kv) == KVER_IN ||
	     (changed && past_edge(r.until, kv) == KVER_MAYBE));
	return s && !u;
}

const char *kver_range_str(struct kver_range r, const char *floor, char *buf,
			   size_t len)
{
	char s[24] = "", l[24];
	struct kver last;

	if (!kver_edge_none(r.since))
		kver_str(r.since.by, s, sizeof(s));
	else if (floor)
		snprintf(s, sizeof(s), "%s", floor);
	if (kver_edge_none(r.until)) {
		snprintf(buf, len, "%s%s", s[0] ? s : "all", s[0] ? "+" : "");
		return buf;
	}
	/* the last release known to hold: the one before the change */
	last = kver_series_before(r.until.first);
	kver_str(last, l, sizeof(l));
	if (!strcmp(s, l))
		snprintf(buf, len, "%s", l);
	else
		snprintf(buf, len, "%s-%s", s, l);
	return buf;
}
