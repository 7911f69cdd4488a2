#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Run the nvmx-selftests binaries as kselftest's runner does: one outer
# TAP stream, a per-test timeout from the "settings" file, and last a line
#   summary: N passed, N failed, N skipped
# counting binaries.  POSIX sh, because the emulated machine runs it under
# busybox, where every fork costs milliseconds of emulated time: the
# sequential path runs two programs per test (setsid, grep), and one
# watchdog keeps every test's time.
#
# The per-test timeout is the runner's own, the same under dash and busybox:
# SIGTERM to the test's process group at its limit (within a second after
# it: the watchdog looks once a second), SIGKILL 5 s later, and
# if even that does not end it (a task in an uninterruptible kernel wait,
# D state, which no signal ends), the runner stops waiting 5 s after that,
# reports the test as timed out with its state and kernel stack, leaves it
# behind and goes on.  No single binary can stop the run.
#
# usage: run_tests.sh [-d DIR] [-j N] [-o SECONDS] [-v] [-l] [--junit FILE] [FILTER...]
#   -d DIR        where the test binaries are (default: build/tests next to
#                 this script, else tests/ next to it, as "make install
#                 DESTDIR=" lays out, else nvmx/, as "INSTALL_PATH=" does)
#   -j N          run up to N tests at once, 1 to 9999 (output still comes in order)
#   -o SECONDS    every test's timeout, over "settings" (kselftest's -o)
#   -v            show every test's own output, not only that of failures,
#                 and each test's wall time
#   -l            list the selected tests and exit
#   --junit FILE  also write the results as JUnit XML to FILE (one testsuite
#                 per binary, one testcase per line of its own TAP), with
#                 tap2junit (build/tools, bin/ next to this script, $TAP2JUNIT
#                 or PATH)
#   -h, --help    show this help and exit
#   FILTER        select tests whose name contains FILTER, or matches it when it
#                 is a shell pattern (l1_*); several filters select the union.
#                 $TESTS, if set, adds its words as filters.
#
# Exit: 0 when nothing failed or timed out (skips included), 1 otherwise,
# 2 for a usage error, a filter that selects no test, no test binaries in
# DIR, or a JUnit file that could not be written, 130 when interrupted
# (after printing the summary so far).  NVMX_ALLOW_EMPTY=1 makes a
# selection of no test a plan of 0 that passes (for callers that filter
# out every test on purpose).  NVMX_PROFILE=1 (include/profile.h) adds,
# after each test's line, "# profile: test=NAME phase=... ns=..." lines:
# where the binary spent its time, and the time the runner measured.

set -u

# This script's directory, only when a default needs it (the emulated
# machine gives -d: two subshells and a dirname cost ~8 ms of guest time).
here=
find_here() {
	[ -n "$here" ] || here=$(cd "$(dirname "$0")" && pwd)
}
dir=
jobs=1
override=
verbose=0
list=0

junit=

# The help is the comment block above, from "usage:" to the end of the
# "Exit:" paragraph (the first line that is not a comment).
usage() {
	sed -n '/^# usage:/,/^[^#]/{/^#/p}' "$0" | sed 's/^# \{0,1\}//'
}

# A usage error: one line saying what is wrong, where the help is, exit 2.
usage_error() {
	echo "run_tests.sh: $1 (run_tests.sh --help)" >&2
	exit 2
}

# A count the shell can do arithmetic on: decimal digits, no leading zero
# (dash reads 010 as octal), at most $2 digits (so that no product in this
# script overflows).  Anything else is refused here, where the message can
# say which value is wrong, and not later as a shell error.
is_count() {
	case $1 in
	''|*[!0-9]*|0?*) return 1 ;;
	esac
	[ "${#1}" -le "$2" ]
}

# getopts with "-:" takes "--name" as option "-" with OPTARG "name", which
# gives long options in POSIX sh (dash, busybox ash) without a second parser.
while getopts ":d:j:o:vlh-:" opt; do
	case $opt in
	d) dir=$OPTARG ;;
	j) jobs=$OPTARG ;;
	o)
		is_count "$OPTARG" 6 && [ "$OPTARG" -ge 1 ] ||
			usage_error "-o needs a timeout of 1 to 999999 seconds, not '$OPTARG'"
		override=$OPTARG
		;;
	v) verbose=1 ;;
	l) list=1 ;;
	h) usage; exit 0 ;;
	-)
		case $OPTARG in
		help) usage; exit 0 ;;
		junit=?*) junit=${OPTARG#junit=} ;;
		junit)
			[ "$OPTIND" -le $# ] || usage_error "--junit needs a FILE"
			eval "junit=\${$OPTIND}"
			OPTIND=$((OPTIND + 1))
			;;
		*) usage_error "unknown option --$OPTARG" ;;
		esac
		;;
	:) usage_error "-$OPTARG needs a value" ;;
	*) usage_error "unknown option -$OPTARG" ;;
	esac
done
shift $((OPTIND - 1))
# getopts stops at the first filter: an option after one would silently
# become a filter (and "--junit x.xml" write nothing).
for f in "$@"; do
	case $f in -*) usage_error "options go before the filters: '$f' comes after one" ;; esac
done
filters="$* ${TESTS:-}"
set -f		# the filters are patterns for case, not for the shell
set -- $filters
set +f
have_filters=$#

is_count "$jobs" 4 && [ "$jobs" -ge 1 ] ||
	usage_error "-j needs a number of tests from 1 to 9999, not '$jobs'"

# tap2junit writes the XML; found before any test runs, so that a run
# never ends in a missing tool after its tests took their time.
if [ -n "$junit" ]; then
	t2j=${TAP2JUNIT:-}
	find_here
	for c in "$here/build/tools/tap2junit" "$here/bin/tap2junit" \
		 "$(command -v tap2junit 2>/dev/null)"; do
		[ -n "$t2j" ] && break
		[ -n "$c" ] && [ -x "$c" ] && t2j=$c
	done
	if [ -n "${TAP2JUNIT:-}" ] && [ ! -x "$TAP2JUNIT" ]; then
		echo "run_tests.sh: TAP2JUNIT=$TAP2JUNIT is not an executable file" >&2
		exit 2
	elif [ -z "$t2j" ]; then
		echo "run_tests.sh: --junit needs tap2junit (make; or set TAP2JUNIT=path)" >&2
		exit 2
	fi
	case $junit in /*) ;; *) junit=$PWD/$junit ;; esac
	if ! : >>"$junit"; then
		echo "run_tests.sh: cannot write the JUnit file $junit" >&2
		exit 2
	fi
fi

if [ -z "$dir" ]; then
	find_here
	if [ -d "$here/build/tests" ]; then
		dir=$here/build/tests
	elif [ -d "$here/tests" ] || [ ! -d "$here/nvmx" ]; then
		dir=$here/tests
	else
		dir=$here/nvmx
	fi
fi
if [ ! -d "$dir" ]; then
	echo "run_tests.sh: no test directory $dir (run make first)" >&2
	exit 2
fi

# kselftest's settings file: timeout=N for every test; timeout.NAME=N for one.
default_timeout=45
overrides=" "
# A value that is not a number of seconds is an error, with its line:
# kselftest would pass it to timeout(1), which fails every test.
bad_timeout() {
	echo "run_tests.sh: $dir/settings line $1: a timeout is 1 to 999999 seconds, not '$2'" >&2
	exit 2
}
if [ -f "$dir/settings" ]; then
	lineno=0
	while IFS= read -r line || [ -n "$line" ]; do
		lineno=$((lineno + 1))
		case $line in
		timeout=*)
			v=${line#timeout=}
			is_count "$v" 6 && [ "$v" -ge 1 ] || bad_timeout $lineno "$v"
			default_timeout=$v
			;;
		timeout.*=*)
			v=${line#timeout.*=}
			is_count "$v" 6 && [ "$v" -ge 1 ] || bad_timeout $lineno "$v"
			overrides="$overrides${line#timeout.} "
			;;
		esac
	done <"$dir/settings"
fi

timeout_for() {
	if [ -n "$override" ]; then
		limit=$override
		return
	fi
	limit=$default_timeout
	case $overrides in
	*" $1="*)
		limit=${overrides##*" $1="}
		limit=${limit%% *}
		;;
	esac
}

# The fixed strings of the output lines the report needs (skip reason,
# tally, coverage, expected failures, profile): a line that contains one is
# picked out, as grep -F does, then report() sorts them by their exact
# prefixes.  The tests get them too: a binary of this suite picks its own
# lines out as it exits (include/report_lines.h), into the file
# NVMX_REPORT_LINES names, which report() sources.  Under emulation that
# saves a grep a test, ~8 ms of guest time.  Any other binary, or one that
# did not exit normally, leaves no file, and report() greps its output.
nl='
'
report_match=" # XFAIL ${nl}1..0 # SKIP ${nl}# Totals:${nl}# coverage: ${nl}# profile: "

# Seconds from SIGTERM to SIGKILL, and from SIGKILL to giving up on a test
# (the environment may shorten them: the runner's self-test does).
kill_after=${NVMX_KILL_AFTER:-5}
give_up_after=${NVMX_GIVE_UP_AFTER:-5}

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
all=
n=0
for t in "$dir"/*; do
	name=${t##*/}
	[ -f "$t" ] && [ -x "$t" ] || continue
	all="$all $name"
	selected "$name" || continue
	tests="$tests $name"
	n=$((n + 1))
done

# Selecting nothing is an error, not a run of nothing that passes: a typo
# in a filter would otherwise turn CI green without running a test.
if [ -z "$all" ]; then
	echo "run_tests.sh: no test binaries in $dir (run make first)" >&2
	exit 2
fi
if [ "$n" = 0 ] && [ "${NVMX_ALLOW_EMPTY:-}" != 1 ]; then
	set -f
	echo "run_tests.sh: no test in $dir matches the filters:$(printf " '%s'" $filters)" >&2
	set +f
	echo "run_tests.sh: the tests in $dir are:" >&2
	for t in $all; do echo "  $t"; done >&2
	exit 2
fi

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
	# Stop whatever still runs: the watchdog (USR2: it stops its sleep; it
	# is gone before its files are), then the waiting subshells (so that
	# none reports a killed test), then each test's own process group.  No
	# "--" for kill: dash's builtin does not take it.
	if [ -n "${wd_pid:-}" ]; then
		kill -USR2 "$wd_pid" 2>/dev/null
		wait "$wd_pid" 2>/dev/null
	fi
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

# The JUnit file, from the full output of every test reported so far
# (the screen shows a passing test's output only with -v).
write_junit() {
	[ -n "$junit" ] || return 0
	if "$t2j" -o "$junit" "$tmp/junit.tap"; then
		return 0
	fi
	echo "run_tests.sh: $t2j could not write the JUnit file $junit" >&2
	return 1
}

on_interrupt() {
	echo "# interrupted: stopping after $printed of $n tests"
	write_junit
	cleanup
	summary
	exit 130
}
trap on_interrupt INT TERM

echo "TAP version 13"
if [ -z "${NVMX_NO_VMX_HINT:-}" ]; then
	# The first CPU's flags, by one grep: the shell's read would take a
	# system call per byte of its ~2 KB (~20 ms under Bochs).  (NVMX_CPUINFO:
	# another file, for the runner's self-test.)
	case " $(grep -m 1 '^flags' "${NVMX_CPUINFO:-/proc/cpuinfo}" 2>/dev/null) " in
	*" vmx "*) ;;
	*) echo "# This host has no VMX: the nested-VMX tests skip here. Run them in an emulated Intel CPU: make run_tests_emulated" ;;
	esac
fi
echo "1..$n"
[ -n "$junit" ] && printf 'TAP version 13\n1..%s\n' "$n" >"$tmp/junit.tap"

# One watchdog for the whole run keeps every test's time (a watchdog per
# test cost a fork and a sleep each: ~8 ms a test under emulation).  Test
# $i is watched while $tmp/$i.dl holds "PGID DEADLINE WAITER" (DEADLINE in
# hundredths of a second since boot, as now() counts; WAITER the shell
# waiting for it).  Once a second it acts on the deadlines passed: at the
# limit, $tmp/$i.timeout and SIGTERM to the group; $kill_after s later,
# SIGKILL; $give_up_after s after that, $tmp/$i.gaveup and SIGUSR1 to the
# waiting shell, which then stops waiting.  USR2 stops it, and it stops by
# itself when the runner is gone.  (USR2, not TERM: the runner traps TERM,
# and a TERM that reached the subshell before its own trap was set would be
# caught by the inherited handler and lost; USR2 is not trapped there, so
# until the trap is set its default action applies.)
watchdog() {
	_ws= _stop=
	trap '_stop=1; [ -n "$_ws" ] && kill "$_ws" 2>/dev/null' USR2
	while [ -z "$_stop" ]; do
		# a sleep in a child, which a USR2 ends at once, wherever it
		# lands (a trap runs only between commands)
		sleep 1 & _ws=$!
		[ -z "$_stop" ] && wait "$_ws" 2>/dev/null
		_ws=
		[ -z "$_stop" ] && kill -0 "$runner_pid" 2>/dev/null || break
		now
		for _f in "$tmp"/*.dl; do
			_p='' _d='' _w=''
			# (braces: a file gone at the end must make no noise)
			{ read -r _p _d _w <"$_f"; } 2>/dev/null
			[ -n "$_w" ] || continue
			_i=${_f##*/}
			_i=${_i%.dl}
			# (each test's stage, in a variable of its own)
			_s=0
			eval "_s=\${st_$_i:-0}"
			case $_s in
			0)
				[ "$_now" -ge "$_d" ] || continue
				{ : >"$tmp/$_i.timeout"; } 2>/dev/null
				kill -TERM -"$_p" 2>/dev/null
				;;
			1)
				[ "$_now" -ge $((_d + kill_after * 100)) ] || continue
				kill -KILL -"$_p" 2>/dev/null
				;;
			2)
				[ "$_now" -ge $((_d + (kill_after + give_up_after) * 100)) ] ||
					continue
				{ : >"$tmp/$_i.gaveup"; } 2>/dev/null
				kill -USR1 "$_w" 2>/dev/null
				;;
			*) continue ;;
			esac
			eval "st_$_i=$((_s + 1))"
		done
	done
	[ -n "$_ws" ] && kill "$_ws" 2>/dev/null
	exit 0
}

# Run test $2 with its output in $tmp/$1.out, watched by the watchdog, and
# waited for by shell $waiter (this one); leaves its exit code, wall time
# (hundredths) and limit in _rc, _cs and limit, and in _to whether it
# timed out: "-", "timeout", or "stuck" (SIGKILL did not end it; then
# $tmp/$1.stuck says where it sleeps).  The test gets its own session
# (setsid), so that a timeout or Ctrl-C reaches everything it started.
# Only shell builtins here besides setsid: each external command costs
# milliseconds under emulation.
run_one() {
	timeout_for "$2"
	now
	_start=$_now
	# Set once and never reset: a late USR1 must not kill the runner.
	trap '_stuck=1' USR1
	_stuck=
	NVMX_REPORT_LINES=$tmp/$1.meta NVMX_REPORT_MATCH=$report_match \
		setsid "$dir/$2" >"$tmp/$1.out" 2>&1 &
	_pid=$!
	echo "$_pid" >"$tmp/$1.pid"
	echo "$_pid $((_start + limit * 100)) $waiter" >"$tmp/$1.dl"
	# (stderr: the shell would report a test that a signal ended)
	while :; do
		wait "$_pid" 2>/dev/null
		_rc=$?
		[ -n "$_stuck" ] || break
		_stuck=
		# the watchdog gave up on this test; any other USR1 came late,
		# about a test already over: wait on
		[ -f "$tmp/$1.gaveup" ] && { _stuck=1; break; }
	done
	_st=gone
	[ -n "$_stuck" ] && { read -r _ _ _st _ <"/proc/$_pid/stat"; } 2>/dev/null
	case $_st in
	gone|Z)
		# Ended (a USR1 in its last instant only cut the wait short).
		[ -n "$_stuck" ] && { wait "$_pid" 2>/dev/null; _rc=$?; }
		_to=-
		;;
	*)
		# Still there after SIGKILL: an uninterruptible wait in the
		# kernel.  Say where, and leave it behind.
		# (wchan has no newline: read fails, but sets the variable)
		_wchan=
		read -r _wchan <"/proc/$_pid/wchan" 2>/dev/null
		{
			echo "pid $_pid still there ${give_up_after}s after SIGKILL: state $_st, in ${_wchan:-?}; left behind"
			cat "/proc/$_pid/stack" 2>/dev/null
		} >"$tmp/$1.stuck"
		_to=stuck
		;;
	esac
	: >"$tmp/$1.dl"
	[ "$_to" = - ] && [ -f "$tmp/$1.timeout" ] && _to=timeout
	# the test's own children: setsid made its pid their group
	kill -KILL -"$_pid" 2>/dev/null
	_stuck=
	now
	_cs=$((_now - _start))
	: >"$tmp/$1.pid"
}

# The parallel path runs run_one in a subshell: hand the result over in a
# file, renamed into place so that the parent never reads half of it.
run_one_bg() {
	# this subshell's pid ($$ is the top-level one, also in a subshell)
	read -r waiter _ </proc/self/stat
	run_one "$1" "$2"
	echo "$_rc $_cs $limit $_to" >"$tmp/$1.rc.tmp"
	mv "$tmp/$1.rc.tmp" "$tmp/$1.rc"
}

# The output of the test being reported, as diagnostics (its profile
# lines aside), and where it was stuck, if it was.
show_output() {
	sed -e '/^# profile: /d' -e 's/^/# /' "$tmp/$_ri.out"
	[ "$_rto" != stuck ] || sed "s/^/# $_rname: /" "$tmp/$_ri.stuck"
}

# Print the result of test number $1 (name $2), kselftest style.
# (Shell functions share variables: each one uses its own names.)
report() {
	_ri=$1
	_rname=$2
	if [ -f "$tmp/$_ri.rc" ]; then
		read -r _rrc _rcs _rlimit _rto <"$tmp/$_ri.rc"
	else
		_rrc=$_rc _rcs=$_cs _rlimit=$limit _rto=$_to
	fi
	_tag="selftests: nvmx: $_rname"
	_show=$verbose
	# The lines the report needs ($report_match), as the test picked
	# them out, else by one grep of fixed strings, then sorted out here
	# by their exact prefixes (most lines match none).  Not the shell's
	# read: it takes a system call per byte. Not sed or a grep of regular
	# expressions: under Bochs their regexec costs ~40 us a line, and
	# tests print a line per rule (a 150-line output: sed 19 ms, grep -F
	# 6 ms).  -a: GNU grep would drop every line of an output with a NUL
	# byte in it ("binary file matches").
	_meta=
	if [ -f "$tmp/$_ri.meta" ]; then
		. "$tmp/$_ri.meta"
	else
		_meta=$(grep -a -F -e "$report_match" "$tmp/$_ri.out")
	fi
	_reason=
	_totals=
	_cover=
	_xfails=
	_prof=
	set -f
	_ifs=$IFS
	IFS='
'
	for _l in $_meta; do
		case $_l in
		"ok "*" # XFAIL "*) _xfails="$_xfails# $_l
" ;;
		"1..0 # SKIP "*) [ -z "$_reason" ] && _reason=${_l#"1..0 # SKIP "} ;;
		"# Totals:"*) _totals=$_l ;;
		"# coverage: "[0-9]*) _cover=$_l ;;
		"# profile: "*) _prof="$_prof# profile: test=$_rname ${_l#"# profile: "}
" ;;
		esac
	done
	IFS=$_ifs
	set +f
	if [ "$_rto" != - ]; then
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
		show_output
	else
		# expected failures (known bugs) are always shown, by name
		[ -n "$_xfails" ] && printf '%s' "$_xfails"
		# the binary's own tally, so that a pass says how much it checked,
		# and, for the L1 controls, how many bits were entered or refused
		[ -n "$_cover" ] && echo "# $_cover"
		[ -n "$_totals" ] && echo "# $_totals"
	fi
	[ "$verbose" = 1 ] &&
		echo "# $_rname: $((_rcs / 100)).$((_rcs / 10 % 10))s (limit ${_rlimit}s)"
	# NVMX_PROFILE=1: the binary's phases (include/profile.h), and the
	# time the runner saw, setsid and timeout included
	if [ "${NVMX_PROFILE:-}" = 1 ]; then
		printf '%s' "$_prof"
		echo "# profile: test=$_rname phase=runner ns=$((_rcs * 10000000)) n=1"
	fi
	echo "$_line"
	if [ -n "$junit" ]; then
		{
			echo "# selftests: nvmx: $_rname"
			show_output
			echo "# $_rname: $((_rcs / 100)).$((_rcs / 10 % 10))s (limit ${_rlimit}s)"
			echo "$_line"
		} >>"$tmp/junit.tap"
	fi
}

runner_pid=$$
watchdog &
wd_pid=$!
if [ "$jobs" = 1 ]; then
	waiter=$$
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

junit_rc=0
write_junit || junit_rc=2
cleanup
summary
[ "$junit_rc" = 0 ] || exit 2
[ "$fail" = 0 ]
