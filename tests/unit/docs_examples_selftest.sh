#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The examples in README.md and docs/ are commands with their output: run
# each one that needs no VMX and compare.  In a fenced block, a line
# "$ nvmx ARGS" is an example (nvmx is build/tools/nvmx, run from the
# top of the tree in a UTF-8 locale); the lines after it, up to the next
# "$ " line or the end of the block, are what it prints.  A line "..."
# stands for any number of lines; "..." inside a line for any text.  The
# shown lines must come out in that order.  An example whose command
# names a file that does not exist, or that needs this host (show or
# capture without a file), is listed as not run.  TAP output.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
nvmx=${NVMX_BIN:-$top/build/tools/nvmx}
work=$(mktemp -d "${TMPDIR:-/tmp}/docs-examples.XXXXXX")
trap 'rm -rf "$work"' EXIT
[ -x "$nvmx" ] || { echo "1..0 # SKIP no $nvmx (make)"; exit 4; }

# Split every document into examples: work/N.cmd, work/N.want, work/N.where
awk -v dir="$work" '
	FNR == 1 { fence = 0 }
	/^```/ { fence = !fence; if (!fence) cur = ""; next }
	fence && /^\$ / {
		n++; cur = dir "/" n
		print substr($0, 3) > (cur ".cmd"); close(cur ".cmd")
		print FILENAME ":" FNR > (cur ".where"); close(cur ".where")
		printf "" > (cur ".want")
		next
	}
	fence && cur != "" { print >> (cur ".want"); close(cur ".want") }
' README.md docs/*.md emulator/README.md

# Does got (file) show want (file) in order, with "..." as a wildcard?
matches() {
	awk -v gotf="$1" '
		BEGIN { while ((getline l < gotf) > 0) got[++ng] = l }
		function glob(pat, s,   parts, n, i, p, rest) {
			n = split(pat, parts, /\.\.\./)
			rest = s
			for (i = 1; i <= n; i++) {
				if (parts[i] == "") continue
				p = index(rest, parts[i])
				if (!p || (i == 1 && p != 1)) return 0
				rest = substr(rest, p + length(parts[i]))
			}
			return parts[n] == "" || rest == ""
		}
		{ want[++nw] = $0 }
		END {
			j = 1; skip = 0
			for (i = 1; i <= nw; i++) {
				if (want[i] == "...") { skip = 1; continue }
				while (j <= ng && !glob(want[i], got[j])) {
					if (!skip) { print "line " i ": wanted: " want[i]; print "got: " got[j]; exit 1 }
					j++
				}
				if (j > ng) { print "line " i " not found: " want[i]; exit 1 }
				j++; skip = 0
			}
		}
	' "$2"
}

echo "TAP version 13"
total=$(ls "$work"/*.cmd 2>/dev/null | wc -l)
echo "1..$total"
n=0 failed=0 ran=0
for c in $(ls "$work"/*.cmd | sort -t/ -k1 -V); do
	base=${c%.cmd}
	n=$((n + 1))
	cmd=$(cat "$c")
	where=$(cat "$base.where")
	case $cmd in
	nvmx\ *|build/tools/nvmx\ *) ;;
	*) echo "ok $n $where # SKIP not an nvmx command: $cmd"; continue ;;
	esac
	args=${cmd#nvmx }
	args=${args#build/tools/nvmx }
	missing=""
	for a in $args; do
		case $a in
		*/*|*.txt|*.json) [ -e "$a" ] || missing="$missing $a" ;;
		esac
	done
	if [ -n "$missing" ]; then
		echo "ok $n $where # SKIP names files that do not exist:$missing"
		continue
	fi
	case $args in
	show|show\ -*|capture*) echo "ok $n $where # SKIP needs this host: nvmx $args"; continue ;;
	esac
	# shellcheck disable=SC2086 # the example's words, as the document gives them
	LC_ALL=C.UTF-8 "$nvmx" $args >"$base.got" 2>&1
	ran=$((ran + 1))
	if why=$(matches "$base.got" "$base.want"); then
		echo "ok $n $where: nvmx $args"
	else
		echo "not ok $n $where: nvmx $args"
		printf '%s\n' "$why" | sed 's/^/# /'
		failed=$((failed + 1))
	fi
done
echo "# $ran examples run, $((n - ran)) not run"
echo "# Totals: pass:$((ran - failed)) fail:$failed xfail:0 xpass:0 skip:$((n - ran)) error:0"
[ "$failed" = 0 ]
