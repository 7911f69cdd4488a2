/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Where an emulator reports what the SDM forbids, or differs from real
 * hardware, as data, next to the known KVM bugs: the suite names the
 * deviation and does not blame KVM (or the CPU) for it.
 */
#ifndef NVMX_EMULATOR_DEVIATIONS_H
#define NVMX_EMULATOR_DEVIATIONS_H

#include "x86_64/vmx_table.h"

/* The known deviation that sets bit of MSR id, as a sentence; NULL if none. */
const char *emulator_deviation(enum vmx_msr_id id, unsigned int bit);

#endif
