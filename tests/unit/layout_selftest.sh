#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The folder rules of docs/DEVELOPING.md, as checks: lib/ reaches the
# architecture only through kvm_util_arch.h; code under a guest/ folder
# includes no libc header that declares functions (only the freestanding
# ones); only the model's own folder includes its private header; no
# source outside the bit lists and the table spells a bit as a number
# with a VMX constant prefix.  TAP output.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
. "$top/tests/unit/lib/tap.sh"


echo "TAP version 13"
echo "1..4"
check "lib_includes_no_x86_64_header" \
	"$(grep -rn '#include "x86_64/' lib include/*.h 2>/dev/null)"
# freestanding headers only: the guest cannot call libc (string.h for the
# memset/memcpy that lib/guest/string_override.c provides). Not emulator/guest:
# that is the emulated machine's own user space (guest/nvmx-disk.c, static
# with libc), not code that runs inside a KVM guest.
check "guest_folders_use_freestanding_headers_only" \
	"$(grep -rn '#include <' $(find . \( -path ./build -o -path ./emulator \) -prune -o -type d -name guest -print) |
		grep -v '<std\(arg\|bool\|int\|def\)\.h>' |
		grep -v 'ctl_plan.c:.*<string.h>')"
check "model_priv_h_stays_in_the_model" \
	"$(grep -rln 'model_priv.h' --include='*.c' --include='*.h' . |
		grep -v '^./x86_64/model/' | grep -v '^./build/')"
# "#define FOO BIT(n)" of a VMX control or capability bit belongs in vmx_bits.h
check "vmx_bits_defined_once" \
	"$(grep -rnE '#define (PIN_BASED|CPU_BASED|SECONDARY_EXEC|VM_EXIT|VM_ENTRY|VMX_BASIC|VMX_MISC|VMX_CAP|VMX_EPT|VMX_VPID|X86_CR[04])_[A-Z0-9_]+[[:space:]]+\(?BIT' \
		--include='*.c' --include='*.h' x86_64 include tests tools lib)"
tap_done planned
