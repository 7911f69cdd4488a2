#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Run the nvmx-selftests binaries as kselftest's runner does: one outer
# TAP stream, a per-test timeout from the "settings" file, and last a line
#   summary: N passed, N failed, N skipped
# counting binaries.  POSIX sh, because the emulated machine runs it under
# busybox, where every fork costs milliseconds of emulated time: the
# sequential path runs three programs per test (setsid, timeout, sed) and
# nothing else that forks.
#
# usage: run_tests.sh [-d DIR] [-j N] [-v] [-l] [FILTER...]
#   -d DIR   where the test binaries are (default: build/tests next to
#            this script, else tests/ next to it, as "make install" lays out)
#   -j N     run up to N tests at once (output still comes in order)
#   -v       show every test's own output, not only that of failures,
#            and each test's wall time
#   -l       list the selected tests and exit
#   FILTER   select tests whose name contains FILTER, or matches it when it
#            is a shell pattern (l1_*); several filters select the union.
#            $TESTS, if set, adds its words as filters.
#
# Exit: 0 when nothing failed or timed out (skips included), 1 otherwise,
# 130 when interrupted (after printing the summary so far).

set -u

here=$(cd "$(dirname "$0")" && pwd)
dir=
jobs=1
verbose=0
list=0

usage() {
	sed -n '/^# usage:/,/^# Exit/p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

while getopts "d:j:vlh" opt; do
	case $opt in
	d) dir=$OPTARG ;;
	j) jobs=$OPTARG ;;
	v) verbose=1 ;;
	l) list=1 ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
filters="$* ${TESTS:-}"
set -f		# the filters are patterns for case, not for the shell
set -- $filters
set +f
have_filters=$#

case $jobs in
''|*[!0-9]*|0) echo "run_tests.sh: -j needs a positive number" >&2; exit 2 ;;
esac

if [ -z "$dir" ]; then
	if [ -d "$here/build/tests" ]; then
		dir=$here/build/tests
	else
		dir=$here/tests
	fi
fi
if [ ! -d "$dir" ]; then
	echo "run_tests.sh: no test directory $dir (run make first)" >&2
	exit 2
fi

# kselftest's settings file: timeout=N for every test; timeout.NAME=N for one.
default_timeout=45
overrides=" "
if [ -f "$dir/settings" ]; then
	while IFS= read -r line || [ -n "$line" ]; do
		case $line in
		timeout=*[!0-9]*|timeout=) ;;
		timeout=*) default_timeout=${line#timeout=} ;;
		timeout.*=*) overrides="$overrides${line#timeout.} " ;;
		esac
	done <"$dir/settings"
fi

timeout_for() {
	limit=$default_timeout
	case $overrides in
	*" $1="*)
		limit=${overrides##*" $1="}
		limit=${limit%% *}
		;;
	esac
}

selected() {
	[ "$have_filters" = 0 ] && return 0
	set -f
	for f in $filters; do
		case $f in
		*[*?[]*) case $1 in $f) set +f; return 0 ;; esac ;;
		*) case $1 in *"$f"*) set +f; return 0 ;; esac ;;
		esac
	done
	set +f
	return 1
}

tests=
n=0
for t in "$dir"/*; do
	name=${t##*/}
	[ -f "$t" ] && [ -x "$t" ] || continue
	selected "$name" || continue
	tests="$tests $name"
	n=$((n + 1))
done

if [ "$list" = 1 ]; then
	for t in $tests; do echo "$t"; done
	exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/nvmx-run.XXXXXX") || exit 2
pass=0
fail=0
skip=0
printed=0

summary() {
	echo "summary: $pass passed, $fail failed, $skip skipped"
}

# Hundredths of a second since boot, without a fork.
now() {
	read -r _up _ </proc/uptime 2>/dev/null || _up=0.00
	_frac=${_up#*.}
	_frac=${_frac#0}	# "07" would read as octal
	_now=$(( ${_up%.*} * 100 + ${_frac:-0} ))
}

cleanup() {
	# Stop whatever still runs: first the waiting subshells (so that none
	# reports a killed test), then each test's own process group.  No
	# "--" for kill: dash's builtin does not take it.
	for p in "$tmp"/*.wpid "$tmp"/*.pid; do
		[ -s "$p" ] || continue
		read -r _p <"$p"
		case $p in
		*.wpid) kill -KILL "$_p" 2>/dev/null ;;
		*) kill -KILL -"$_p" 2>/dev/null ;;
		esac
	done
	rm -rf "$tmp"
}

on_interrupt() {
	echo "# interrupted: stopping after $printed of $n tests"
	cleanup
	summary
	exit 130
}
trap on_interrupt INT TERM

echo "TAP version 13"
if [ -z "${NVMX_NO_VMX_HINT:-}" ]; then
	vmx=0
	while IFS= read -r line; do
		case $line in
		flags*" vmx "*|flags*" vmx") vmx=1; break ;;
		"") break ;;
		esac
	done </proc/cpuinfo 2>/dev/null
	[ "$vmx" = 0 ] &&
		echo "# This host has no VMX: the nested-VMX tests skip here. Run them in an emulated Intel CPU: make run_tests_emulated"
fi
echo "1..$n"

# Run test $2 with its output in $tmp/$1.out; leaves its exit code, wall
# time (hundredths) and limit in _rc, _cs and limit.  The test gets its
# own session (setsid), so that a timeout or Ctrl-C reaches everything it
# started.  Only shell builtins here besides setsid and timeout: each
# external command costs milliseconds under emulation.
run_one() {
	timeout_for "$2"
	now
	_start=$_now
	setsid timeout -k 5 "$limit" "$dir/$2" >"$tmp/$1.out" 2>&1 &
	_pid=$!
	echo "$_pid" >"$tmp/$1.pid"
	wait "$_pid"
	_rc=$?
	# busybox's timeout signals only its child: reap the rest too
	kill -KILL -"$_pid" 2>/dev/null
	now
	_cs=$((_now - _start))
	: >"$tmp/$1.pid"
}

# The parallel path runs run_one in a subshell: hand the result over in a
# file, renamed into place so that the parent never reads half of it.
run_one_bg() {
	run_one "$1" "$2"
	echo "$_rc $_cs $limit" >"$tmp/$1.rc.tmp"
	mv "$tmp/$1.rc.tmp" "$tmp/$1.rc"
}

# Print the result of test number $1 (name $2), kselftest style.
# (Shell functions share variables: each one uses its own names.)
report() {
	_ri=$1
	_rname=$2
	if [ -f "$tmp/$_ri.rc" ]; then
		read -r _rrc _rcs _rlimit <"$tmp/$_ri.rc"
	else
		_rrc=$_rc _rcs=$_cs _rlimit=$limit
	fi
	_tag="selftests: nvmx: $_rname"
	_show=$verbose
	# One sed for the skip reason and the tally: the shell's read takes a
	# system call per byte, which a long output pays dearly under Bochs.
	_meta=$(sed -n -e 's/^1\.\.0 # SKIP /S /p' -e 's/^# Totals:/T # Totals:/p' \
		-e 's/^\(ok .* # XFAIL .*\)/X \1/p' "$tmp/$_ri.out")
	_reason=
	_totals=
	_xfails=
	set -f
	_ifs=$IFS
	IFS='
'
	for _l in $_meta; do
		case $_l in
		"S "*) [ -z "$_reason" ] && _reason=${_l#S } ;;
		"T "*) _totals=${_l#T } ;;
		"X "*) _xfails="$_xfails# ${_l#X }
" ;;
		esac
	done
	IFS=$_ifs
	set +f
	# coreutils timeout exits 124, busybox's 143 (TERM) or 137 (KILL)
	if { [ "$_rrc" = 124 ] || [ "$_rrc" = 137 ] || [ "$_rrc" = 143 ]; } &&
	   [ "$_rcs" -ge $((_rlimit * 100)) ]; then
		_line="not ok $_ri $_tag # TIMEOUT $_rlimit seconds"
		fail=$((fail + 1))
		_show=1
	elif [ "$_rrc" = 0 ]; then
		_line="ok $_ri $_tag"
		pass=$((pass + 1))
	elif [ "$_rrc" = 4 ]; then
		_line="ok $_ri $_tag # SKIP${_reason:+ $_reason}"
		skip=$((skip + 1))
	else
		_line="not ok $_ri $_tag # exit=$_rrc"
		fail=$((fail + 1))
		_show=1
	fi
	echo "# selftests: nvmx: $_rname"
	if [ "$_show" = 1 ]; then
		sed 's/^/# /' "$tmp/$_ri.out"
	else
		# expected failures (known bugs) are always shown, by name
		[ -n "$_xfails" ] && printf '%s' "$_xfails"
		# the binary's own tally, so that a pass says how much it checked
		[ -n "$_totals" ] && echo "# $_totals"
	fi
	[ "$verbose" = 1 ] &&
		echo "# $_rname: $((_rcs / 100)).$((_rcs / 10 % 10))s (limit ${_rlimit}s)"
	echo "$_line"
}

if [ "$jobs" = 1 ]; then
	i=0
	for name in $tests; do
		i=$((i + 1))
		run_one "$i" "$name"
		report "$i" "$name"
		printed=$i
	done
else
	# Up to $jobs tests at once, each in a subshell; results are printed
	# in order as soon as a test and all before it have finished.
	names=$tests
	i=0
	running=0
	for name in $tests; do
		i=$((i + 1))
		while [ "$running" -ge "$jobs" ]; do
			done_now=0
			for f in "$tmp"/*.rc; do
				[ -f "$f" ] && done_now=$((done_now + 1))
			done
			running=$((i - 1 - printed - done_now))
			# print what is finished, in order
			while [ -f "$tmp/$((printed + 1)).rc" ]; do
				set -- $names
				shift "$printed"
				report $((printed + 1)) "$1"
				rm -f "$tmp/$((printed + 1)).wpid" "$tmp/$((printed + 1)).rc"
				printed=$((printed + 1))
			done
			[ "$running" -ge "$jobs" ] && sleep 0.1
		done
		( run_one_bg "$i" "$name" ) &
		echo $! >"$tmp/$i.wpid"
		running=$((running + 1))
	done
	while [ "$printed" -lt "$n" ]; do
		if [ -f "$tmp/$((printed + 1)).rc" ]; then
			set -- $names
			shift "$printed"
			report $((printed + 1)) "$1"
			rm -f "$tmp/$((printed + 1)).wpid" "$tmp/$((printed + 1)).rc"
			printed=$((printed + 1))
		else
			sleep 0.1
		fi
	done
fi

cleanup
summary
[ "$fail" = 0 ]
