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
n=0
failed=0

ok() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n $2"
	else
		echo "not ok $n $2"
		failed=$((failed + 1))
	fi
}

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
mk f_xfail 0 "" 'echo "ok 1 thing # XFAIL known bug X"; echo "# Totals: pass:0 fail:0 xfail:1 xpass:0 skip:0 error:0"'

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

echo "1..$n"
echo "summary: $((n - failed)) passed, $failed failed, 0 skipped"
[ "$failed" = 0 ]
