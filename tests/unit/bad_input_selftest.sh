#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The bad-input campaign of docs/nvmx.md, as a test: every kind of bad
# input a user can hand nvmx (empty, directory, missing, special files,
# garbage, huge, long lines, NUL, CRLF, BOM, duplicates, out-of-range
# numbers, wrong JSON types, deep nesting, future schema versions, bad
# --kernel and --param, unknown subcommands, a full disk), each with the
# exit code wanted and what the one error line must blame.  TAP output;
# --markdown prints the table docs/nvmx.md shows instead.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
nvmx=${NVMX_BIN:-$top/build/tools/nvmx}
[ -x "$nvmx" ] || { echo "1..0 # SKIP no $nvmx (make)"; exit 4; }
w=$(mktemp -d "${TMPDIR:-/tmp}/bad-input.XXXXXX")
trap 'rm -rf "$w"' EXIT
dump=$top/data/cpus/09_core-i7-6700k-skylake_baremetal.txt
snap=$top/data/snapshots/6.12-corei7_haswell_4770-default.json

# the inputs
: >"$w/empty.txt"
printf ' \n\t\n' >"$w/blank.txt"
mkdir "$w/dir"
mkfifo "$w/fifo"
head -c 4096 /dev/urandom >"$w/garbage.bin"
printf 'hello world\n' >"$w/words.txt"
head -c 5000000 /dev/zero | tr '\0' '#' >"$w/huge.txt"
long=$(head -c 3000 /dev/zero | tr '\0' 'x')
sed "s|^# environment: .*|# environment: bare-metal, read by a lab script $long|" "$dump" >"$w/longline.txt"
{ head -2 "$dump"; printf '0x482\0 0x1\n'; } >"$w/nul.txt"
sed 's/$/\r/' "$dump" >"$w/crlf.txt"
{ printf '\357\273\277'; cat "$dump"; } >"$w/bom.txt"
{ cat "$dump"; printf '0x480 0x1\n'; } >"$w/dup.txt"
printf '0x480 0x1000000000000000000\n' >"$w/range.txt"
printf '0x4a0 0x5\n' >"$w/other-msr.txt"
sed 's/"schema_version": 1/"schema_version": 2/' "$snap" >"$w/future.json"
sed 's/"ept": "Y"/"ept": "maybe"/' "$snap" >"$w/badparam.json"
sed 's/"schema_version": 1/"schema_version": "1"/' "$snap" >"$w/strver.json"
printf 'null\n' >"$w/null.json"
awk 'BEGIN { for (i = 0; i < 5000; i++) printf "["; print "" }' >"$w/deep.json"
printf '{"schema": "nvmx-snapshot", "schema_version": 1, "msrs": {}, "msrs": {}}\n' >"$w/dupkey.json"
printf '{"schema": "nvmx-snapshot", "schema_ver' >"$w/truncated.json"
{ echo '# param: bogus=1'; cat "$dump"; } >"$w/bogus-param.txt"

# name | command (nvmx args; $w and $dump expand) | exit wanted | the error must contain
cases=(
"empty file|check $w/empty.txt|2|empty.txt: empty file"
"white space only|check $w/blank.txt|2|blank.txt: empty file"
"directory|check $w/dir|2|dir: a directory"
"missing file|check $w/missing.txt|2|missing.txt: cannot open: No such file"
"FIFO without a writer|check $w/fifo|2|fifo: a FIFO"
"device|check /dev/zero|2|/dev/zero: a device"
"binary garbage|check $w/garbage.bin|2|garbage.bin: "
"words|check $w/words.txt|2|words.txt:1: MSR index 'hello'"
"huge file|check $w/huge.txt|2|huge.txt: larger than"
"long header line|check $w/longline.txt|0|"
"NUL byte|check $w/nul.txt|2|nul.txt: binary data (byte 0x00"
"CRLF line ends|check $w/crlf.txt|0|"
"UTF-8 byte-order mark|check $w/bom.txt|0|"
"duplicate MSR line|check $w/dup.txt|2|duplicate entry for 0x480 (IA32_VMX_BASIC), first on line"
"value out of range|check $w/range.txt|2|range.txt:1: value '0x1000000000000000000' of MSR 0x480 is out of range"
"MSR outside 0x480-0x493|check $w/other-msr.txt|2|other-msr.txt: no MSR lines"
"future schema version|check $w/future.json|2|future.json: \$.schema_version: version 2 is not supported"
"wrong JSON type|check $w/strver.json|2|strver.json: \$.schema_version: expected an integer, got a string"
"bad parameter value (check)|check $w/badparam.json|2|\$.kvm.params.ept: kvm_intel parameter ept='maybe'"
"bad parameter value (predict)|predict --kernel 6.12 $w/badparam.json|2|\$.kvm.params.ept: kvm_intel parameter ept='maybe'"
"unknown parameter in a dump|show $w/bogus-param.txt|2|bogus-param.txt:1: unknown kvm_intel parameter 'bogus'"
"JSON null|check $w/null.json|2|null.json: \$: expected an object, got null"
"deep nesting|check $w/deep.json|2|deep.json:1:2049: invalid JSON: maximum parsing depth"
"duplicate JSON key|check $w/dupkey.json|2|dupkey.json:1:"
"truncated JSON|check $w/truncated.json|2|truncated.json:1:"
"--kernel with junk|predict --kernel 6.12abc $dump|2|nvmx predict: --kernel '6.12abc'"
"--kernel with a blank|predict --kernel '6.12 ' $dump|2|nvmx predict: --kernel '6.12 '"
"--kernel ending in -|predict --kernel 6.12- $dump|2|nvmx predict: --kernel '6.12-'"
"--kernel twice|predict --kernel 6.12 --kernel 7.2 $dump|2|--kernel given twice"
"--kernel older than the model|predict --kernel 4.19 $dump|2|older than the oldest modelled series"
"--param unknown|predict --kernel 6.12 --param bogus=1 $dump|2|nvmx predict: --param bogus=1: unknown kvm_intel parameter"
"--param out of range|predict --kernel 6.12 --param pt_mode=99999999999999999999 $dump|2|is not an int"
"--param without =|predict --kernel 6.12 --param ept $dump|2|--param 'ept': expected NAME=VALUE"
"unknown subcommand|frobnicate|2|nvmx: unknown command 'frobnicate'"
"unknown option|check --frob $dump|2|nvmx check: unrecognized option '--frob'"
"stdin twice|diff - -|2|at most one file may be -"
"CPU that does not exist|show --cpu 9999|2|no CPU 9999"
"full disk (predict)|predict --kernel 6.12 $dump >/dev/full|2|nvmx predict: cannot write the output: No space left"
"full disk (check)|check $dump >/dev/full|2|nvmx check: cannot write the output: No space left"
"full disk (show)|show $dump >/dev/full|2|nvmx show: cannot write the output: No space left"
"unwritable capture|capture -o /nonexistent/x.json --no-raw --no-vcpu|2|/nonexistent/x.json: cannot write: No such file"
)

if [ "${1:-}" = --markdown ]; then
	echo "| input | command | exit | the error line says |"
	echo "|---|---|---:|---|"
fi
n=0 failed=0
[ "${1:-}" = --markdown ] || { echo "TAP version 13"; echo "1..${#cases[@]}"; }
for c in "${cases[@]}"; do
	IFS='|' read -r name cmd want blame <<<"$c"
	n=$((n + 1))
	# the command's own redirections (>/dev/full) apply; stderr is kept
	err=$(eval "LC_ALL=C.UTF-8 \"\$nvmx\" $cmd" 2>&1 >/dev/null </dev/null; echo "rc=$?")
	rc=${err##*rc=}
	err=${err%rc=*}
	first=$(printf '%s\n' "$err" | head -1)
	lines=$(printf '%s' "$err" | grep -c '')
	ok=1
	[ "$rc" = "$want" ] || ok=0
	[ -z "$blame" ] || case $err in *"$blame"*) ;; *) ok=0 ;; esac
	# a refusal is one line, never a success; a success says nothing on stderr
	if [ "$want" = 2 ] && [ "$lines" -gt 1 ] && [ "${cmd%% *}" != frobnicate ]; then ok=0; fi
	if [ "${1:-}" = --markdown ]; then
		shown=$(printf '%s' "$cmd" | sed "s|$w/|FILE/|g; s|$top/||g")
		printf '| %s | `nvmx %s` | %s | %s |\n' "$name" "$shown" "$rc" \
			"$(printf '%s' "${first:-(nothing)}" | sed "s|$w/||g; s|$top/||g; s/|/\\\\|/g")"
		continue
	fi
	if [ "$ok" = 1 ]; then
		echo "ok $n $name"
	else
		echo "not ok $n $name"
		echo "# nvmx $cmd: exit $rc (wanted $want), stderr: $first"
		failed=$((failed + 1))
	fi
done
[ "${1:-}" = --markdown ] && exit 0
echo "# Totals: pass:$((n - failed)) fail:$failed xfail:0 xpass:0 skip:0 error:0"
[ "$failed" = 0 ]
