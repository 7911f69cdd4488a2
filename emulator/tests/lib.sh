# shellcheck shell=bash
# The self-tests' TAP helpers: sourced (after lib/common.sh) by tests/run and tests/shards-real.
# A scratch directory in $tmp; NVMX_SELFTEST_KEEP=1 keeps it, for a failure's files.
tmp=$(mktemp -d)
trap '[[ -n ${NVMX_SELFTEST_KEEP:-} ]] && echo "# kept $tmp" || rm -rf "$tmp"' EXIT
n=0 failed=0 skipped=0
check() { # check NAME COMMAND...: one TAP line
	n=$((n + 1))
	if "${@:2}" >"$tmp/out" 2>&1; then echo "ok $n $1"
	else echo "not ok $n $1"; sed 's/^/# /' "$tmp/out" | head -20; failed=$((failed + 1)); fi
}
skip() { # skip NAME WHY: a check that cannot run here, and why
	n=$((n + 1)) skipped=$((skipped + 1))
	echo "ok $n $1 # SKIP $2"
}
has() { grep -qF -- "$1" "$2" || { echo "missing in $2: $1"; return 1; }; }
hasnt() { ! grep -qF -- "$1" "$2" || { echo "unexpected in $2: $1"; return 1; }; }
eq() { [[ $1 == "$2" ]] || { echo "wanted '$2', got '$1'"; return 1; }; }
same_file() { # same_file A B: equal files, else the first lines of the diff. A and B are read
	# once (they may be pipes, <(...)), into files the diff and the verdict both read.
	cat "$1" >"$tmp/same.a" && cat "$2" >"$tmp/same.b" || return 1
	cmp -s "$tmp/same.a" "$tmp/same.b" && return 0
	diff -u "$tmp/same.a" "$tmp/same.b" | head -n 30
	return 1
}
# fake_build_bochs FILE: a build-bochs for a copy of the emulator that must run no Bochs: it
# makes a directory with an info file, all emulator/run reads of one (and without checkpoint=yes
# every machine boots). The real one would build Bochs from source in the copy's throw-away
# cache, minutes of a self-test's time for nothing.
fake_build_bochs() {
	cat >"$1" <<'EOF'
#!/bin/bash
set -euo pipefail
d=$NVMX_CACHE/bochs/fake-${1//:/-}
mkdir -p "$d"
printf 'name=%s\nversion=3.0+fake\nflavour=lean\nkind=source\n' "${1%%:*}" >"$d/info"
echo "$d"
EOF
	chmod +x "$1"
}
# The plan and the summary, last; status 1 when a check failed.
finish_tap() {
	echo "1..$n"
	echo "summary: $((n - failed - skipped)) passed, $failed failed, $skipped skipped"
	((failed == 0))
}
