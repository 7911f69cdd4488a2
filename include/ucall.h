/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest-to-host message channel.  Guest code fills a struct ucall on
 * its stack and writes its address to an I/O port; KVM exits to the host
 * with KVM_EXIT_IO, and the host reads the struct through the guest page
 * tables.  The port write is the only thing the guest needs from the
 * platform, so ucalls work in L1 and, through L1, report for L2.
 */
#ifndef NVMX_UCALL_H
#define NVMX_UCALL_H

#include <stdarg.h>
#include <stdint.h>

#define UCALL_MAX_ARGS		6
#define UCALL_BUFFER_LEN	1024

enum ucall_cmd {
	UCALL_NONE,
	UCALL_SYNC,	/* args[0] = stage, args[1..] = values */
	UCALL_DONE,
	UCALL_ABORT,	/* buffer = "file:line: expression: message" */
	UCALL_PRINTF,	/* buffer = the formatted text */
};

struct ucall {
	uint64_t cmd;
	uint64_t args[UCALL_MAX_ARGS];
	uint64_t line;
	char file[128];
	char buffer[UCALL_BUFFER_LEN];
};

/* guest side */
void ucall(uint64_t cmd, int nargs, ...);
void __attribute__((format(printf, 1, 2))) guest_printf(const char *fmt, ...);
void __attribute__((noreturn, format(printf, 4, 5)))
guest_assert_fail(const char *file, unsigned int line, const char *expr,
		  const char *fmt, ...);
/* A small vsnprintf for guest code, which cannot call libc. */
int guest_vsnprintf(char *buf, int n, const char *fmt, va_list ap);
int guest_snprintf(char *buf, int n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define GUEST_SYNC(stage)		ucall(UCALL_SYNC, 1, (uint64_t)(stage))
#define GUEST_SYNC_ARGS(stage, ...)					\
	ucall(UCALL_SYNC, 1 + GUEST_NARGS(__VA_ARGS__), (uint64_t)(stage), \
	      ##__VA_ARGS__)
#define GUEST_NARGS(...)	GUEST_NARGS_(0, ##__VA_ARGS__, 5, 4, 3, 2, 1, 0)
#define GUEST_NARGS_(z, a, b, c, d, e, n, ...)	n
#define GUEST_DONE()			ucall(UCALL_DONE, 0)
#define GUEST_PRINTF(...)		guest_printf(__VA_ARGS__)

#define GUEST_ASSERT(cond)						\
	do {								\
		if (!(cond))						\
			guest_assert_fail(__FILE__, __LINE__, #cond, " ");\
	} while (0)

#define GUEST_ASSERT_MSG(cond, fmt, ...)				\
	do {								\
		if (!(cond))						\
			guest_assert_fail(__FILE__, __LINE__, #cond,	\
					  fmt, ##__VA_ARGS__);		\
	} while (0)

#define GUEST_ASSERT_EQ(want, got)					\
	do {								\
		uint64_t __w = (uint64_t)(want), __g = (uint64_t)(got);	\
		if (__w != __g)						\
			guest_assert_fail(__FILE__, __LINE__,		\
					  #want " == " #got,		\
					  "Wanted 0x%lx, got 0x%lx",	\
					  __w, __g);			\
	} while (0)

/*
 * The architecture's half (x86_64/guest/ucall.c and x86_64/vm/ucall.c):
 * how the guest traps to the host with the address of its struct ucall,
 * how it stops for good, and how the host finds that struct after an exit.
 */
void ucall_arch_do(struct ucall *uc);
void __attribute__((noreturn)) guest_arch_halt(void);
struct kvm_vcpu;
/* The guest's struct ucall (host address), or NULL if the exit is no ucall. */
struct ucall *ucall_arch_get_ucall(struct kvm_vcpu *vcpu);

/* host side */
struct kvm_vcpu;

/*
 * If the vCPU's last exit was a ucall, copy it to uc (if not NULL) and
 * return its command; otherwise UCALL_NONE.
 */
uint64_t get_ucall(struct kvm_vcpu *vcpu, struct ucall *uc);
/*
 * Run the vCPU until its next ucall and return the command.  Any other
 * exit (a HLT, a shutdown, an unexpected I/O) is a library error that
 * names the exit reason and the guest RIP.
 */
uint64_t vcpu_run_ucall(struct kvm_vcpu *vcpu, struct ucall *uc);

#endif
