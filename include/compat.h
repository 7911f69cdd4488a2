/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Constants newer than the system's linux-libc-dev (Debian 12 ships 6.1's
 * headers).  Values are ABI and come from the uapi headers of the kernels
 * that added them.
 */
#ifndef NVMX_COMPAT_H
#define NVMX_COMPAT_H

#include <linux/kvm.h>

#ifndef KVM_CAP_DISABLE_QUIRKS2
#define KVM_CAP_DISABLE_QUIRKS2 213		/* 5.19 */
#endif
#ifndef KVM_CAP_VM_TYPES
#define KVM_CAP_VM_TYPES 235			/* 6.10 */
#endif
#ifndef KVM_X86_QUIRK_SLOT_ZAP_ALL
#define KVM_X86_QUIRK_SLOT_ZAP_ALL		(1 << 7)	/* 6.12 */
#endif
#ifndef KVM_X86_QUIRK_STUFF_FEATURE_MSRS
#define KVM_X86_QUIRK_STUFF_FEATURE_MSRS	(1 << 8)	/* 6.12 */
#endif

#endif
