// SPDX-License-Identifier: GPL-2.0-only
/*
 * JSON snapshots, through libjansson.  The schema is in README.md
 * ("Snapshot format"); its version is SNAPSHOT_SCHEMA_VERSION.
 *
 * 64-bit values are hex strings ("0x00da040000000004"), never JSON
 * numbers, which many readers hold as doubles.  Reading is strict: a
 * wrong type, an unknown MSR, a value out of range or a duplicate key is
 * an error naming the JSON path.
 */
#include <fcntl.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "x86_64/snapshot.h"

#define MAX_SNAPSHOT_BYTES	(4 << 20)

struct jctx {
	const char *name;
	char *err;
	size_t errlen;
};

static int jerr(struct jctx *c, const char *path, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(c->err, c->errlen, "%s: %s: %s", c->name, path, msg);
	return -1;
}

static const char *jtype(const json_t *j)
{
	switch (json_typeof(j)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: return "an integer";
	case JSON_REAL: return "a number";
	case JSON_TRUE:
	case JSON_FALSE: return "a boolean";
	default: return "null";
	}
}

static int get_str(struct jctx *c, json_t *obj, const char *key,
		   const char *path, char *out, size_t len, bool required)
{
	json_t *j = json_object_get(obj, key);
	char p[256];

	snprintf(p, sizeof(p), "%s.%s", path, key);
	if (!j) {
		if (required)
			return jerr(c, p, "missing");
		return 0;
	}
	if (!json_is_string(j))
		return jerr(c, p, "expected a string, got %s", jtype(j));
	if (json_string_length(j) >= len)
		return jerr(c, p, "string longer than %zu bytes", len - 1);
	if (strlen(json_string_value(j)) != json_string_length(j))
		return jerr(c, p, "string contains a NUL byte");
	memcpy(out, json_string_value(j), json_string_length(j) + 1);
	return 0;
}

static int get_hex(struct jctx *c, json_t *j, const char *path, uint64_t *v,
		   uint64_t max)
{
	const char *s;

	if (!json_is_string(j))
		return jerr(c, path, "expected a hex string like \"0x1f\", got %s",
			    jtype(j));
	s = json_string_value(j);
	switch (parse_hex64(s, json_string_length(j), v)) {
	case 0:
		break;
	case -ERANGE:
		return jerr(c, path, "value \"%.40s\" is out of range (more than 64 bits)", s);
	default:
		return jerr(c, path, "\"%.40s\" is not a hex string like \"0x1f\"", s);
	}
	if (*v > max)
		return jerr(c, path, "value %s is out of range (at most 0x%llx)", s,
			    (unsigned long long)max);
	return 0;
}

static int parse_msr_views(struct jctx *c, struct vmx_snapshot *s, json_t *msrs)
{
	const char *vname, *key;
	json_t *view, *val;
	char path[256];

	if (!json_is_object(msrs))
		return jerr(c, "$.msrs", "expected an object, got %s", jtype(msrs));
	json_object_foreach(msrs, vname, view) {
		int v;

		for (v = 0; v < NR_SNAP_VIEWS; v++)
			if (!strcmp(vname, snap_view_names[v]))
				break;
		snprintf(path, sizeof(path), "$.msrs.%.64s", vname);
		if (v == NR_SNAP_VIEWS)
			return jerr(c, path, "unknown view (hardware, system or vcpu)");
		if (!json_is_object(view))
			return jerr(c, path, "expected an object, got %s", jtype(view));
		json_object_foreach(view, key, val) {
			int id = vmx_msr_by_name(key);
			uint64_t x;

			snprintf(path, sizeof(path), "$.msrs.%s.%.64s", vname, key);
			if (id < 0)
				return jerr(c, path, "unknown MSR (the VMX capability MSRs are 0x480 to 0x491)");
			if (msrs_has(&s->msrs[v], id))
				return jerr(c, path, "duplicate entry for %s",
					    vmx_msr_name(id));
			if (get_hex(c, val, path, &x, ~0ULL))
				return -1;
			msrs_set(&s->msrs[v], id, x);
		}
	}
	return 0;
}

static int parse_cpuid_list(struct jctx *c, struct cpuid_set *set, json_t *arr,
			    const char *path)
{
	static const char *const regs[] = { "eax", "ebx", "ecx", "edx" };
	size_t i;
	json_t *e;
	char p[256];

	if (!json_is_array(arr))
		return jerr(c, path, "expected an array, got %s", jtype(arr));
	json_array_foreach(arr, i, e) {
		struct cpuid_leaf l;
		uint64_t v[6];
		unsigned int r;

		snprintf(p, sizeof(p), "%s[%zu]", path, i);
		if (!json_is_object(e))
			return jerr(c, p, "expected an object, got %s", jtype(e));
		for (r = 0; r < 6; r++) {
			const char *k = r == 0 ? "function" : r == 1 ? "index" :
					regs[r - 2];
			json_t *j = json_object_get(e, k);
			char pk[300];

			snprintf(pk, sizeof(pk), "%s.%s", p, k);
			if (!j)
				return jerr(c, pk, "missing");
			if (get_hex(c, j, pk, &v[r], 0xffffffffULL))
				return -1;
		}
		l = (struct cpuid_leaf){ (uint32_t)v[0], (uint32_t)v[1],
					 (uint32_t)v[2], (uint32_t)v[3],
					 (uint32_t)v[4], (uint32_t)v[5] };
		if (cpuid_set_find(set, l.function, l.index))
			return jerr(c, p, "duplicate leaf 0x%x.0x%x", l.function,
				    l.index);
		if (cpuid_set_add(set, &l))
			return jerr(c, p, "more than %d CPUID leaves", SNAP_MAX_CPUID);
	}
	return 0;
}

static int parse_root(struct jctx *c, struct vmx_snapshot *s, json_t *root)
{
	json_t *j, *o;
	char schema[64];
	const char *key;
	json_t *val;

	if (!json_is_object(root))
		return jerr(c, "$", "expected an object, got %s", jtype(root));
	if (get_str(c, root, "schema", "$", schema, sizeof(schema), true))
		return -1;
	if (strcmp(schema, SNAPSHOT_SCHEMA))
		return jerr(c, "$.schema", "\"%s\" is not \"%s\"", schema,
			    SNAPSHOT_SCHEMA);
	j = json_object_get(root, "schema_version");
	if (!j)
		return jerr(c, "$.schema_version", "missing");
	if (!json_is_integer(j))
		return jerr(c, "$.schema_version", "expected an integer, got %s",
			    jtype(j));
	if (json_integer_value(j) < 1 ||
	    json_integer_value(j) > SNAPSHOT_SCHEMA_VERSION)
		return jerr(c, "$.schema_version",
			    "version %lld is not supported (this tool reads 1 to %d)",
			    (long long)json_integer_value(j), SNAPSHOT_SCHEMA_VERSION);

	if (get_str(c, root, "tool_version", "$", s->tool_version,
		    sizeof(s->tool_version), false) ||
	    get_str(c, root, "environment", "$", s->environment,
		    sizeof(s->environment), false))
		return -1;

	o = json_object_get(root, "kernel");
	if (o) {
		char ver[64] = "";

		if (!json_is_object(o))
			return jerr(c, "$.kernel", "expected an object, got %s", jtype(o));
		if (get_str(c, o, "release", "$.kernel", s->kernel_release,
			    sizeof(s->kernel_release), false) ||
		    get_str(c, o, "version", "$.kernel", ver, sizeof(ver), false))
			return -1;
		if (*ver) {
			if (kver_parse(ver, &s->kver))
				return jerr(c, "$.kernel.version",
					    "\"%s\" is not a version like 6.12.57", ver);
			s->have_kver = true;
		}
	}

	o = json_object_get(root, "cpu");
	if (o) {
		json_t *sig;

		if (!json_is_object(o))
			return jerr(c, "$.cpu", "expected an object, got %s", jtype(o));
		if (get_str(c, o, "vendor", "$.cpu", s->cpu_vendor,
			    sizeof(s->cpu_vendor), false) ||
		    get_str(c, o, "model_name", "$.cpu", s->cpu_model,
			    sizeof(s->cpu_model), false) ||
		    get_str(c, o, "flags", "$.cpu", s->cpu_flags,
			    sizeof(s->cpu_flags), false) ||
		    get_str(c, o, "vmx_flags", "$.cpu", s->vmx_flags,
			    sizeof(s->vmx_flags), false))
			return -1;
		s->have_cpu_flags = json_object_get(o, "flags") != NULL;
		s->have_vmx_flags = json_object_get(o, "vmx_flags") != NULL;
		sig = json_object_get(o, "signature");
		if (sig) {
			uint64_t v;

			if (get_hex(c, sig, "$.cpu.signature", &v, 0xffffffffULL))
				return -1;
			s->cpu_signature = (uint32_t)v;
			s->have_signature = true;
		}
	}

	o = json_object_get(root, "kvm");
	if (o) {
		json_t *params;

		if (!json_is_object(o))
			return jerr(c, "$.kvm", "expected an object, got %s", jtype(o));
		if (get_str(c, o, "module", "$.kvm", s->kvm_module,
			    sizeof(s->kvm_module), false))
			return -1;
		params = json_object_get(o, "params");
		if (params) {
			if (!json_is_object(params))
				return jerr(c, "$.kvm.params", "expected an object, got %s",
					    jtype(params));
			s->have_params = true;
			json_object_foreach(params, key, val) {
				char p[128];

				snprintf(p, sizeof(p), "$.kvm.params.%.64s", key);
				if (!json_is_string(val))
					return jerr(c, p, "expected a string, got %s",
						    jtype(val));
				if (snap_param_set(s, key, json_string_value(val)))
					return jerr(c, p, "bad parameter name or value, or too many");
			}
		}
	}

	j = json_object_get(root, "msrs");
	if (!j)
		return jerr(c, "$.msrs", "missing");
	if (parse_msr_views(c, s, j))
		return -1;

	o = json_object_get(root, "cpuid");
	if (o) {
		if (!json_is_object(o))
			return jerr(c, "$.cpuid", "expected an object, got %s", jtype(o));
		if ((j = json_object_get(o, "host")) &&
		    parse_cpuid_list(c, &s->host_cpuid, j, "$.cpuid.host"))
			return -1;
		if ((j = json_object_get(o, "kvm_supported")) &&
		    parse_cpuid_list(c, &s->kvm_cpuid, j, "$.cpuid.kvm_supported"))
			return -1;
	}

	j = json_object_get(root, "notes");
	if (j) {
		size_t i;
		json_t *n;

		if (!json_is_array(j))
			return jerr(c, "$.notes", "expected an array, got %s", jtype(j));
		json_array_foreach(j, i, n) {
			char p[64];

			snprintf(p, sizeof(p), "$.notes[%zu]", i);
			if (!json_is_string(n))
				return jerr(c, p, "expected a string, got %s", jtype(n));
			snapshot_note(s, "%s", json_string_value(n));
		}
	}
	return 0;
}

int snapshot_parse_json(struct vmx_snapshot *s, const char *name,
			const char *text, size_t len, char *err, size_t errlen)
{
	struct jctx c = { .name = name, .err = err, .errlen = errlen };
	json_error_t je;
	json_t *root;
	int r;

	snapshot_init(s, name);
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		snprintf(err, errlen, "%s:%d: invalid JSON: %s", name, je.line,
			 je.text);
		return -1;
	}
	r = parse_root(&c, s, root);
	json_decref(root);
	return r;
}

static json_t *hexstr(uint64_t v, int digits)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "0x%0*llx", digits, (unsigned long long)v);
	return json_string(buf);
}

static json_t *cpuid_json(const struct cpuid_set *c)
{
	json_t *arr = json_array();
	unsigned int i;

	for (i = 0; i < c->nr; i++) {
		const struct cpuid_leaf *l = &c->e[i];

		json_array_append_new(arr, json_pack("{s:o,s:o,s:o,s:o,s:o,s:o}",
			"function", hexstr(l->function, 1),
			"index", hexstr(l->index, 1),
			"eax", hexstr(l->eax, 8), "ebx", hexstr(l->ebx, 8),
			"ecx", hexstr(l->ecx, 8), "edx", hexstr(l->edx, 8)));
	}
	return arr;
}

json_t *snapshot_to_json(const struct vmx_snapshot *s)
{
	json_t *root = json_object(), *msrs = json_object(), *o;
	unsigned int v, i;
	char ver[32];

	json_object_set_new(root, "schema", json_string(SNAPSHOT_SCHEMA));
	json_object_set_new(root, "schema_version",
			    json_integer(SNAPSHOT_SCHEMA_VERSION));
	json_object_set_new(root, "tool_version", json_string(s->tool_version));
	json_object_set_new(root, "environment", json_string(s->environment));

	o = json_object();
	json_object_set_new(o, "release", json_string(s->kernel_release));
	if (s->have_kver)
		json_object_set_new(o, "version",
				    json_string(kver_str(s->kver, ver, sizeof(ver))));
	json_object_set_new(root, "kernel", o);

	o = json_object();
	json_object_set_new(o, "vendor", json_string(s->cpu_vendor));
	json_object_set_new(o, "model_name", json_string(s->cpu_model));
	if (s->have_signature)
		json_object_set_new(o, "signature", hexstr(s->cpu_signature, 8));
	if (s->have_cpu_flags)
		json_object_set_new(o, "flags", json_string(s->cpu_flags));
	if (s->have_vmx_flags)
		json_object_set_new(o, "vmx_flags", json_string(s->vmx_flags));
	json_object_set_new(root, "cpu", o);

	o = json_object();
	json_object_set_new(o, "module", json_string(s->kvm_module));
	if (s->have_params) {
		json_t *p = json_object();

		for (i = 0; i < s->nr_params; i++)
			json_object_set_new(p, s->params[i].name,
					    json_string(s->params[i].value));
		json_object_set_new(o, "params", p);
	}
	json_object_set_new(root, "kvm", o);

	for (v = 0; v < NR_SNAP_VIEWS; v++) {
		json_t *view = json_object();

		if (msrs_empty(&s->msrs[v])) {
			json_decref(view);
			continue;
		}
		for (i = 0; i < NR_VMX_MSRS; i++)
			if (msrs_has(&s->msrs[v], i))
				json_object_set_new(view, vmx_msr_name(i),
						    hexstr(s->msrs[v].val[i], 16));
		json_object_set_new(msrs, snap_view_names[v], view);
	}
	json_object_set_new(root, "msrs", msrs);

	o = json_object();
	if (s->host_cpuid.nr)
		json_object_set_new(o, "host", cpuid_json(&s->host_cpuid));
	if (s->kvm_cpuid.nr)
		json_object_set_new(o, "kvm_supported", cpuid_json(&s->kvm_cpuid));
	json_object_set_new(root, "cpuid", o);

	o = json_array();
	for (i = 0; i < s->nr_notes; i++)
		json_array_append_new(o, json_string(s->notes[i]));
	json_object_set_new(root, "notes", o);
	return root;
}

int snapshot_write_json(const struct vmx_snapshot *s, const char *path)
{
	json_t *root = snapshot_to_json(s);
	int r;

	if (!strcmp(path, "-"))
		r = json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	else
		r = json_dump_file(root, path, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (!r && !strcmp(path, "-"))
		putchar('\n');
	json_decref(root);
	return r ? -EIO : 0;
}

int snapshot_load(struct vmx_snapshot *s, const char *path, char *err,
		  size_t errlen)
{
	struct stat st;
	char *buf;
	ssize_t n, total = 0;
	size_t i;
	int fd, r;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size > MAX_SNAPSHOT_BYTES) {
		snprintf(err, errlen, "%s: not a regular file of at most %d bytes",
			 path, MAX_SNAPSHOT_BYTES);
		close(fd);
		return -1;
	}
	buf = malloc(st.st_size + 1);
	if (!buf) {
		close(fd);
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	while (total < st.st_size &&
	       (n = read(fd, buf + total, st.st_size - total)) > 0)
		total += n;
	close(fd);
	buf[total] = '\0';
	if (total == 0) {
		snprintf(err, errlen, "%s: empty file", path);
		free(buf);
		return -1;
	}
	if (memchr(buf, '\0', total)) {
		snprintf(err, errlen, "%s: binary data (a NUL byte at offset %zu)",
			 path, (size_t)((char *)memchr(buf, '\0', total) - buf));
		free(buf);
		return -1;
	}
	for (i = 0; i < (size_t)total && (buf[i] == ' ' || buf[i] == '\n' ||
					  buf[i] == '\t' || buf[i] == '\r'); i++)
		;
	if (i < (size_t)total && buf[i] == '{')
		r = snapshot_parse_json(s, path, buf, total, err, errlen);
	else
		r = snapshot_parse_plain(s, path, buf, err, errlen);
	free(buf);
	return r;
}
