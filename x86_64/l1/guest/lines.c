// SPDX-License-Identifier: GPL-2.0-only
/*
 * TAP lines decided by L1, guest half: a record per rule in the results
 * area, which the host prints (l1/host/lines.c).  No libc here.
 */
#include <stdarg.h>

#include "ucall.h"
#include "x86_64/l1.h"

static struct l1_lines *lines;

void l1_lines_init(const struct vmx_pages *p)
{
	lines = (struct l1_lines *)p->results;
	lines->nr = 0;
	lines->cap = (p->results_size - sizeof(*lines)) / sizeof(lines->v[0]);
}

static void copy(char *dst, const char *src, int n)
{
	int i;

	for (i = 0; i < n - 1 && src[i]; i++)
		dst[i] = src[i];
	dst[i] = '\0';
}

void l1_line(enum tap_status st, const char *name, const char *fmt, ...)
{
	struct l1_line *l;
	va_list ap;

	GUEST_ASSERT_MSG(lines && lines->nr < lines->cap,
			 "no room for the line %s", name);
	l = &lines->v[lines->nr++];
	l->status = st;
	copy(l->name, name, sizeof(l->name));
	va_start(ap, fmt);
	guest_vsnprintf(l->msg, sizeof(l->msg), fmt, ap);
	va_end(ap);
}

bool vmx_ret_eq(struct vmx_ret a, struct vmx_ret b)
{
	if (a.outcome != b.outcome)
		return false;
	switch (a.outcome) {
	case VMX_FAIL_VALID:
	case VMX_EXITED:
		return a.error == b.error;
	case VMX_FAULT:
		return a.vector == b.vector;
	default:
		return true;
	}
}

bool l1_expect(const char *name, struct vmx_ret got, struct vmx_ret want,
	       const char *rule)
{
	bool ok = vmx_ret_eq(got, want);
	char g[128], w[128];

	l1_line(ok ? TAP_PASS : TAP_FAIL, name, "wanted %s, got %s: %s",
		vmx_ret_str(want, w, sizeof(w)), vmx_ret_str(got, g, sizeof(g)),
		rule);
	return ok;
}
