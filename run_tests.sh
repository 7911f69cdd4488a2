#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Run the nvmx-selftests binaries as kselftest's runner does: one outer
# TAP stream, a per-test timeout from the "settings" file, and last a line
#   summary: N passed, N failed, N skipped
# counting binaries.  POSIX sh, because the emulated machine runs it under
# busybox.
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
if [ -f "$dir/settings" ]; then
	t=$(sed -n 's/^timeout=\([0-9][0-9]*\)$/\1/p' "$dir/settings" | tail -n 1)
	[ -n "$t" ] && default_timeout=$t
fi

timeout_for() {
	t=
	[ -f "$dir/settings" ] &&
		t=$(sed -n "s/^timeout\.$1=\([0-9][0-9]*\)\$/\1/p" "$dir/settings" | tail -n 1)
	echo "${t:-$default_timeout}"
}

selected() {
	name=$1
	[ -z "$(echo $filters)" ] && return 0
	for f in $filters; do
		case $f in
		*[*?[]*) case $name in $f) return 0 ;; esac ;;
		*) case $name in *"$f"*) return 0 ;; esac ;;
		esac
	done
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
interrupted=0

summary() {
	echo "summary: $pass passed, $fail failed, $skip skipped"
}

cleanup() {
	# Stop whatever still runs: first the waiting subshells (so that none
	# reports a killed test), then each test's own process group.  No
	# "--" for kill: dash's builtin does not take it.
	for p in "$tmp"/*.wpid; do
		[ -f "$p" ] && kill -KILL "$(cat "$p")" 2>/dev/null
	done
	for p in "$tmp"/*.pid; do
		[ -f "$p" ] && kill -KILL -"$(cat "$p")" 2>/dev/null
	done
	rm -rf "$tmp"
}

on_interrupt() {
	interrupted=1
	echo "# interrupted: stopping after $printed of $n tests"
	cleanup
	summary
	exit 130
}
trap on_interrupt INT TERM

echo "TAP version 13"
if [ -z "${NVMX_NO_VMX_HINT:-}" ] && ! grep -qw vmx /proc/cpuinfo 2>/dev/null; then
	echo "# This host has no VMX: the nested-VMX tests skip here. Run them in an emulated Intel CPU: make run_tests_emulated"
fi
echo "1..$n"

# Start test number $1 (name $2) in the background, in its own process
# group so that a timeout or Ctrl-C reaches everything it started.
# (Shell functions share variables: each one uses its own names.)
start_test() {
	_si=$1
	_sname=$2
	limit=$(timeout_for "$_sname")
	(
		start=$(date +%s)
		# setsid puts the test in its own session and process group.
		setsid timeout -k 5 "$limit" "$dir/$_sname" >"$tmp/$_si.out" 2>&1 &
		echo $! >"$tmp/$_si.pid"
		wait $!
		rc=$?
		# busybox's timeout signals only its child: reap the rest too
		kill -KILL -"$(cat "$tmp/$_si.pid")" 2>/dev/null
		end=$(date +%s)
		echo "$rc $((end - start)) $limit" >"$tmp/$_si.rc.tmp"
		mv "$tmp/$_si.rc.tmp" "$tmp/$_si.rc"
	) &
	echo $! >"$tmp/$_si.wpid"
}

# Print the result of test number $1 (name $2), kselftest style.
report() {
	_ri=$1
	_rname=$2
	read -r rc secs limit <"$tmp/$_ri.rc"
	tag="selftests: nvmx: $_rname"
	show=$verbose
	# coreutils timeout exits 124, busybox's 143 (TERM) or 137 (KILL)
	if { [ "$rc" = 124 ] || [ "$rc" = 137 ] || [ "$rc" = 143 ]; } &&
	   [ "$secs" -ge "$limit" ]; then
		line="not ok $_ri $tag # TIMEOUT $limit seconds"
		fail=$((fail + 1))
		show=1
	elif [ "$rc" = 0 ]; then
		line="ok $_ri $tag"
		pass=$((pass + 1))
	elif [ "$rc" = 4 ]; then
		reason=$(sed -n 's/^1\.\.0 # SKIP //p' "$tmp/$_ri.out" | head -n 1)
		line="ok $_ri $tag # SKIP${reason:+ $reason}"
		skip=$((skip + 1))
	else
		line="not ok $_ri $tag # exit=$rc"
		fail=$((fail + 1))
		show=1
	fi
	echo "# selftests: nvmx: $_rname"
	if [ "$show" = 1 ]; then
		sed 's/^/# /' "$tmp/$_ri.out"
	elif [ "$rc" = 4 ] || [ "$rc" = 0 ]; then
		# the binary's own tally, so that a pass says how much it checked
		grep '^# Totals:' "$tmp/$_ri.out" | sed 's/^/# /'
	fi
	[ "$verbose" = 1 ] && echo "# $_rname: ${secs}s (limit ${limit}s)"
	echo "$line"
}

# Print, in order, every finished test whose predecessors are printed.
flush() {
	while [ "$printed" -lt "$n" ] && [ -f "$tmp/$((printed + 1)).rc" ]; do
		printed=$((printed + 1))
		report "$printed" "$(echo $tests | cut -d' ' -f"$printed")"
		rm -f "$tmp/$printed.pid" "$tmp/$printed.wpid"
	done
}

finished() {
	ls "$tmp" | grep -c '\.rc$'
}

i=0
for name in $tests; do
	i=$((i + 1))
	while [ $((i - 1 - $(finished))) -ge "$jobs" ]; do
		flush
		sleep 0.1
	done
	start_test "$i" "$name"
done
while [ "$printed" -lt "$n" ]; do
	flush
	[ "$printed" -lt "$n" ] && sleep 0.1
done

cleanup
summary
[ "$fail" = 0 ]
