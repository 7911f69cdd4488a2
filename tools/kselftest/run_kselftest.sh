#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Run installed nvmx-selftests the way the kernel's run_kselftest.sh runs
# an installed kselftest tree ("make install INSTALL_PATH=dir" or the
# gen_tar tarball): the same options, kselftest-list.txt of
# COLLECTION:TEST lines, one directory per collection with its "settings",
# and one outer TAP stream.  The tests run through run_tests.sh next to
# this script (the project's runner: per-test timeouts, process groups,
# Ctrl-C), so both runners give the same lines.  The nvmx/ directory and
# the list also work unchanged under the kernel's own run_kselftest.sh.
#
# Exit: 0 when no test failed (or -f), 1 when one did, 2 on a usage error.

# Follow a symlink to the tree, as the kernel's runner does.
BASE_DIR=$(cd "$(dirname "$(readlink -f "$0" 2>/dev/null || echo "$0")")" && pwd) || exit 2
LIST=$BASE_DIR/kselftest-list.txt

usage() {
	cat <<EOF
Usage: $0 [OPTIONS]
  -s | --summary		Print summary with detailed log in output.log (conflict with -p)
  -p | --per-test-log		Print test log in /tmp with each test name (conflict with -s)
  -t | --test COLLECTION:TEST	Run TEST from COLLECTION
  -S | --skip COLLECTION:TEST	Skip TEST from COLLECTION
  -c | --collection COLLECTION	Run all tests from COLLECTION
  -l | --list			List the available collection:test entries
  -d | --dry-run		Don't actually run any tests
  -f | --no-error-on-fail	Don't exit with an error just because tests failed
  -n | --netns			Run each test in namespace (accepted; these tests use no network)
  -h | --help			Show this usage info
  -o | --override-timeout	Number of seconds after which we timeout
  --junit FILE			Also write the results as JUnit XML (needs bin/tap2junit)
EOF
	exit "$1"
}

die() {
	echo "$0: $*" >&2
	exit 2
}

if [ ! -r "$LIST" ]; then
	echo "$0: Could not find list of tests to run ($LIST)" >&2
	exit 2
fi
available=$(grep -v '^[[:space:]]*$' "$LIST")

collections=
tests=
skip=
dryrun=
override=
junit=
mode=
error_on_fail=1
while [ $# -gt 0 ]; do
	case $1 in
	-s|--summary) [ "$mode" = per-test ] && die "-s conflicts with -p"; mode=summary; shift ;;
	-p|--per-test-log) [ "$mode" = summary ] && die "-p conflicts with -s"; mode=per-test; shift ;;
	-t|--test) [ $# -ge 2 ] || die "$1 needs COLLECTION:TEST"; tests="$tests $2"; shift 2 ;;
	-S|--skip) [ $# -ge 2 ] || die "$1 needs COLLECTION:TEST"; skip="$skip $2"; shift 2 ;;
	-c|--collection) [ $# -ge 2 ] || die "$1 needs COLLECTION"; collections="$collections $2"; shift 2 ;;
	-l|--list) echo "$available"; exit 0 ;;
	-d|--dry-run) dryrun=1; shift ;;
	-f|--no-error-on-fail) error_on_fail=0; shift ;;
	-n|--netns) shift ;;
	-o|--override-timeout) [ $# -ge 2 ] || die "$1 needs a number of seconds"; override=$2; shift 2 ;;
	--junit) [ $# -ge 2 ] || die "--junit needs a FILE"; junit=$2; shift 2 ;;
	-h|--help) usage 0 ;;
	*) echo "$0: unknown option '$1'" >&2; usage 2 ;;
	esac
done

# The selection, as the kernel's runner makes it: collections add their
# tests, explicit tests must exist, skips are taken out last.
for c in $collections; do
	found=$(echo "$available" | grep "^$c:") || die "No such collection '$c'"
	tests="$tests $found"
done
if [ -n "$tests" ]; then
	valid=
	for t in $tests; do
		echo "$available" | grep -qx "$t" || die "No such test '$t'"
		valid="$valid $t"
	done
	available=$(echo "$valid" | tr ' ' '\n' | grep -v '^$')
fi
for s in $skip; do
	available=$(echo "$available" | grep -vx "$s")
done
[ -n "$available" ] || die "every test was skipped: nothing to run"

# run_tests.sh runs one directory at a time; this tree has one collection.
colls=$(echo "$available" | cut -d: -f1 | sort -u)
[ "$(echo "$colls" | wc -l)" = 1 ] ||
	die "tests of several collections ($(echo $colls)): run one collection at a time"
coll=$colls
# Each name as a shell pattern that matches only itself: run_tests.sh
# takes a plain FILTER as a substring, a pattern as a whole name.
names=
for t in $(echo "$available" | cut -d: -f2); do
	names="$names [${t%"${t#?}"}]${t#?}"
done

set -- -d "$BASE_DIR/$coll"
[ -n "$override" ] && set -- "$@" -o "$override"
[ -n "$junit" ] && set -- "$@" --junit "$junit"
[ "$mode" != "" ] && set -- "$@" -v
if [ -n "$dryrun" ]; then
	echo "cd $BASE_DIR && ./run_tests.sh $*$names"
	exit 0
fi
[ -w /dev/kmsg ] && echo "kselftest: Running tests in $coll" >>/dev/kmsg

cd "$BASE_DIR" || exit 2
set -f
rcfile=$(mktemp "${TMPDIR:-/tmp}/run_kselftest.XXXXXX") || exit 2
case $mode in
summary)
	# the tests' own lines go to output.log, the rest to the screen
	{ ./run_tests.sh "$@" $names; echo $? >"$rcfile"; } | tee output.log |
		awk '!/^#/ || /^# selftests: /'
	;;
per-test)
	# each test's lines to /tmp/<test>, as the kernel's runner does
	{ ./run_tests.sh "$@" $names; echo $? >"$rcfile"; } |
		awk -v dir=/tmp '
			/^# selftests: / { f = dir "/" $NF; printf "" > f; print; next }
			/^(not )?ok [0-9]+ selftests: / { if (f != "") close(f); f = ""; print; next }
			f != "" && /^#/ { print > f; next }
			{ print }'
	;;
*)
	./run_tests.sh "$@" $names
	echo $? >"$rcfile"
	;;
esac
set +f
read -r rc <"$rcfile"
rm -f "$rcfile"
case $rc in
0) exit 0 ;;
1) [ "$error_on_fail" = 1 ] && exit 1; exit 0 ;;
*) exit "$rc" ;;
esac
