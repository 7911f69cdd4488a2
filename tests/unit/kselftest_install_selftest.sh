#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Unit test of the install layouts: "make install INSTALL_PATH=" writes
# kselftest's (binaries and settings under nvmx/, kselftest-list.txt,
# run_kselftest.sh), which runs after being moved, from another directory;
# "make install DESTDIR=" keeps the layout the emulated image uses.  TAP.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/ksft-install-selftest.XXXXXX")
trap 'rm -rf "$work"' EXIT
. "$top/tests/unit/lib/tap.sh"


echo "TAP version 13"
make -s -C "$top" install INSTALL_PATH="$work/inst" >"$work/make.log" 2>&1
rc=$?
ok $rc "make_install_INSTALL_PATH"
[ "$rc" = 0 ] || sed 's/^/# /' "$work/make.log" | tail -n 20

# The tree works wherever it is copied to, run from anywhere.
cp -a "$work/inst" "$work/moved"
rm -rf "$work/inst"
k=$work/moved
[ -x "$k/run_kselftest.sh" ] && [ -x "$k/run_tests.sh" ] && [ -f "$k/nvmx/settings" ]
ok $? "runner_and_settings_installed"

# kselftest-list.txt: "collection:test", one a line, one per binary
nbins=0
for t in "$k"/nvmx/*; do
	[ -f "$t" ] && [ -x "$t" ] && nbins=$((nbins + 1))
done
bad=$(grep -cvE '^nvmx:[A-Za-z0-9_.-]+$' "$k/kselftest-list.txt")
ok $([ "$bad" = 0 ] && [ "$(wc -l <"$k/kselftest-list.txt")" = "$nbins" ] && [ "$nbins" -gt 0 ]; echo $?) \
	"kselftest_list_has_one_collection_test_line_per_binary ($nbins binaries, $bad bad lines)"
missing=0
while IFS=: read -r c t; do
	[ -x "$k/$c/$t" ] || missing=$((missing + 1))
done <"$k/kselftest-list.txt"
ok $([ "$missing" = 0 ]; echo $?) "every_listed_test_is_there ($missing missing)"

cd /
out=$("$k/run_kselftest.sh" -l)
[ "$out" = "$(cat "$k/kselftest-list.txt")" ]
ok $? "dash_l_lists_the_entries"

first=$(head -n 1 "$k/kselftest-list.txt")
name=${first#nvmx:}
out=$(NVMX_NO_VMX_HINT=1 "$k/run_kselftest.sh" -t "$first" -o 60 2>&1)
rc=$?
echo "$out" | grep -qE "^ok 1 selftests: nvmx: $name( # SKIP.*)?\$|^not ok 1 selftests: nvmx: $name"
ok $? "dash_t_runs_the_test_with_kselftest_tap ($name)"
echo "$out" | grep -qx "1..1"
ok $? "dash_t_runs_only_that_test"
ok $([ "$rc" = 0 ] || [ "$rc" = 1 ]; echo $?) "exit_is_0_or_1 (got $rc)"

out=$("$k/run_kselftest.sh" -c nvmx -S "$first" -d 2>&1)
echo "$out" | grep -q "run_tests.sh -d $k/nvmx" && ! echo "$out" | grep -q "\[${name%"${name#?}"}\]${name#?}\( \|\$\)"
ok $? "dash_c_and_dash_S_select_and_dash_d_runs_nothing"
"$k/run_kselftest.sh" -t nvmx:no_such_test >/dev/null 2>&1
ok $([ $? != 0 ]; echo $?) "an_unknown_test_is_an_error"
"$k/run_kselftest.sh" -c nosuch >/dev/null 2>&1
ok $([ $? != 0 ]; echo $?) "an_unknown_collection_is_an_error"
"$k/run_kselftest.sh" --help | grep -q -- "--collection COLLECTION"
ok $? "help_shows_the_kselftest_options"

# The emulated image's layout is unchanged.
make -s -C "$top" install DESTDIR="$work/dest" >"$work/make2.log" 2>&1
ok $? "make_install_DESTDIR"
[ -x "$work/dest/run_tests.sh" ] && [ -f "$work/dest/tests/settings" ] &&
	[ -x "$work/dest/tests/$name" ] && [ ! -e "$work/dest/kselftest-list.txt" ]
ok $? "DESTDIR_layout_is_run_tests_tests_bin"
make -s -C "$top" install >"$work/make3.log" 2>&1
ok $([ $? != 0 ] && grep -q "needs DESTDIR=dir" "$work/make3.log"; echo $?) "install_without_a_destination_fails"

tap_done
