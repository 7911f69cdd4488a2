# shellcheck shell=bash
# Helpers shared by the emulator scripts. Sourced, never run.

EMU_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REPO_DIR=$(cd "$EMU_DIR/.." && pwd)
NVMX_CACHE=${NVMX_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/nvmx-selftests}
export EMU_DIR REPO_DIR NVMX_CACHE

# The emulated machine's memory (MB) and speed (instructions per guest second), unless the
# environment says otherwise; both are part of a saved machine's key. 256 MB: the guest uses
# about 32 MB before the tests and their VMs have 8 MB each; Bochs restores every MB of a saved
# machine, and 512 cost 0.4 s more of Bochs CPU per restore.
NVMX_MEGS_DEFAULT=256
NVMX_IPS_DEFAULT=200000000

# Diagnostics go to stderr so that stdout stays clean TAP or data.
log() { printf '%s\n' "$*" >&2; }
die() { printf '%s: error: %s\n' "${0##*/}" "$*" >&2; exit 1; }

# Centiseconds since the epoch into $cs, for timing without forking date; now() prints them
# (in a $(...) subshell: a loop that must not fork calls now_cs).
now_cs() { local t=${EPOCHREALTIME/./}; cs=${t:0:-4}; }
now() { local cs; now_cs; printf '%s\n' "$cs"; }
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

# machines_per_config PARTS JOBS CONFIGS SETS: how many machines share one configuration's parameter
# sets (SETS, ';' between them): PARTS when a number, or "auto": as many as JOBS leaves to each
# of CONFIGS configurations (at least one); never more than there are sets.
machines_per_config() {
	local p=$1 jobs=$2 n=$3 nsets
	local -a s
	# the sets as sets_split and the built-in path split them
	IFS=';' read -ra s <<<"$4"
	nsets=${#s[@]}
	((nsets >= 1)) || nsets=1
	if [[ $p == auto ]]; then
		p=1
		((n >= 1 && jobs / n > 1)) && p=$((jobs / n))
	fi
	((p > nsets)) && p=$nsets
	echo "$p"
}

# sets_split SETS N: the parameter sets SETS (';' between them) in N groups of consecutive sets,
# one group a line (';' between its sets), in order; a group has n/N sets rounded down or up,
# the larger ones last, since the first machine also runs ONCE_TESTS. No empty group: fewer
# groups when there are fewer sets.
sets_split() {
	local -a s
	local n g i j=0 size
	IFS=';' read -ra s <<<"$1"
	n=${#s[@]}
	g=$2
	((g > n)) && g=$n
	((g >= 1)) || g=1
	for ((i = 0; i < g; i++)); do
		size=$((n / g))
		((i >= g - n % g)) && size=$((size + 1))
		(IFS=';' && echo "${s[*]:j:size}")
		j=$((j + size))
	done
}

# abs_path PATH BASE: PATH, absolute; a relative one is taken from BASE, the directory the user
# typed it in (make -C moves into the suite's directory first: emulator.mk passes the caller's).
abs_path() {
	case $1 in
	'' | /*) printf '%s\n' "$1" ;;
	*) printf '%s\n' "${2%/}/$1" ;;
	esac
}

# test_selected NAME FILTER...: run_tests.sh's rule: a filter with *, ? or [ is a shell pattern
# on the whole name, any other is a substring; no filter selects everything.
test_selected() {
	local name=$1 f
	shift
	(($#)) || return 0
	for f in "$@"; do
		case $f in
		*[*?[]*) # shellcheck disable=SC2254 # the filter is a pattern
			case $name in $f) return 0 ;; esac ;;
		*) [[ $name == *"$f"* ]] && return 0 ;;
		esac
	done
	return 1
}

# tests_filter_check DIR FILTER...: every filter must select at least one test of DIR (the
# executables run_tests.sh would run); otherwise one line naming the filters that select none
# and the tests there are, and status 1. A typo must not make a run that tests nothing.
tests_filter_check() {
	local dir=$1 t f names=() bad=()
	shift
	for t in "$dir"/*; do
		[[ -f $t && -x $t ]] && names+=("${t##*/}")
	done
	for f in "$@"; do
		local hit=0
		for t in "${names[@]}"; do test_selected "$t" "$f" && { hit=1; break; }; done
		((hit)) || bad+=("'$f'")
	done
	((${#bad[@]} == 0)) && return 0
	echo "TESTS filter ${bad[*]} selects no test; the tests are: ${names[*]}"
	return 1
}
