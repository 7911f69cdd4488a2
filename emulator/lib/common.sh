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
