#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Unit test of run_tests.sh, on fake tests that pass, fail, skip, crash
# and hang: the outer TAP lines, the timeout, the filter, -j ordering,
# the summary line, the exit code, and Ctrl-C.  TAP output.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
runner=${RUN_TESTS:-$top/run_tests.sh}
[ -f "$runner" ] || runner=$(cd "$(dirname "$0")" && pwd)/run_tests.sh
work=$(mktemp -d "${TMPDIR:-/tmp}/runner-selftest.XXXXXX")
trap 'rm -rf "$work"' EXIT
. "$top/tests/unit/lib/tap.sh"


mk() {	# mk NAME EXIT [SLEEP] [OUTPUT]
	cat >"$work/t/$1" <<EOT
#!/bin/sh
${4:-echo "TAP version 13"}
${3:+sleep $3}
exit $2
EOT
	chmod +x "$work/t/$1"
}

mkdir -p "$work/t"
echo "timeout=2" >"$work/t/settings"
echo "timeout.slow_pass=6" >>"$work/t/settings"
mk a_pass 0
mk b_fail 1
mk c_skip 4 "" 'echo "1..0 # SKIP no widget here"'
mk d_hang 0 30
mk e_crash 139
mk slow_pass 0 3
mk f_xfail 0 "" 'echo "ok 1 thing # XFAIL known bug X"; echo "# coverage: 3 bits entered"; echo "# coverage: PIN entered: 0-1"; echo "# Totals: pass:0 fail:0 xfail:1 xpass:0 skip:0 error:0"'

echo "TAP version 13"

out=$(NVMX_NO_VMX_HINT=1 sh "$runner" -d "$work/t" 2>&1)
rc=$?
ok $([ "$rc" = 1 ]; echo $?) "exit_1_when_a_test_fails (got $rc)"
echo "$out" | grep -qx "ok 1 selftests: nvmx: a_pass"
ok $? "pass_line"
echo "$out" | grep -qx "not ok 2 selftests: nvmx: b_fail # exit=1"
ok $? "fail_line_with_exit_code"
echo "$out" | grep -qx "ok 3 selftests: nvmx: c_skip # SKIP no widget here"
ok $? "skip_line_with_reason"
echo "$out" | grep -qx "not ok 4 selftests: nvmx: d_hang # TIMEOUT 2 seconds"
ok $? "timeout_from_settings"
echo "$out" | grep -qx "not ok 5 selftests: nvmx: e_crash # exit=139"
ok $? "crash_is_a_failure"
echo "$out" | grep -qx "ok 7 selftests: nvmx: slow_pass"
ok $? "per_test_timeout_override"
echo "$out" | tail -n 1 | grep -qx "summary: 3 passed, 3 failed, 1 skipped"
ok $? "summary_is_the_last_line"
echo "$out" | grep -qx "1..7"
ok $? "plan_line"
echo "$out" | grep -qx "# ok 1 thing # XFAIL known bug X"
ok $? "expected_failures_shown_for_a_passing_test"
echo "$out" | grep -A1 -x "# # coverage: 3 bits entered" | grep -qx "# # Totals: pass:0 fail:0 xfail:1 xpass:0 skip:0 error:0"
ok $? "coverage_line_shown_before_the_totals"
! echo "$out" | grep -q "coverage: PIN"
ok $? "only_the_coverage_summary_is_shown"

# A test of this suite picks out its report lines itself as it exits
# (include/report_lines.h): the strings come in $NVMX_REPORT_MATCH, the lines
# go to the file $NVMX_REPORT_LINES names, and the runner takes that file
# over its own grep.  This fake writes a file that differs from its output,
# so that the check sees which one was used, and only when the list it got
# is the runner's five strings.  (A test that writes none, every other
# fake here, is grepped.)
mkdir -p "$work/own"
echo "timeout=5" >"$work/own/settings"
cat >"$work/own/a_picks_its_lines" <<'EOT'
#!/bin/sh
echo "# Totals: from the output"
want=$(printf '%s\n' ' # XFAIL ' '1..0 # SKIP ' '# Totals:' '# coverage: ' '# profile: ')
[ "$NVMX_REPORT_MATCH" = "$want" ] || exit 0
echo "_meta='# Totals: from the file'" >"$NVMX_REPORT_LINES"
EOT
chmod +x "$work/own/a_picks_its_lines"
for sh in sh "busybox sh"; do
	[ "$sh" = sh ] || command -v busybox >/dev/null 2>&1 || continue
	out=$(NVMX_NO_VMX_HINT=1 $sh "$runner" -d "$work/own" 2>&1)
	echo "$out" | grep -qx "# # Totals: from the file"
	ok $? "the_tests_own_pick_of_its_lines_is_used ($sh)"
done

out=$(NVMX_NO_VMX_HINT=1 sh "$runner" -d "$work/t" a_ c_skip 2>&1)
rc=$?
ok $([ "$rc" = 0 ]; echo $?) "exit_0_with_only_passes_and_skips (got $rc)"
echo "$out" | tail -n 1 | grep -qx "summary: 1 passed, 0 failed, 1 skipped"
ok $? "filter_selects_by_substring"

out=$(TESTS='*_fail' NVMX_NO_VMX_HINT=1 sh "$runner" -d "$work/t" 2>&1)
echo "$out" | tail -n 1 | grep -qx "summary: 0 passed, 1 failed, 0 skipped"
ok $? "TESTS_glob_filter"

out=$(NVMX_NO_VMX_HINT=1 sh "$runner" -d "$work/t" -j 3 2>&1)
echo "$out" | grep -E '^(not )?ok ' | sed 's/ selftests.*//; s/^not //' | tr '\n' ' ' |
	grep -qx "ok 1 ok 2 ok 3 ok 4 ok 5 ok 6 ok 7 "
ok $? "parallel_results_stay_in_order"

# Ctrl-C: the summary so far, no test left running, exit 130.  A shell
# starts background jobs with SIGINT ignored, which no trap can undo, so
# perl restores the default disposition first, as a terminal's job has.
NVMX_NO_VMX_HINT=1 perl -e '$SIG{INT} = "DEFAULT"; exec @ARGV' \
	sh "$runner" -d "$work/t" d_hang >"$work/int.out" 2>&1 &
pid=$!
sleep 1
kill -INT $pid
wait $pid
rc=$?
sleep 0.2
ok $([ "$rc" = 130 ]; echo $?) "interrupt_exits_130 (got $rc)"
tail -n 1 "$work/int.out" | grep -qx "summary: 0 passed, 0 failed, 0 skipped"
ok $? "interrupt_prints_summary"
! pgrep -f "$work/t/d_hang" >/dev/null
ok $? "interrupt_leaves_no_test_running"

# Selecting nothing is an error (exit 2) that names the filter and lists
# the tests there are; it used to print "1..0" and pass.
for f in typo_name '['; do
	out=$(NVMX_NO_VMX_HINT=1 sh "$runner" -d "$work/t" "$f" 2>&1)
	rc=$?
	ok $([ "$rc" = 2 ]; echo $?) "filter_selecting_nothing_exits_2 ($f: got $rc)"
	echo "$out" | grep -qF "matches the filters: '$f'"
	ok $? "filter_selecting_nothing_names_the_filter ($f)"
	echo "$out" | grep -qx "  a_pass"
	ok $? "filter_selecting_nothing_lists_the_tests ($f)"
done
out=$(TESTS=typo_name NVMX_NO_VMX_HINT=1 sh "$runner" -d "$work/t" 2>&1)
ok $([ $? = 2 ]; echo $?) "TESTS_selecting_nothing_exits_2"
out=$(NVMX_ALLOW_EMPTY=1 NVMX_NO_VMX_HINT=1 sh "$runner" -d "$work/t" typo_name 2>&1)
rc=$?
ok $([ "$rc" = 0 ] && echo "$out" | grep -qx "1..0"; echo $?) "NVMX_ALLOW_EMPTY_keeps_an_empty_plan (got $rc)"
mkdir -p "$work/empty"
echo "timeout=2" >"$work/empty/settings"
out=$(NVMX_NO_VMX_HINT=1 sh "$runner" -d "$work/empty" 2>&1)
rc=$?
ok $([ "$rc" = 2 ]; echo $?) "empty_directory_exits_2 (got $rc)"
echo "$out" | grep -qF "no test binaries in $work/empty"
ok $? "empty_directory_says_so"
out=$(NVMX_NO_VMX_HINT=1 sh "$runner" -d "$work/missing" 2>&1)
ok $([ $? = 2 ] && echo "$out" | grep -qF "no test directory $work/missing"; echo $?) "missing_directory_exits_2_and_says_so"

# -h and --help print the whole usage, to stdout, and exit 0.
for h in -h --help; do
	out=$(sh "$runner" $h 2>/dev/null)
	rc=$?
	ok $([ "$rc" = 0 ]; echo $?) "help_exits_0 ($h: got $rc)"
	echo "$out" | grep -q "^usage: run_tests.sh"
	ok $? "help_prints_usage ($h)"
	# the Exit paragraph used to be cut after "1 otherwise,"
	echo "$out" | grep -q "130 when interrupted"
	ok $? "help_is_not_cut_off ($h)"
done
out=$(sh "$runner" --bogus 2>&1)
ok $([ $? = 2 ] && echo "$out" | grep -qF "unknown option --bogus"; echo $?) "unknown_long_option_exits_2"

out=$(NVMX_NO_VMX_HINT=1 sh "$runner" -d "$work/t" a_pass -v 2>&1)
ok $([ $? = 2 ] && echo "$out" | grep -qF "options go before the filters: '-v'"; echo $?) "an_option_after_a_filter_exits_2"

# Numbers are checked before use: a clear error, exit 2, and no test run.
for j in 99999999999999999999 0 010 -1 x ''; do
	out=$(NVMX_NO_VMX_HINT=1 sh "$runner" -d "$work/t" -j "$j" a_pass 2>&1)
	rc=$?
	ok $([ "$rc" = 2 ] && echo "$out" | grep -qF -- "-j needs a number" &&
		! echo "$out" | grep -q "ok 1"; echo $?) "bad_job_count_exits_2 (-j '$j': got $rc)"
done
mkdir -p "$work/badset"
cp "$work/t/a_pass" "$work/badset/"
echo "timeout=99999999999999999999" >"$work/badset/settings"
out=$(NVMX_NO_VMX_HINT=1 sh "$runner" -d "$work/badset" 2>&1)
ok $([ $? = 2 ] && echo "$out" | grep -qF "settings line 1"; echo $?) "bad_settings_timeout_exits_2_naming_the_line"

# The README names the packages a minimal Debian lacks, in its first lines.
head -n 12 "$top/README.md" | grep -q "apt-get install -y git make"
ok $? "readme_names_git_and_make_up_front"

# install-deps picks clang's runtime for the clang that is (or will be)
# installed, not a hard-coded 14.
mkdir -p "$work/bin"
printf '#!/bin/sh\necho 16.0.6\n' >"$work/bin/clang"
chmod +x "$work/bin/clang"
out=$(PATH="$work/bin:$PATH" sh "$top/tools/install-deps" --list fuzz 2>&1)
echo "$out" | grep -qx "libclang-rt-16-dev"
ok $? "install_deps_matches_clang_runtime_to_clang (got: $(echo $out))"
out=$(PATH="$work/nobin" /bin/sh "$top/tools/install-deps" --list fuzz 2>&1)
echo "$out" | grep -qx "libclang-rt-dev"
ok $? "install_deps_without_clang_takes_the_default_runtime (got: $(echo $out))"

# A binary that hangs after its last result must end as a TIMEOUT, and the
# run must go on, in both configurations the runner has: dash with
# util-linux and coreutils (a host), busybox (the emulated machine).  Three
# ways to hang: ignoring SIGTERM; leaving a child that ignores it; and
# sleeping where no signal ends it (a task in an uninterruptible kernel
# wait, D state; made here with the cgroup-v1 freezer, which holds a task
# even against SIGKILL until it is thawed: root only).
skip() {
	n=$((n + 1))
	echo "ok $n $1 # SKIP $2"
}
mkdir -p "$work/s"
echo "timeout=2" >"$work/s/settings"
cat >"$work/s/a_ignores_term" <<'EOT'
#!/bin/sh
trap '' TERM
echo "ok 1 last_result"
while :; do sleep 1; done
EOT
cat >"$work/s/b_child_ignores_term" <<EOT
#!/bin/sh
echo "ok 1 last_result"
sh -c 'trap "" TERM; sleep 60' runner-selftest-child &
sleep 60
EOT
fz=
if [ "$(id -u)" = 0 ]; then
	# a mounted cgroup-v1 freezer, or one of our own
	while read -r _dev _mnt _type _opts _; do
		case "$_type,$_opts" in cgroup,*freezer*) fz=$_mnt; break ;; esac
	done </proc/mounts
	if [ -z "$fz" ] && mkdir -p "$work/fz" &&
	   mount -t cgroup -o freezer none "$work/fz" 2>/dev/null; then
		fz=$work/fz
	fi
	[ -n "$fz" ] && { mkdir "$fz/runner-selftest-$$" 2>/dev/null || fz=; }
fi
thaw() {
	[ -n "$fz" ] || return 0
	echo THAWED >"$fz/runner-selftest-$$/freezer.state" 2>/dev/null
}
if [ -n "$fz" ]; then
	fzd=$fz/runner-selftest-$$
	trap 'thaw; sleep 0.2; rmdir "$fzd" 2>/dev/null; [ "$fz" = "$work/fz" ] && umount "$fz"; rm -rf "$work"' EXIT
	cat >"$work/s/c_unkillable" <<EOT
#!/bin/sh
echo "ok 1 last_result"
echo \$\$ >"$fzd/tasks"
echo FROZEN >"$fzd/freezer.state"
EOT
fi
cat >"$work/s/d_after" <<'EOT'
#!/bin/sh
echo "# Totals: pass:1 fail:0 xfail:0 xpass:0 skip:0 error:0"
EOT
# A USR1 that is not the watchdog's (here the test's own, to the runner
# waiting for it) must not end the wait: the test ends as it ends.
cat >"$work/s/e_stray_usr1" <<'EOT'
#!/bin/sh
kill -USR1 $PPID
sleep 1
echo "ok 1 after_usr1"
EOT
chmod +x "$work/s/"*_*

# busybox: its applets first in PATH, as in the emulated machine
configs="dash"
if command -v busybox >/dev/null 2>&1; then
	mkdir -p "$work/bb"
	for a in setsid sleep sed grep mktemp rm mv cat kill; do
		ln -s "$(command -v busybox)" "$work/bb/$a"
	done
	configs="$configs busybox"
fi
for cfg in $configs; do
	thaw
	[ -n "$fz" ] && echo THAWED >"$fzd/freezer.state"
	# A guard, so that a runner that waits for ever cannot hang this test.
	(
		exec >/dev/null 2>&1
		sleep 30 & s=$!
		trap 'kill $s; exit 0' TERM
		wait $s
		thaw
	) &
	guard=$!
	failed_before=$failed
	start=$(date +%s)
	if [ "$cfg" = busybox ]; then
		PATH=$work/bb:$PATH NVMX_NO_VMX_HINT=1 NVMX_KILL_AFTER=1 NVMX_GIVE_UP_AFTER=1 \
			busybox sh "$runner" -d "$work/s" >"$work/s.out" 2>&1
	else
		NVMX_NO_VMX_HINT=1 NVMX_KILL_AFTER=1 NVMX_GIVE_UP_AFTER=1 \
			sh "$runner" -d "$work/s" >"$work/s.out" 2>&1
	fi
	took=$(($(date +%s) - start))
	kill "$guard" 2>/dev/null
	grep -qx "not ok 1 selftests: nvmx: a_ignores_term # TIMEOUT 2 seconds" "$work/s.out"
	ok $? "$cfg: sigterm_ignored_ends_as_timeout"
	grep -qx "# ok 1 last_result" "$work/s.out"
	ok $? "$cfg: timeout_shows_the_last_result"
	grep -qx "not ok 2 selftests: nvmx: b_child_ignores_term # TIMEOUT 2 seconds" "$work/s.out"
	ok $? "$cfg: child_ignoring_sigterm_ends_as_timeout"
	! pgrep -f "runner-selftest-child" >/dev/null
	ok $? "$cfg: no_child_left_running"
	if [ -n "$fz" ]; then
		grep -qx "not ok 3 selftests: nvmx: c_unkillable # TIMEOUT 2 seconds" "$work/s.out"
		ok $? "$cfg: unkillable_test_ends_as_timeout"
		grep -q "^# c_unkillable: pid [0-9]* still there 1s after SIGKILL: state D" "$work/s.out"
		ok $? "$cfg: unkillable_test_named_with_its_state"
		grep -qx "ok 4 selftests: nvmx: d_after" "$work/s.out"
		ok $? "$cfg: run_goes_on_after_an_unkillable_test"
	else
		for t in unkillable_test_ends_as_timeout unkillable_test_named_with_its_state \
			 run_goes_on_after_an_unkillable_test; do
			skip "$cfg: $t" "needs root and the cgroup-v1 freezer (a task no signal ends)"
		done
	fi
	grep -qx "ok [0-9]* selftests: nvmx: e_stray_usr1" "$work/s.out"
	ok $? "$cfg: a_stray_usr1_does_not_end_the_wait"
	# limits: 2 s + 1 s to SIGKILL + 1 s to give up, per hanging test
	[ "$took" -le 20 ]
	ok $? "$cfg: whole_run_within_its_limits (took ${took}s)"
	# the runner's output, when something above failed
	[ "$failed" = "$failed_before" ] || sed 's/^/# /' "$work/s.out"
done
thaw

# The report's lines come from one grep of fixed strings and the shell's
# own prefix match: exactly the lines that start as the report's patterns
# do, wherever else the strings appear, and also from an output with a
# NUL byte in it (GNU grep without -a would drop every line of it).
mkdir -p "$work/m"
cat >"$work/m/g_meta" <<'EOT'
#!/bin/sh
printf 'ok 1 a\0b\n'
echo "not ok 2 b # XFAIL not an ok line"
echo "ok 3 c # XFAIL the real one"
echo "okay 4 # XFAIL not ok either"
echo "# # Totals: a nested tally, not this binary's"
echo "# coverage: 2 bits entered"
echo "# coverage: PIN entered: 0-1"
echo "x # coverage: 9 not at the start"
echo "## profile: phase=bogus ns=1 n=1"
echo "# Totals: pass:2 fail:0 xfail:1 xpass:0 skip:0 error:0"
echo "# profile: phase=total ns=5 n=1"
EOT
cat >"$work/m/h_skip" <<'EOT'
#!/bin/sh
echo "TAP version 13"
echo "# 1..0 # SKIP not at the start"
echo "1..0 # SKIP the first reason"
echo "1..0 # SKIP a second one"
exit 4
EOT
chmod +x "$work/m/"*_*
# The hint for a host without VMX: from the first CPU's flags, "vmx" as a
# word anywhere on the line (the last word too), and only that word.
for f in "fpu vmx sse" "fpu sse vmx" "fpu vmxx sse" "fpu sse"; do
	printf 'processor\t: 0\nflags\t\t: %s\n\nprocessor\t: 1\nflags\t\t: fpu vmx\n' "$f" >"$work/cpuinfo"
	hint=$(env -u NVMX_NO_VMX_HINT NVMX_CPUINFO=$work/cpuinfo sh "$runner" -d "$work/m" g_meta 2>&1 | grep -c "This host has no VMX")
	case $f in *" vmx"|*" vmx "*) want=0 ;; *) want=1 ;; esac
	[ "$hint" = "$want" ]
	ok $? "no_vmx_hint_for_flags '$f': $want"
done

for cfg in $configs; do
	if [ "$cfg" = busybox ]; then
		PATH=$work/bb:$PATH NVMX_NO_VMX_HINT=1 NVMX_PROFILE=1 busybox sh "$runner" -d "$work/m" >"$work/m.out" 2>&1
	else
		NVMX_NO_VMX_HINT=1 NVMX_PROFILE=1 sh "$runner" -d "$work/m" >"$work/m.out" 2>&1
	fi
	grep -v '^# profile: test=g_meta phase=runner ' "$work/m.out" | sed -n '/^# selftests: nvmx: g_meta$/,/^ok 1 /p' >"$work/m.got"
	printf '%s\n' "# selftests: nvmx: g_meta" "# ok 3 c # XFAIL the real one" \
		"# # coverage: 2 bits entered" \
		"# # Totals: pass:2 fail:0 xfail:1 xpass:0 skip:0 error:0" \
		"# profile: test=g_meta phase=total ns=5 n=1" "ok 1 selftests: nvmx: g_meta" >"$work/m.want"
	cmp -s "$work/m.got" "$work/m.want"
	ok $? "$cfg: report_takes_exactly_the_lines_that_start_as_its_patterns"
	[ "$failed" = 0 ] || diff "$work/m.want" "$work/m.got" | sed 's/^/# /'
	grep -qx "ok 2 selftests: nvmx: h_skip # SKIP the first reason" "$work/m.out"
	ok $? "$cfg: skip_reason_is_the_first_plan_of_0"
done

tap_done
