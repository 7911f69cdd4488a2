# shellcheck shell=bash
# Helpers shared by the emulator scripts. Sourced, never run.

EMU_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REPO_DIR=$(cd "$EMU_DIR/.." && pwd)
NVMX_CACHE=${NVMX_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/nvmx-selftests}
export EMU_DIR REPO_DIR NVMX_CACHE

# Diagnostics go to stderr so that stdout stays clean TAP or data.
log() { printf '%s\n' "$*" >&2; }
die() { printf '%s: error: %s\n' "${0##*/}" "$*" >&2; exit 1; }

# Seconds since the epoch with centiseconds, for timing without forking date.
now() { local t=${EPOCHREALTIME/./}; printf '%s\n' "${t:0:-4}"; }
# Centiseconds to "12.34".
fmt_cs() { printf '%d.%02d' $(($1 / 100)) $(($1 % 100)); }

# A lock around cache writes, so two runs (or -j jobs) never fill one entry twice.
with_lock() {
	local lock=$1; shift
	mkdir -p "$(dirname "$lock")"
	(flock 9 && "$@") 9>"$lock"
}

# Console lines that end a boot at once: the kernel is dead or no longer trustworthy.
# shellcheck disable=SC2034 # used by boot and the self-tests
PANIC_RE='Kernel panic - not syncing|BUG: |Oops: |general protection fault|kernel BUG at|double fault:|Unable to handle kernel|pvh-boot: disk error'

# cmdline_for MODEL KERNEL FILE: the options of every line of FILE (cmdline.conf) whose MODEL and
# KERNEL patterns match, in file order.
cmdline_for() {
	local m=$1 k=$2 pm pk rest out=""
	while read -r pm pk rest; do
		[[ -z $pm || $pm == \#* ]] && continue
		# shellcheck disable=SC2053 # the columns are patterns
		[[ $m == $pm && $k == $pk ]] && out+=" $rest"
	done <"$3"
	echo "${out# }"
}

# builtin_params SET: a parameter set ("default", "ept=0", "ept=0,vpid=0", "nested=0") as kernel
# command-line words for a kvm_intel built into the kernel, with nested=1 unless the set says.
builtin_params() {
	local p out=""
	[[ $1 == default ]] || for p in ${1//,/ }; do out+=" kvm_intel.$p"; done
	[[ $1 == *nested=* ]] || out+=" kvm_intel.nested=1"
	echo "$out"
}
