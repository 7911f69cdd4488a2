// SPDX-License-Identifier: GPL-2.0-only
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nvmx_version.h"
#include "x86_64/snapshot.h"

const char *const snap_view_names[NR_SNAP_VIEWS] = {
	[VIEW_HW] = "hardware",
	[VIEW_SYS] = "system",
	[VIEW_VCPU] = "vcpu",
};

const char *snapshot_tool_version(void)
{
	return NVMX_VERSION;
}

void snapshot_init(struct vmx_snapshot *s, const char *origin)
{
	memset(s, 0, sizeof(*s));
	snprintf(s->tool_version, sizeof(s->tool_version), "%s", NVMX_VERSION);
	snprintf(s->origin, sizeof(s->origin), "%s", origin ? origin : "");
}

void snapshot_note(struct vmx_snapshot *s, const char *fmt, ...)
{
	va_list ap;

	if (s->nr_notes >= SNAP_MAX_NOTES)
		return;
	va_start(ap, fmt);
	vsnprintf(s->notes[s->nr_notes++], sizeof(s->notes[0]), fmt, ap);
	va_end(ap);
}

const char *snap_param(const struct vmx_snapshot *s, const char *name)
{
	unsigned int i;

	for (i = 0; i < s->nr_params; i++)
		if (!strcmp(s->params[i].name, name))
			return s->params[i].value;
	return NULL;
}

int snap_param_bool(const struct vmx_snapshot *s, const char *name)
{
	const char *v = snap_param(s, name);

	if (!v)
		return -1;
	if (!strcmp(v, "Y") || !strcmp(v, "y") || !strcmp(v, "1"))
		return 1;
	if (!strcmp(v, "N") || !strcmp(v, "n") || !strcmp(v, "0"))
		return 0;
	return -1;
}

static bool valid_param_name(const char *n)
{
	if (!*n || strlen(n) >= sizeof(((struct kvm_param *)0)->name))
		return false;
	for (; *n; n++)
		if (!isalnum((unsigned char)*n) && *n != '_')
			return false;
	return true;
}

int snap_param_set(struct vmx_snapshot *s, const char *name, const char *value)
{
	unsigned int i;

	if (!valid_param_name(name) ||
	    strlen(value) >= sizeof(s->params[0].value))
		return -EINVAL;
	for (i = 0; i < s->nr_params; i++)
		if (!strcmp(s->params[i].name, name))
			break;
	if (i == s->nr_params) {
		if (s->nr_params == SNAP_MAX_PARAMS)
			return -ENOSPC;
		s->nr_params++;
	}
	snprintf(s->params[i].name, sizeof(s->params[i].name), "%s", name);
	snprintf(s->params[i].value, sizeof(s->params[i].value), "%s", value);
	s->have_params = true;
	return 0;
}

struct cpuid_leaf *cpuid_set_find(const struct cpuid_set *c, uint32_t fn,
				  uint32_t idx)
{
	unsigned int i;

	for (i = 0; i < c->nr; i++)
		if (c->e[i].function == fn && c->e[i].index == idx)
			return (struct cpuid_leaf *)&c->e[i];
	return NULL;
}

int cpuid_set_has(const struct cpuid_set *c, struct x86_feature f)
{
	const struct cpuid_leaf *l = cpuid_set_find(c, f.function, f.index);
	uint32_t regs[4];

	if (!l)
		return -1;
	regs[CPUID_EAX] = l->eax;
	regs[CPUID_EBX] = l->ebx;
	regs[CPUID_ECX] = l->ecx;
	regs[CPUID_EDX] = l->edx;
	return !!(regs[f.reg] & (1U << f.bit));
}

int cpuid_set_add(struct cpuid_set *c, const struct cpuid_leaf *l)
{
	struct cpuid_leaf *old = cpuid_set_find(c, l->function, l->index);

	if (old) {
		*old = *l;
		return 0;
	}
	if (c->nr == SNAP_MAX_CPUID)
		return -ENOSPC;
	c->e[c->nr++] = *l;
	return 0;
}

bool flags_line_has(const char *line, const char *flag)
{
	size_t n = strlen(flag);
	const char *p = line;

	while (p && (p = strstr(p, flag))) {
		bool start = p == line || p[-1] == ' ' || p[-1] == '\t';
		bool end = p[n] == '\0' || p[n] == ' ' || p[n] == '\t';

		if (start && end)
			return true;
		p += n;
	}
	return false;
}
