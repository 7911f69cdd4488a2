/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Facts about the host the tests run on.  Everything here only reads:
 * the suite never writes a host MSR and never changes a module parameter.
 */
#ifndef NVMX_HOST_H
#define NVMX_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "test_util.h"

/* Which vendor module serves /dev/kvm: "kvm_intel", "kvm_amd", ... or "". */
const char *host_kvm_module(void);

/*
 * A kvm_intel parameter from /sys/module/kvm_intel/parameters: 0 and the
 * value, or -errno (-ENOENT: module not loaded or no such parameter).
 */
int host_kvm_intel_param(const char *name, char *val, size_t len);
/* 1 (Y or 1), 0, or -errno. */
int host_kvm_intel_param_bool(const char *name);

/*
 * Read one MSR of one CPU through /dev/cpu/N/msr, read-only.
 * 0, or -errno: -ENOENT (no msr driver: "modprobe msr"), -EACCES
 * (not root), -EIO (the CPU does not have this MSR).
 */
int host_read_msr(int cpu, uint32_t index, uint64_t *val);
/* A sentence for a host_read_msr() error, for skip reasons. */
const char *host_msr_error_str(int err);

/*
 * The value of a /proc/cpuinfo field ("flags", "vmx flags", "model name")
 * for the first CPU.  0, or -ENOENT when the line is absent.
 */
int host_cpuinfo_field(const char *field, char *buf, size_t len);

/*
 * Whether this host can run the nested VMX tests; if not, a precise
 * reason: no /dev/kvm, not Intel, kvm_intel not loaded (and which module
 * serves KVM instead), nested=0.
 */
bool host_nested_vmx_ready(char *reason, size_t len);
/* Skip the whole binary, with that reason, unless the host is ready. */
void host_require_nested_vmx(void);

#endif
