/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One snapshot of everything the checks and the model use: the hardware's
 * VMX MSRs, what KVM reports on the system fd and on a fresh vCPU, the
 * CPUID that matters, the kvm_intel parameters, the kernel and the CPU.
 *
 * A live capture, a JSON snapshot and a plain "0xINDEX 0xVALUE" dump all
 * fill this one struct, so every check runs the same way on a live host,
 * inside the emulated machine and on a file from a machine far away.
 */
#ifndef NVMX_SNAPSHOT_H
#define NVMX_SNAPSHOT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "test_util.h"
#include "x86_64/processor.h"
#include "x86_64/vmx_table.h"

#define SNAPSHOT_SCHEMA		"nvmx-snapshot"
#define SNAPSHOT_SCHEMA_VERSION	1

/* The 18 MSR values of one view, with which of them were read. */
struct vmx_msr_set {
	uint64_t val[NR_VMX_MSRS];
	uint32_t present;	/* bit n: val[n] is valid */
};

static inline bool msrs_has(const struct vmx_msr_set *s, int id)
{
	return id >= 0 && id < NR_VMX_MSRS && (s->present & (1U << id));
}

static inline uint64_t msrs_get(const struct vmx_msr_set *s, int id)
{
	return msrs_has(s, id) ? s->val[id] : 0;
}

static inline void msrs_set(struct vmx_msr_set *s, int id, uint64_t v)
{
	s->val[id] = v;
	s->present |= 1U << id;
}

static inline bool msrs_empty(const struct vmx_msr_set *s)
{
	return !s->present;
}

#define ALL_VMX_MSRS	((1U << NR_VMX_MSRS) - 1)
/* the 18 KVM reports */
#define KVM_VMX_MSRS	((1U << NR_KVM_VMX_MSRS) - 1)

/* The three views a snapshot can hold. */
enum snap_view {
	VIEW_HW,	/* the hardware: /dev/cpu/N/msr, or a bare-metal dump */
	VIEW_SYS,	/* KVM's system fd: KVM_GET_MSRS on /dev/kvm */
	VIEW_VCPU,	/* a fresh vCPU after KVM_SET_CPUID2(supported CPUID) */
	NR_SNAP_VIEWS,
};

extern const char *const snap_view_names[NR_SNAP_VIEWS];	/* "hardware", ... */

struct cpuid_leaf {
	uint32_t function, index;
	uint32_t eax, ebx, ecx, edx;
};

#define SNAP_MAX_CPUID	128

struct cpuid_set {
	unsigned int nr;
	struct cpuid_leaf e[SNAP_MAX_CPUID];
};

#define SNAP_MAX_PARAMS	64

struct kvm_param {
	char name[48];
	char value[64];
};

#define SNAP_MAX_NOTES	16

struct vmx_snapshot {
	char tool_version[64];
	/* "live", or the file it came from (for messages) */
	char origin[256];
	/* "live", "bare-metal", "nested-kvm", "emulated" ... */
	char environment[32];

	char kernel_release[128];	/* uname -r */
	struct kver kver;		/* with Debian's real sublevel */
	bool have_kver;

	char cpu_vendor[16];
	char cpu_model[128];		/* the brand string */
	uint32_t cpu_signature;		/* CPUID.1:EAX */
	bool have_signature;
	char kvm_module[32];		/* "kvm_intel", "kvm_pvm", "" */

	struct vmx_msr_set msrs[NR_SNAP_VIEWS];

	struct cpuid_set host_cpuid;	/* CPUID executed on the host */
	struct cpuid_set kvm_cpuid;	/* KVM_GET_SUPPORTED_CPUID */

	struct kvm_param params[SNAP_MAX_PARAMS];	/* kvm_intel's */
	unsigned int nr_params;
	bool have_params;

	char cpu_flags[4096];		/* /proc/cpuinfo "flags" */
	char vmx_flags[2048];		/* /proc/cpuinfo "vmx flags" */
	bool have_cpu_flags, have_vmx_flags;

	/* What could not be captured, and why. */
	char notes[SNAP_MAX_NOTES][256];
	unsigned int nr_notes;
};

void snapshot_init(struct vmx_snapshot *s, const char *origin);
/* The suite's version (git describe), as snapshots record it. */
const char *snapshot_tool_version(void);
void snapshot_note(struct vmx_snapshot *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* kvm_intel parameter value, or NULL if absent. */
const char *snap_param(const struct vmx_snapshot *s, const char *name);
/* 1 for Y/1, 0 for N/0, -1 if absent or not a boolean. */
int snap_param_bool(const struct vmx_snapshot *s, const char *name);
/* Adds or replaces; returns -ENOSPC when full, -EINVAL on a bad name. */
int snap_param_set(struct vmx_snapshot *s, const char *name, const char *value);

struct cpuid_leaf *cpuid_set_find(const struct cpuid_set *c, uint32_t fn,
				  uint32_t idx);
/* 1, 0, or -1 when the leaf is absent from the set. */
int cpuid_set_has(const struct cpuid_set *c, struct x86_feature f);
int cpuid_set_add(struct cpuid_set *c, const struct cpuid_leaf *l);

/* Whether a word appears in a space-separated flags line. */
bool flags_line_has(const char *line, const char *flag);

/*
 * Plain dumps: "0xINDEX 0xVALUE" lines and "# key: value" headers, the
 * format of data/cpus/.  The values go to the view the "environment"
 * header names (bare-metal: hardware; nested-kvm: system), or to the
 * hardware view by default.  Returns 0, or -1 with a one-line message
 * "FILE:LINE: problem" in err.
 */
int snapshot_parse_plain(struct vmx_snapshot *s, const char *name,
			 const char *text, char *err, size_t errlen);
/* "0x" and 1 to 16 hex digits, nothing else: 0, -EINVAL or -ERANGE. */
int parse_hex64(const char *tok, size_t len, uint64_t *v);

/* Writes one view as a plain dump. */
void snapshot_write_plain(FILE *f, const struct vmx_snapshot *s,
			  enum snap_view view, const char *comment);

/*
 * Reads a file of either format (JSON starts with { or [); "-" is stdin.
 * Returns 0, or -1 with one line in err: "FILE:LINE: problem" (plain),
 * "FILE: $.json.path: problem" (JSON), or "FILE: problem" (an empty
 * file, binary data, not UTF-8, too big).  Never a partial result: on
 * error *s is reset to an empty snapshot.
 */
int snapshot_load(struct vmx_snapshot *s, const char *path, char *err,
		  size_t errlen);
/* The same on a buffer (need not be NUL-terminated); name is for messages. */
int snapshot_parse_buffer(struct vmx_snapshot *s, const char *name,
			  const char *buf, size_t len, char *err, size_t errlen);
#define MAX_SNAPSHOT_BYTES	(4 << 20)
/*
 * The files of a directory whose names end in suffix (".json"), as
 * "DIR/NAME" paths sorted by name: how many, or -errno.  Free with
 * snapshot_list_free().
 */
int snapshot_list_dir(const char *dir, const char *suffix, char ***paths);
void snapshot_list_free(char **paths, int n);

/*
 * Text hygiene (x86_64/snapshot/text.c).  snap_quote() copies at most n
 * bytes of src for a message, with \xNN for every byte that is not
 * printable ASCII, and "..." when cut; returns dst.
 */
const char *snap_quote(char *dst, size_t len, const char *src, size_t n);
/* 0 if buf is UTF-8 text without control characters other than tab, CR
 * and LF; else -1 and the offset of the first bad byte. */
int snap_check_text(const char *buf, size_t len, size_t *bad_off);
/* No control characters (a string from JSON, a header value). */
bool snap_printable_text(const char *s);
/*
 * A kernel version "6.12" or "6.12.57", strictly: small numbers, no
 * fourth part.  allow_suffix accepts a release's tail too
 * ("6.12.57+deb12-amd64", "5.10.0-32-amd64").  0, -EINVAL or -ERANGE.
 */
int snap_parse_kver(const char *s, bool allow_suffix, struct kver *kv);
int snapshot_parse_json(struct vmx_snapshot *s, const char *name,
			const char *text, size_t len, char *err, size_t errlen);
/* The snapshot as a jansson object (caller json_decref()s it). */
struct json_t;
struct json_t *snapshot_to_json(const struct vmx_snapshot *s);
/* To a file, or to stdout for "-".  0, or -errno. */
int snapshot_write_json(const struct vmx_snapshot *s, const char *path);
/*
 * Seed jansson's hash function before the first JSON object exists (later
 * calls change nothing).  Left to itself, jansson reads /dev/urandom, and
 * before the kernel's RNG is ready (a CPU without RDRAND, just booted:
 * Penryn and Westmere under Bochs) Linux 5.18+ spins for jitter entropy on
 * that read, ~1 s of emulated CPU.  getrandom(GRND_INSECURE) never waits;
 * without it (before 5.6), GRND_NONBLOCK, else the clock: the seed only
 * spreads hash buckets.
 */
void snapshot_json_seed(void);

/*
 * Capture the live host.  Never writes an MSR or a module parameter; loads
 * nothing.  What cannot be read becomes a note, not an error.
 */
struct capture_opts {
	bool no_vcpu;		/* skip the vCPU view */
	bool no_raw;		/* skip /dev/cpu/N/msr */
	int cpu;		/* which /dev/cpu/N/msr to read */
};

void snapshot_capture(struct vmx_snapshot *s, const struct capture_opts *o);

/*
 * *s becomes the entries of a KVM CPUID array (KVM_GET_SUPPORTED_CPUID, a
 * vCPU's).  -ENOSPC when it holds more than SNAP_MAX_CPUID leaves: the set
 * keeps the first ones.
 */
struct kvm_cpuid2;
int cpuid_set_from_kvm(struct cpuid_set *s, const struct kvm_cpuid2 *k);

#endif
