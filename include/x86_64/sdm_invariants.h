/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The architectural rules of SDM Vol. 3D Appendix A that concern the MSR
 * values alone.  They hold on every real CPU (see data/cpus/) and must hold
 * on what KVM reports to L1, which is a CPU as far as L1 can tell.
 */
#ifndef NVMX_SDM_INVARIANTS_H
#define NVMX_SDM_INVARIANTS_H

#include "x86_64/check.h"
#include "x86_64/snapshot.h"

/*
 * One check per rule and MSR, named "<MSR>.<rule>".  A rule whose MSRs are
 * absent from the set (an old CPU, a short dump) is a skip saying which.
 */
void sdm_check_invariants(const struct vmx_msr_set *m, struct check_list *out);

#endif
