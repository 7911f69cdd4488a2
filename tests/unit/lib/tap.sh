# SPDX-License-Identifier: GPL-2.0-only
# TAP for the shell self-tests, sourced as "$top/tests/unit/lib/tap.sh":
# every script numbers, counts and totals its cases the same way, and its
# exit status is the verdict (kselftest's: 0 pass, 1 fail).
n=0
failed=0

# ok STATUS NAME: a case that passed when STATUS is 0.
ok() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n $2"
	else
		echo "not ok $n $2"
		failed=$((failed + 1))
	fi
}

# check NAME PROBLEMS: a case that passed when PROBLEMS is empty; each
# line of PROBLEMS becomes a diagnostic.
check() {
	if [ -z "$2" ]; then
		ok 0 "$1"
	else
		ok 1 "$1"
		printf '%s\n' "$2" | sed 's/^/# /'
	fi
}

# tap_done [planned]: the plan (unless printed first), the totals line,
# and the verdict as the return status.
tap_done() {
	[ "${1:-}" = planned ] || echo "1..$n"
	echo "# Totals: pass:$((n - failed)) fail:$failed xfail:0 xpass:0 skip:0 error:0"
	[ "$failed" = 0 ]
}
