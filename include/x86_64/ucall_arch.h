/* SPDX-License-Identifier: GPL-2.0-only */
/* The I/O port whose writes are ucalls, shared by both x86 halves. */
#ifndef NVMX_UCALL_ARCH_H
#define NVMX_UCALL_ARCH_H

#define UCALL_PIO_PORT		0xe8ULL

#endif
