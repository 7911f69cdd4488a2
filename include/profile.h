/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Where a test binary's time goes, by phase.  With NVMX_PROFILE=1 in the
 * environment, the library times each phase of its own work and the binary
 * prints, when it exits, one diagnostic line per phase:
 *
 *   # profile: phase=vm_create ns=1234567 cpu_ns=1034567 n=3
 *
 * for each phase that ran (ns: wall time; cpu_ns: the time the process
 * ran, which is what an emulator has to execute, whereas a guest that
 * waits halts for free; n: how many times the phase ran; l1_entries adds
 * events=, the VM entries L1 made in that time).  Without NVMX_PROFILE
 * nothing is timed and nothing is printed, so the TAP is unchanged.
 * run_tests.sh passes these lines on, tagged with the test's name, and the
 * emulated runner's bench adds them up: under emulation every instruction
 * counts, and these say which ones to cut.
 *
 * Phases nest: only the outermost one running is charged, so that the
 * phases add up to no more than the binary's time ("other" is the rest:
 * the checks themselves, ioctls outside these phases, output).
 */
#ifndef NVMX_PROFILE_H
#define NVMX_PROFILE_H

#include <stdbool.h>
#include <stdint.h>

enum prof_phase {
	/* exec to main: the kernel loading the binary, libc starting */
	PROF_PROCESS_START,
	/* KVM_CREATE_VM and the fds around it */
	PROF_VM_CREATE,
	/* memory slots, guest page tables, GDT/IDT/TSS */
	PROF_MEMORY,
	/* the test image mapped in: code and constants lent, data copied */
	PROF_IMAGE,
	/* KVM_CREATE_VCPU, its CPUID, registers and stack */
	PROF_VCPU_SETUP,
	/* KVM_RUN of an ordinary guest */
	PROF_GUEST_RUN,
	/* KVM_RUN of an L1 guest, which makes VM entries of its own */
	PROF_L1_ENTRIES,
	/* closing vCPUs, slots and the VM */
	PROF_VM_FREE,
	NR_PROF_PHASES,
};

/* NVMX_PROFILE=1 was set: the phases are being timed. */
bool prof_enabled(void);

/*
 * Start timing a phase: returns a token for prof_end(), 0 when profiling
 * is off or an outer phase is already being timed.
 */
uint64_t prof_begin(void);
void prof_end(enum prof_phase p, uint64_t token);

/* Events counted within a phase, printed as events= (L1's VM entries). */
void prof_events(enum prof_phase p, uint64_t n);

#endif
