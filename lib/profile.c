// SPDX-License-Identifier: GPL-2.0-only
/*
 * Phase profile of a test binary (include/profile.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "profile.h"

static const char *const phase_names[NR_PROF_PHASES] = {
	[PROF_PROCESS_START] = "process_start",
	[PROF_VM_CREATE] = "vm_create",
	[PROF_MEMORY] = "memory",
	[PROF_IMAGE] = "image",
	[PROF_VCPU_SETUP] = "vcpu_setup",
	[PROF_GUEST_RUN] = "guest_run",
	[PROF_L1_ENTRIES] = "l1_entries",
	[PROF_VM_FREE] = "vm_free",
};

static bool enabled;
static unsigned int depth;
static uint64_t t_main, cpu_main, cpu_begin;
static uint64_t ns[NR_PROF_PHASES], cpu[NR_PROF_PHASES];
static uint64_t count[NR_PROF_PHASES], events[NR_PROF_PHASES];

static uint64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	if (clock_gettime(id, &ts))
		return 0;
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static uint64_t now_ns(void)
{
	return clock_ns(CLOCK_MONOTONIC);
}

/*
 * Wall time alone would mislead: under Bochs a guest that waits (an RCU
 * grace period while a VM is destroyed, say) halts, and a halted CPU
 * costs the host next to nothing.  The time this process ran, in user
 * and kernel mode, is what the emulator has to execute.
 */
static uint64_t cpu_ns(void)
{
	return clock_ns(CLOCK_PROCESS_CPUTIME_ID);
}

static void prof_print(void)
{
	uint64_t total = ns[PROF_PROCESS_START] + (now_ns() - t_main), sum = 0;
	uint64_t cpu_total = cpu_ns(), cpu_sum = 0;
	unsigned int i;

	for (i = 0; i < NR_PROF_PHASES; i++) {
		sum += ns[i];
		cpu_sum += cpu[i];
		/*
		 * A phase that never ran gets no line (readers count it as 0):
		 * under emulation every byte on the serial line costs time.
		 */
		if (!count[i])
			continue;
		printf("# profile: phase=%s ns=%llu cpu_ns=%llu n=%llu", phase_names[i],
		       (unsigned long long)ns[i], (unsigned long long)cpu[i],
		       (unsigned long long)count[i]);
		if (events[i])
			printf(" events=%llu", (unsigned long long)events[i]);
		putchar('\n');
	}
	printf("# profile: phase=other ns=%llu cpu_ns=%llu n=1\n",
	       (unsigned long long)(total > sum ? total - sum : 0),
	       (unsigned long long)(cpu_total > cpu_sum ? cpu_total - cpu_sum : 0));
	printf("# profile: phase=total ns=%llu cpu_ns=%llu n=1\n",
	       (unsigned long long)total, (unsigned long long)cpu_total);
	fflush(stdout);
}

static void __attribute__((constructor)) prof_init(void)
{
	const char *e = getenv("NVMX_PROFILE");

	if (!e || strcmp(e, "1"))
		return;
	t_main = now_ns();
	/*
	 * The process's clock counts from the fork, so here it is the exec
	 * and libc's start-up (the fork itself is charged to the parent);
	 * the process ran alone for it, so its wall time is its CPU time.
	 */
	cpu_main = cpu_ns();
	ns[PROF_PROCESS_START] = cpu[PROF_PROCESS_START] = cpu_main;
	count[PROF_PROCESS_START] = 1;
	enabled = true;
	atexit(prof_print);
}

bool prof_enabled(void)
{
	return enabled;
}

uint64_t prof_begin(void)
{
	if (!enabled || depth++)
		return 0;
	cpu_begin = cpu_ns();
	return now_ns();
}

void prof_end(enum prof_phase p, uint64_t token)
{
	if (!enabled)
		return;
	depth--;
	if (!token)
		return;
	ns[p] += now_ns() - token;
	cpu[p] += cpu_ns() - cpu_begin;
	count[p]++;
}

void prof_events(enum prof_phase p, uint64_t n)
{
	if (enabled)
		events[p] += n;
}
