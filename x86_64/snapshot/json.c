// SPDX-License-Identifier: GPL-2.0-only
/*
 * JSON snapshots, through libjansson.  The schema is in
 * docs/snapshot-schema.md; its version is SNAPSHOT_SCHEMA_VERSION.
 *
 * 64-bit values are hex strings ("0x00da040000000004"), never JSON
 * numbers, which many readers hold as doubles.  Reading is strict: a
 * wrong type, an unknown MSR, a value out of range or a duplicate key is
 * an error naming the JSON path.
 */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "x86_64/kvm_params.h"
#include "x86_64/snapshot.h"

void snapshot_json_seed(void)
{
	size_t seed = 0;

	if (getrandom(&seed, sizeof(seed), GRND_INSECURE) != sizeof(seed) &&
	    getrandom(&seed, sizeof(seed), GRND_NONBLOCK) != sizeof(seed)) {
		struct timespec ts;

		/* an RNG not ready yet, on a kernel older than 5.6 */
		clock_gettime(CLOCK_MONOTONIC, &ts);
		seed = (size_t)ts.tv_nsec ^ ((size_t)ts.tv_sec << 30) ^
		       (size_t)getpid();
	}
	json_object_seed(seed ? seed : 1);
}

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

/* path.key, with the key quoted: keys come from the input. */
static void subpath(char *out, size_t len, const char *path, const char *key)
{
	char q[80];

	/* a path cut short still names the place well enough */
	if (snprintf(out, len, "%s.%s", path,
		     snap_quote(q, sizeof(q), key, strlen(key))) >= (int)len)
		out[len - 1] = '\0';
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

/*
 * Every object of the schema has a fixed set of keys.  An unknown key is
 * an error, not ignored: a misspelt "kvm_suported" would otherwise drop
 * data silently, and a newer writer bumps schema_version instead.
 */
static int known_keys(struct jctx *c, json_t *obj, const char *path,
		      const char *const *keys)
{
	const char *key;
	json_t *val;
	char p[256];

	json_object_foreach(obj, key, val) {
		unsigned int i;

		for (i = 0; keys[i]; i++)
			if (!strcmp(key, keys[i]))
				break;
		if (!keys[i]) {
			subpath(p, sizeof(p), path, key);
			return jerr(c, p, "unknown key");
		}
	}
	return 0;
}

static int want_object(struct jctx *c, json_t *j, const char *path)
{
	if (!json_is_object(j))
		return jerr(c, path, "expected an object, got %s", jtype(j));
	return 0;
}

static int string_value(struct jctx *c, json_t *j, const char *path,
			char *out, size_t len)
{
	if (!json_is_string(j))
		return jerr(c, path, "expected a string, got %s", jtype(j));
	if (json_string_length(j) >= len)
		return jerr(c, path, "string longer than %zu bytes", len - 1);
	if (strlen(json_string_value(j)) != json_string_length(j))
		return jerr(c, path, "string contains a NUL byte");
	if (!snap_printable_text(json_string_value(j)))
		return jerr(c, path, "string contains a control character");
	memcpy(out, json_string_value(j), json_string_length(j) + 1);
	return 0;
}

static int get_str(struct jctx *c, json_t *obj, const char *key,
		   const char *path, char *out, size_t len, bool required)
{
	json_t *j = json_object_get(obj, key);
	char p[256];

	subpath(p, sizeof(p), path, key);
	if (!j)
		return required ? jerr(c, p, "missing") : 0;
	return string_value(c, j, p, out, len);
}

static int get_hex(struct jctx *c, json_t *j, const char *path, uint64_t *v,
		   uint64_t max)
{
	const char *s;
	char q[64];

	if (!json_is_string(j))
		return jerr(c, path, "expected a hex string like \"0x1f\", got %s",
			    jtype(j));
	s = json_string_value(j);
	snap_quote(q, sizeof(q), s, json_string_length(j));
	switch (parse_hex64(s, json_string_length(j), v)) {
	case 0:
		break;
	case -ERANGE:
		return jerr(c, path, "value \"%s\" is out of range (more than 64 bits)", q);
	default:
		return jerr(c, path, "\"%s\" is not a hex string like \"0x1f\"", q);
	}
	if (*v > max)
		return jerr(c, path, "value %s is out of range (at most 0x%llx)", q,
			    (unsigned long long)max);
	return 0;
}

static int parse_msr_views(struct jctx *c, struct vmx_snapshot *s, json_t *msrs)
{
	const char *vname, *key;
	json_t *view, *val;
	char path[256], vpath[256];

	if (want_object(c, msrs, "$.msrs"))
		return -1;
	json_object_foreach(msrs, vname, view) {
		int v;

		for (v = 0; v < NR_SNAP_VIEWS; v++)
			if (!strcmp(vname, snap_view_names[v]))
				break;
		subpath(vpath, sizeof(vpath), "$.msrs", vname);
		if (v == NR_SNAP_VIEWS)
			return jerr(c, vpath, "unknown view (hardware, system or vcpu)");
		if (want_object(c, view, vpath))
			return -1;
		json_object_foreach(view, key, val) {
			int id = vmx_msr_by_name(key);
			uint64_t x;

			subpath(path, sizeof(path), vpath, key);
			if (id < 0)
				return jerr(c, path, "unknown MSR (the VMX capability MSRs are IA32_VMX_BASIC to IA32_VMX_VMFUNC, 0x480 to 0x491)");
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
	static const char *const keys[] = {
		"function", "index", "eax", "ebx", "ecx", "edx", NULL
	};
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
		if (want_object(c, e, p) || known_keys(c, e, p, keys))
			return -1;
		for (r = 0; r < 6; r++) {
			json_t *j = json_object_get(e, keys[r]);
			char pk[300];

			snprintf(pk, sizeof(pk), "%s.%s", p, keys[r]);
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

static int parse_schema(struct jctx *c, json_t *root)
{
	char schema[64];
	json_t *j;

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
	return 0;
}

static int parse_kernel(struct jctx *c, struct vmx_snapshot *s, json_t *o)
{
	static const char *const keys[] = { "release", "version", NULL };
	char ver[64] = "";

	if (want_object(c, o, "$.kernel") || known_keys(c, o, "$.kernel", keys) ||
	    get_str(c, o, "release", "$.kernel", s->kernel_release,
		    sizeof(s->kernel_release), false) ||
	    get_str(c, o, "version", "$.kernel", ver, sizeof(ver), false))
		return -1;
	if (json_object_get(o, "version")) {
		if (snap_parse_kver(ver, false, &s->kver))
			return jerr(c, "$.kernel.version",
				    "\"%s\" is not a version like 6.12 or 6.12.57", ver);
		s->have_kver = true;
	}
	return 0;
}

static int parse_cpu(struct jctx *c, struct vmx_snapshot *s, json_t *o)
{
	static const char *const keys[] = {
		"vendor", "model_name", "signature", "flags", "vmx_flags", NULL
	};
	json_t *sig;

	if (want_object(c, o, "$.cpu") || known_keys(c, o, "$.cpu", keys) ||
	    get_str(c, o, "vendor", "$.cpu", s->cpu_vendor,
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
	return 0;
}

static int parse_kvm(struct jctx *c, struct vmx_snapshot *s, json_t *o)
{
	static const char *const keys[] = { "module", "params", NULL };
	const char *key;
	json_t *params, *val;

	if (want_object(c, o, "$.kvm") || known_keys(c, o, "$.kvm", keys) ||
	    get_str(c, o, "module", "$.kvm", s->kvm_module,
		    sizeof(s->kvm_module), false))
		return -1;
	params = json_object_get(o, "params");
	if (!params)
		return 0;
	if (want_object(c, params, "$.kvm.params"))
		return -1;
	s->have_params = true;
	json_object_foreach(params, key, val) {
		char p[128], v[sizeof(s->params[0].value)], why[200];

		subpath(p, sizeof(p), "$.kvm.params", key);
		if (string_value(c, val, p, v, sizeof(v)))
			return -1;
		/* sysfs may show parameters newer than the table: types only */
		if (!strcmp(s->kvm_module, "kvm_intel") &&
		    kvm_param_check(key, v, false, why, sizeof(why)))
			return jerr(c, p, "%s", why);
		switch (snap_param_set(s, key, v)) {
		case 0:
			break;
		case -ENOSPC:
			return jerr(c, p, "more than %d parameters", SNAP_MAX_PARAMS);
		default:
			return jerr(c, p, "not a parameter name (letters, digits and '_', at most %zu bytes)",
				    sizeof(s->params[0].name) - 1);
		}
	}
	return 0;
}

static int parse_cpuid(struct jctx *c, struct vmx_snapshot *s, json_t *o)
{
	static const char *const keys[] = { "host", "kvm_supported", NULL };
	json_t *j;

	if (want_object(c, o, "$.cpuid") || known_keys(c, o, "$.cpuid", keys))
		return -1;
	if ((j = json_object_get(o, "host")) &&
	    parse_cpuid_list(c, &s->host_cpuid, j, "$.cpuid.host"))
		return -1;
	if ((j = json_object_get(o, "kvm_supported")) &&
	    parse_cpuid_list(c, &s->kvm_cpuid, j, "$.cpuid.kvm_supported"))
		return -1;
	return 0;
}

static int parse_notes(struct jctx *c, struct vmx_snapshot *s, json_t *j)
{
	size_t i;
	json_t *n;

	if (!json_is_array(j))
		return jerr(c, "$.notes", "expected an array, got %s", jtype(j));
	json_array_foreach(j, i, n) {
		char p[64];

		snprintf(p, sizeof(p), "$.notes[%zu]", i);
		if (i >= SNAP_MAX_NOTES)
			return jerr(c, p, "more than %d notes", SNAP_MAX_NOTES);
		if (string_value(c, n, p, s->notes[i], sizeof(s->notes[i])))
			return -1;
		s->nr_notes = i + 1;
	}
	return 0;
}

static int parse_root(struct jctx *c, struct vmx_snapshot *s, json_t *root)
{
	static const char *const keys[] = {
		"schema", "schema_version", "tool_version", "environment",
		"kernel", "cpu", "kvm", "msrs", "cpuid", "notes", NULL
	};
	json_t *j;

	if (want_object(c, root, "$") || parse_schema(c, root) ||
	    known_keys(c, root, "$", keys))
		return -1;
	if (get_str(c, root, "tool_version", "$", s->tool_version,
		    sizeof(s->tool_version), false) ||
	    get_str(c, root, "environment", "$", s->environment,
		    sizeof(s->environment), false))
		return -1;
	if ((j = json_object_get(root, "kernel")) && parse_kernel(c, s, j))
		return -1;
	if ((j = json_object_get(root, "cpu")) && parse_cpu(c, s, j))
		return -1;
	if ((j = json_object_get(root, "kvm")) && parse_kvm(c, s, j))
		return -1;
	j = json_object_get(root, "msrs");
	if (!j)
		return jerr(c, "$.msrs", "missing");
	if (parse_msr_views(c, s, j))
		return -1;
	if ((j = json_object_get(root, "cpuid")) && parse_cpuid(c, s, j))
		return -1;
	if ((j = json_object_get(root, "notes")) && parse_notes(c, s, j))
		return -1;
	return 0;
}

int snapshot_parse_json(struct vmx_snapshot *s, const char *name,
			const char *text, size_t len, char *err, size_t errlen)
{
	struct jctx c = { .name = name, .err = err, .errlen = errlen };
	json_error_t je;
	json_t *root;
	char q[100];
	int r;

	snapshot_init(s, name);
	/* the largest legitimate snapshot nests four deep */
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je);
	if (!root) {
		snap_quote(q, sizeof(q), je.text, strlen(je.text));
		snprintf(err, errlen, "%s:%d:%d: invalid JSON: %s", name, je.line,
			 je.column, q);
		return -1;
	}
	r = parse_root(&c, s, root);
	json_decref(root);
	if (r)
		snapshot_init(s, name);
	return r;
}

/*
 * A string for the writer.  jansson refuses text that is not UTF-8 and
 * returns NULL, which json_object_set_new() would drop without a word;
 * such text (a stray byte from /proc) is written \xNN-quoted instead.
 */
static json_t *jstr(const char *s)
{
	json_t *j = json_string(s);
	char q[4096];

	if (j)
		return j;
	return json_string(snap_quote(q, sizeof(q), s, strlen(s)));
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
	json_object_set_new(root, "tool_version", jstr(s->tool_version));
	json_object_set_new(root, "environment", jstr(s->environment));

	o = json_object();
	json_object_set_new(o, "release", jstr(s->kernel_release));
	if (s->have_kver)
		json_object_set_new(o, "version",
				    json_string(kver_str(s->kver, ver, sizeof(ver))));
	json_object_set_new(root, "kernel", o);

	o = json_object();
	json_object_set_new(o, "vendor", jstr(s->cpu_vendor));
	json_object_set_new(o, "model_name", jstr(s->cpu_model));
	if (s->have_signature)
		json_object_set_new(o, "signature", hexstr(s->cpu_signature, 8));
	if (s->have_cpu_flags)
		json_object_set_new(o, "flags", jstr(s->cpu_flags));
	if (s->have_vmx_flags)
		json_object_set_new(o, "vmx_flags", jstr(s->vmx_flags));
	json_object_set_new(root, "cpu", o);

	o = json_object();
	json_object_set_new(o, "module", jstr(s->kvm_module));
	if (s->have_params) {
		json_t *p = json_object();

		for (i = 0; i < s->nr_params; i++)
			json_object_set_new(p, s->params[i].name,
					    jstr(s->params[i].value));
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
		json_array_append_new(o, jstr(s->notes[i]));
	json_object_set_new(root, "notes", o);
	return root;
}

/*
 * To a file through a temporary and rename(), so that a capture that dies
 * half-way leaves no half-written snapshot behind to be read as a whole.
 */
/* json_dumpf() and the newline, with the errno of whatever failed. */
static int dump_to(json_t *root, FILE *f)
{
	errno = 0;
	if (json_dumpf(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER) ||
	    fputc('\n', f) == EOF || fflush(f))
		return errno ? -errno : -EIO;
	return 0;
}

int snapshot_write_json(const struct vmx_snapshot *s, const char *path)
{
	json_t *root = snapshot_to_json(s);
	char tmp[4096];
	FILE *f;
	int r;

	if (!strcmp(path, "-")) {
		r = dump_to(root, stdout);
		json_decref(root);
		return r;
	}
	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp)) {
		json_decref(root);
		return -ENAMETOOLONG;
	}
	f = fopen(tmp, "w");
	if (!f) {
		r = -errno;
		json_decref(root);
		return r;
	}
	r = dump_to(root, f);
	json_decref(root);
	if (fclose(f) && !r)
		r = -errno;
	if (!r && rename(tmp, path))
		r = -errno;
	if (r)
		unlink(tmp);
	return r;
}
