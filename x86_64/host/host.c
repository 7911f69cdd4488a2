// SPDX-License-Identifier: GPL-2.0-only
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "x86_64/host.h"
#include "x86_64/processor.h"

#define KVM_INTEL_PARAMS	"/sys/module/kvm_intel/parameters/"

const char *host_kvm_module(void)
{
	static const char *const mods[] = {
		"kvm_intel", "kvm_amd", "kvm_pvm",
	};
	char path[64];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(mods); i++) {
		snprintf(path, sizeof(path), "/sys/module/%s", mods[i]);
		if (!access(path, F_OK))
			return mods[i];
	}
	return "";
}

int host_kvm_intel_param(const char *name, char *val, size_t len)
{
	char path[256];

	snprintf(path, sizeof(path), KVM_INTEL_PARAMS "%s", name);
	return read_text_file(path, val, len);
}

int host_kvm_intel_param_bool(const char *name)
{
	char v[16];
	int r = host_kvm_intel_param(name, v, sizeof(v));

	if (r)
		return r;
	if (!strcmp(v, "Y") || !strcmp(v, "1"))
		return 1;
	if (!strcmp(v, "N") || !strcmp(v, "0"))
		return 0;
	return -EINVAL;
}

int host_read_msr(int cpu, uint32_t index, uint64_t *val)
{
	char path[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/dev/cpu/%d/msr", cpu);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = pread(fd, val, sizeof(*val), index);
	close(fd);
	if (n == (ssize_t)sizeof(*val))
		return 0;
	return n < 0 ? -errno : -EIO;
}

const char *host_msr_error_str(int err)
{
	switch (err) {
	case -ENOENT:
	case -ENXIO:
		return "no /dev/cpu/N/msr (the msr driver is not loaded: modprobe msr)";
	case -EACCES:
	case -EPERM:
		return "/dev/cpu/N/msr is not readable (needs root and CAP_SYS_RAWIO)";
	case -EIO:
		return "the CPU refused the RDMSR (the MSR does not exist here)";
	default:
		return strerror(-err);
	}
}

int host_cpuinfo_field(const char *field, char *buf, size_t len)
{
	FILE *f = fopen("/proc/cpuinfo", "re");
	size_t flen = strlen(field);
	char *line = NULL;
	size_t cap = 0;
	int r = -ENOENT;

	if (!f)
		return -errno;
	while (getline(&line, &cap, f) > 0) {
		char *p;

		if (line[0] == '\n')
			break;		/* the first CPU's block ended */
		if (strncmp(line, field, flen) || (line[flen] != '\t' &&
						   line[flen] != ' ' &&
						   line[flen] != ':'))
			continue;
		p = strchr(line, ':');
		if (!p)
			continue;
		for (p++; *p == ' '; p++)
			;
		p[strcspn(p, "\n")] = '\0';
		snprintf(buf, len, "%s", p);
		r = 0;
		break;
	}
	free(line);
	fclose(f);
	return r;
}

bool host_nested_vmx_ready(char *reason, size_t len)
{
	const char *mod;
	char vendor[13];
	int nested;

	if (access("/dev/kvm", F_OK)) {
		snprintf(reason, len, "no /dev/kvm: KVM is not available on this host");
		return false;
	}
	host_cpu_vendor(vendor);
	mod = host_kvm_module();
	if (strcmp(vendor, "GenuineIntel") && strcmp(mod, "kvm_intel")) {
		snprintf(reason, len,
			 "not an Intel host (CPU vendor %s): nested VMX needs kvm_intel",
			 vendor);
		return false;
	}
	if (strcmp(mod, "kvm_intel")) {
		snprintf(reason, len,
			 "kvm_intel is not loaded: /dev/kvm is served by %s, which has no nested VMX%s",
			 *mod ? mod : "an unknown module",
			 host_cpu_has(X86_FEATURE_VMX) ? "" :
			 " (and this CPU shows no VMX)");
		return false;
	}
	nested = host_kvm_intel_param_bool("nested");
	if (nested == 0) {
		snprintf(reason, len,
			 "kvm_intel is loaded with nested=0 (load it with nested=1)");
		return false;
	}
	if (nested < 0) {
		snprintf(reason, len,
			 "cannot read kvm_intel's nested parameter: %s",
			 strerror(-nested));
		return false;
	}
	return true;
}

void host_require_nested_vmx(void)
{
	char reason[256];

	if (!host_nested_vmx_ready(reason, sizeof(reason)))
		tap_skip_all("%s", reason);
}
