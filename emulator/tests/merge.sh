# shellcheck shell=bash
# Self-tests of results directories, SHARD and emulator/merge, with no Bochs: emulator/run runs
# in a copy of the suite whose setup, kernels, boot images and boots are fakes that replay the
# boots recorded in fixtures/shards (a real run of shards.sh's matrix; tests/shards-real --record
# records them again). Sourced by tests/run, which provides check, has, hasnt, eq, skip, $tmp.
: "${tmp:?tests/merge.sh is sourced by tests/run}" "${res:?tests/run makes the results directory res first}"
# shellcheck source=tests/shards.sh
. "$EMU_DIR/tests/shards.sh"

# --- the order, the shards ---
list='6.12 tigerlake
user corei7_haswell_4770
5.10 core2_penryn_t9600
6.12 core2_penryn_t9600
5.10 corei7_haswell_4770
6.1 zz_model
6.1 aa_model'
want="5.10 corei7_haswell_4770,5.10 core2_penryn_t9600,6.1 aa_model,6.1 zz_model,6.12 core2_penryn_t9600,6.12 tigerlake,user corei7_haswell_4770"
check "config_order: series in kernels.conf order, CPU models in cpus.conf order, others after by name" \
	eq "$(config_order <<<"$list" | paste -sd, -)" "$want"
check "config_order: the same order whatever order it is given" eq "$(sort -r <<<"$list" | config_order | paste -sd, -)" "$want"
check "shard_parse: I/N" eq "$(shard_parse 2/3)" "2 3"
for bad in 0/2 3/2 2 /2 2/ a/b 1/0 01/2 '1/2 ' -1/2 1/2/3; do
	check "shard_parse: '$bad' is refused, saying what a SHARD is" eq "$(shard_parse "$bad")" "SHARD must be I/N with 1 <= I <= N (e.g. SHARD=2/4), not '$bad'"
done
partition() { # partition N: every shard of N over the 7 configurations, once each, in order
	local i all=''
	for ((i = 1; i <= $1; i++)); do all+=$(config_order <<<"$list" | shard_select "$i" "$1")$'\n'; done
	[[ $(grep -c . <<<"$all") == 7 && $(sort <<<"$all" | grep . | uniq -d) == '' ]] ||
		{ echo "shards of $1: $all"; return 1; }
}
for nn in 1 2 3 7 9; do check "shard_select: $nn shards take every configuration once" partition "$nn"; done
check "shard_select: round robin (2/3 of 7: the 2nd and the 5th)" eq "$(config_order <<<"$list" | shard_select 2 3 | paste -sd, -)" \
	"5.10 core2_penryn_t9600,6.12 core2_penryn_t9600"

# --- emulator/run in a copy of the suite that replays recorded boots ---
srepo=$tmp/srepo
mkdir -p "$srepo"
cp -r "$EMU_DIR" "$srepo/emulator"
rm -rf "$srepo/emulator/tests"
printf '#!/bin/sh\nexit 0\n' >"$srepo/emulator/setup"
# A series runs when a recorded configuration names it; its packages are the recorded ones.
cat >"$srepo/emulator/fetch-kernel" <<'EOF'
#!/bin/bash
set -euo pipefail
if [[ $1 == --select ]]; then
	f=$(compgen -G "$NVMX_FIXTURES/$2_*" | head -n 1) || { echo "unrunnable $2: not runnable: no recorded boot"; exit 0; }
	sed 's/^/use /' "$f/packages"
	exit 0
fi
f=$(compgen -G "$NVMX_FIXTURES/$1_*" | head -n 1) || { echo "emulator: $1: not runnable: no recorded boot" >&2; exit 3; }
d=$NVMX_CACHE/fake/$1
mkdir -p "$d/modules"
cp "$f/packages" "$f/release" "$d/"
: >"$d/vmlinuz"
echo "$d"
EOF
cat >"$srepo/emulator/prepare-kernel" <<'EOF'
#!/bin/bash
set -euo pipefail
mkdir -p "$3/modules"
cp "$(dirname "$1")/release" "$3/"
echo module >"$3/kvm_intel"
echo 0 >"$3/entry"
: >"$3/modules.order"
: >"$3/kernel.bin"
EOF
cat >"$srepo/emulator/build-image" <<'EOF'
#!/bin/bash
set -euo pipefail
mkdir -p "$2"
echo "series=$(basename "$1")" >"$2/layout"
: >"$2/disk.img"
EOF
# The boot: the recorded logs of (series, CPU model), as boot leaves them; of the recorded sets,
# those the payload disk gives this machine (PARTS spreads them), with what comes before the
# first set and the end marker.
cat >"$srepo/emulator/boot" <<'EOF'
#!/bin/bash
set -euo pipefail
payload=
while (($#)); do case $1 in --cpu) cpu=$2 ;; --image) image=$2 ;; --out) out=$2 ;; --payload) payload=$2 ;; esac; shift 2; done
series=''
# shellcheck source=/dev/null
. "$image/layout"
f=$NVMX_FIXTURES/${series}_$cpu
mkdir -p "$out"
cp "$f/status" "$f/cpu_cs" "$out/"
sets=$(head -c 4096 "$payload" 2>/dev/null | tr -d '\0' | sed -n "s/^nvmx_sets='\(.*\)'\$/\1/p")
awk -v sets=";$sets;" '/^@@NVMX-SET / { on = index(sets, ";" $2 ";") > 0; seen = 1 }
	/^@@NVMX-END/ { on = 1 } sets == ";;" || !seen || on' "$f/com2.log" >"$out/com2.log"
: >"$out/com1.log"
[[ $(cat "$out/status") == ok ]]
EOF
# No Bochs runs here.
fake_build_bochs "$srepo/emulator/build-bochs"
chmod +x "$srepo"/emulator/{setup,fetch-kernel,prepare-kernel,build-image,boot,build-bochs}
# The suite: the four tests (never run), and an nvmx whose version is FAKE_VERSION's and which
# otherwise is the real one (for nvmx report).
real_nvmx=$(find_tool nvmx || true)
# shellcheck disable=SC2016 # the fake's own $1, $@ and FAKE_VERSION
printf '#!/bin/sh\nif [ "$1" = --version ]; then echo "nvmx ${FAKE_VERSION:-fake-1} (snapshot schema nvmx-snapshot 1)"; exit 0; fi\nexec %s "$@"\n' \
	"${real_nvmx:-false}" >"$srepo/fake-nvmx"
cat >"$srepo/Makefile" <<'EOF'
VERSION := $(or $(FAKE_VERSION),fake-1)
install:
	mkdir -p $(DESTDIR)/tests $(DESTDIR)/bin && cp run_tests.sh $(DESTDIR)/
	for t in vmx_msrs_presence_test vmx_msrs_invariants_test nested_vs_host_test lib_cpuid_test; do \
		printf '#!/bin/sh\n' >$(DESTDIR)/tests/$$t && chmod +x $(DESTDIR)/tests/$$t; done
	cp fake-nvmx $(DESTDIR)/bin/nvmx && chmod +x $(DESTDIR)/bin/nvmx
-include emulator/emulator.mk
EOF
printf '#!/bin/sh\n' >"$srepo/run_tests.sh"
chmod +x "$srepo/run_tests.sh"
cat >"$tmp/srun" <<EOF
#!/bin/bash
export NVMX_CACHE=$tmp/scache NVMX_FIXTURES=$EMU_DIR/tests/fixtures/shards
exec "$srepo/emulator/run" "\$@"
EOF
chmod +x "$tmp/srun"
if t2j=$(find_tool tap2junit); then export NVMX_TAP2JUNIT=$t2j; fi
[[ -n $real_nvmx ]] || echo "# no nvmx (make nvmx): the report checks skip"

sh=$tmp/sh
shards_runs "$tmp/srun" "$sh"
shards_compare "$sh"

# --- PARTS: one configuration's sets over two machines reads as one machine ---
for p in 1 2 auto; do
	env -u SHARD -u NVMX_CALLER_DIR KERNELS=6.12 CPUS="$SH_CPUS" PARAMS="$SH_PARAMS" TESTS="$SH_TESTS" JOBS=2 \
		PARTS=$p NVMX_RESULTS="$tmp/parts-$p" NVMX_SNAPSHOTS="$tmp/snap-parts-$p" "$tmp/srun" \
		>"$tmp/parts-$p.out" 2>"$tmp/parts-$p.err" || true
done
pc=$tmp/parts-2/configs/6.12_core2_penryn_t9600
check "PARTS=2: two machines, the run says so" eq "$(find "$pc" -maxdepth 1 -name 'boot[0-9]' | wc -l) $(meta_get "$tmp/parts-2/meta" PARTS)" "2 2"
check "... the second gets its own set only" has "nvmx_sets='nested=0'" <(head -c 4096 "$pc/payload2.img" | tr -d '\0')
check "... and leaves ONCE_TESTS and nvmx show to the first" has "nvmx_not_first=1" <(head -c 4096 "$pc/payload2.img" | tr -d '\0')
check "... the first does not" eq "$(head -c 4096 "$pc/payload1.img" | tr -d '\0' | grep -c not_first)" 0
check "... the TAP, table and summary are one machine's (PARTS=1), timings aside" same_file \
	<(shards_norm "$tmp/parts-1/results.tap") <(shards_norm "$tmp/parts-2/results.tap")
check "... and so are the snapshots" diff -r "$tmp/parts-1/snapshots" "$tmp/parts-2/snapshots"
check "... and the summary line: both sets' results" eq "$(tail -n 1 "$tmp/parts-2.out")" "summary: 4 passed, 0 failed, 3 skipped"
check "PARTS=auto: one configuration with JOBS=2 gets two machines" eq "$(meta_get "$tmp/parts-auto/meta" PARTS)" 2
check "PARTS=1: one machine, as before" test -d "$tmp/parts-1/configs/6.12_core2_penryn_t9600/boot"

# --- what a run leaves ---
m1=$sh/1of2/meta
check "meta: the format, and a run's" eq "$(meta_get "$m1" format) $(meta_get "$m1" kind)" "nvmx-results 1 run"
check "meta: the suite's version (the payload's nvmx --version)" eq "$(meta_get "$m1" suite_version)" fake-1
check "meta: the settings" eq "$(meta_get "$m1" KERNELS)|$(meta_get "$m1" CPUS)|$(meta_get "$m1" PARAMS)|$(meta_get "$m1" TESTS)|$(meta_get "$m1" ONCE_TESTS)" \
	"$SH_KERNELS|$SH_CPUS|$SH_PARAMS|$SH_TESTS|lib_"
check "meta: the shard, the matrix it was cut from, its configurations" eq "$(meta_get "$m1" SHARD) $(meta_get "$m1" matrix) $(meta_get "$m1" configs)" "1/2 2 1"
check "meta: each model's Bochs (version and flavour)" grep -qE '^bochs=core2_penryn_t9600=[0-9][^ ;]* [a-z0-9-]+$' "$m1"
check "meta: the payload's hash (two -dirty builds share a version)" grep -qE '^payload=[0-9a-f]{16}$' "$m1"
check "meta: the host's package versions" grep -qE '^host_packages=.*bochs=' "$m1"
check "meta: when it started and finished" grep -qE '^finished=20[0-9-]+T' "$m1"
check "kernels.lock: the shard's packages only" eq "$(cat "$sh/1of2/kernels.lock")" "5.10 linux-image-5.10.0-46-amd64 5.10.262-1"
check "a run's snapshots are in its results directory" test -f "$sh/1of2/snapshots/5.10-core2_penryn_t9600-default.json"
check "... and in NVMX_SNAPSHOTS (data/snapshots)" test -f "$sh/snap-1of2/5.10-core2_penryn_t9600-default.json"
check "a run writes summary.md" has "\`summary: 8 passed, 0 failed, 6 skipped\`" "$sh/single/summary.md"
if [[ -n ${NVMX_TAP2JUNIT:-} ]]; then
	check "a run writes junit.xml" has '<testsuite name="5.10/core2_penryn_t9600/default/nested_vs_host_test"' "$sh/single/junit.xml"
	if command -v xmllint >/dev/null; then check "... well-formed" xmllint --noout "$sh/single/junit.xml"; fi
	check "... the same file tap2junit makes of the run's TAP" same_file "$sh/single/junit.xml" \
		<("$NVMX_TAP2JUNIT" -n emulated "$sh/single.out")
else
	skip "a run writes junit.xml" "no tap2junit (make tap2junit)"
fi
[[ -z $real_nvmx ]] || check "a run writes the cross-kernel report of its snapshots" has "| core2\\_penryn\\_t9600 | 2 | 2 | nested=0 |" "$sh/single/report.md"
check "the run's stdout is results.tap" same_file "$sh/single/results.tap" "$sh/single.out"
check "the run's last line is the summary" eq "$(tail -n 1 "$sh/single.out")" "summary: 8 passed, 0 failed, 6 skipped"
# Self-contained: moved elsewhere, with the suite's copy gone, it gives the same results again.
cp -a "$sh/single" "$tmp/moved"
rm -rf "$srepo/build"
(cd / && NVMX_SNAPSHOTS=$tmp/snap-moved "$EMU_DIR/report" "$tmp/moved" >"$tmp/moved.out" 2>"$tmp/moved.err") || true
check "a results directory moved elsewhere reports the same TAP again" same_file "$sh/single/results.tap" "$tmp/moved/results.tap"
[[ -z $real_nvmx ]] || check "... and the same report" same_file "$sh/single/report.md" "$tmp/moved/report.md"
check "no path of the results directory is in its TAP" hasnt "$sh/single" "$sh/single/results.tap"

# --- merges ---
cd "$sh" || exit 1
mg() { # mg OUT DIR...: emulator/merge from $sh; status in mg.rc, stderr in mg.err
	local rc=0
	"$EMU_DIR/merge" -o "$@" >"$tmp/mg.out" 2>"$tmp/mg.err" || rc=$?
	echo "$rc" >"$tmp/mg.rc"
}
mg m-rev 2of2 1of2
check "merge: the order of the directories does not matter" same_file <(shards_norm merged/results.tap) <(shards_norm m-rev/results.tap)
mg m-one 1of2
mg m-two m-one 2of2
check "merge: a merged directory merges again" eq "$(cat "$tmp/mg.rc")" 0
check "... giving the single run's TAP" same_file <(shards_norm single/results.tap) <(shards_norm m-two/results.tap)
check "... and keeping where each part came from" test -f m-two/sources/1/sources/1/meta
check "merge: the merged meta" eq "$(meta_get merged/meta kind) $(meta_get merged/meta merged) $(meta_get merged/meta suite_version) $(meta_get merged/meta configs)" "merge 3 fake-1 2"
check "merge: the union of kernels.lock" eq "$(wc -l <merged/kernels.lock)" 2
check "merge: the whole matrix took the longest shard's time, and says so" has "(the longest of the 3 results directories merged)" merged/results.tap
mg m-empty 3of3
check "merge: no configuration in any directory exits 4" eq "$(cat "$tmp/mg.rc")" 4
check "... with a plan that says so" eq "$(sed -n 2p "$tmp/mg.out")" "1..0 # SKIP no configuration in the results directory merged"
# Refusals: one line naming the directories, exit 2, nothing written.
mg m-x 1of2 1of2
check "merge: a configuration in two directories is refused (exit 2)" eq "$(cat "$tmp/mg.rc")" 2
check "... in one line naming it and both directories" eq "$(cat "$tmp/mg.err")" "merge: error: configuration 5.10/core2_penryn_t9600 is in both 1of2 and 1of2"
check "... writing nothing" test ! -e m-x
mg m-x single 2of2
check "merge: a run and a shard of it overlap" eq "$(cat "$tmp/mg.err")" "merge: error: configuration 6.12/core2_penryn_t9600 is in both single and 2of2"
FAKE_VERSION=fake-2 SHARD=2/2 NVMX_RESULTS=$sh/v2 KERNELS=$SH_KERNELS CPUS=$SH_CPUS PARAMS=$SH_PARAMS TESTS=$SH_TESTS JOBS=1 \
	NVMX_SNAPSHOTS=$sh/snap-v2 "$tmp/srun" >/dev/null 2>&1 || true
mg m-x 1of2 v2
check "merge: results of two suite versions are refused" eq "$(cat "$tmp/mg.err")" "merge: error: results of different suite versions: 'fake-1' in 1of2; 'fake-2' in v2"
check "... exit 2" eq "$(cat "$tmp/mg.rc")" 2
SHARD=2/2 NVMX_RESULTS=$sh/p2 KERNELS=$SH_KERNELS CPUS=$SH_CPUS PARAMS=default TESTS=$SH_TESTS JOBS=1 \
	NVMX_SNAPSHOTS=$sh/snap-p2 "$tmp/srun" >/dev/null 2>&1 || true
mg m-x 1of2 p2
check "merge: results of other parameter sets are not one matrix" eq "$(cat "$tmp/mg.err")" "merge: error: results of different PARAMS (not one matrix): 'default;nested=0' in 1of2; 'default' in p2"
mkdir -p notres && echo x >notres/file
mg m-x 1of2 notres/
check "merge: a directory that is not a results directory is refused" eq "$(cat "$tmp/mg.err")" \
	"merge: error: notres is not a results directory of emulator/run (no meta; a run stopped before its first boot, or made before results directories had one, is not)"
check "... exit 2" eq "$(cat "$tmp/mg.rc")" 2
mg m-x 1of2 nowhere
check "merge: a directory that does not exist is named" eq "$(cat "$tmp/mg.err")" "merge: error: nowhere: no such directory"
cp -a 2of2 unfinished && rm unfinished/results.tap
mg m-x 1of2 unfinished
check "merge: a run that did not finish is refused" eq "$(cat "$tmp/mg.err")" \
	"merge: error: unfinished: its run did not finish (no results.tap); emulator/report unfinished makes its results from what it has"
mg merged 1of2 2of2
check "merge: into a directory that is not empty is refused" eq "$(cat "$tmp/mg.err")" "merge: error: $sh/merged exists and is not empty: merge into a new directory"
mg 1of2/inside 1of2 2of2
check "merge: into one of the merged directories is refused" eq "$(cat "$tmp/mg.err")" "merge: error: $sh/1of2/inside is inside 1of2, one of the directories merged"
check "... writing nothing there" test ! -e 1of2/inside
rc=0
"$EMU_DIR/merge" >/dev/null 2>"$tmp/mg.err" || rc=$?
check "merge: no directory is a usage error (exit 2)" eq "$rc" 2
# make merge: relative paths from where make was started.
if [[ -n $real_nvmx ]]; then
	rc=0
	env -u MERGED -u RESULTS NVMX_TOOL="$real_nvmx" make -s -C "$srepo" merge RESULTS='1of2 2of2' MERGED=m-make >"$tmp/mk.out" 2>"$tmp/mk.err" || rc=$?
	check "make merge RESULTS=... MERGED=...: paths from the directory make was started in" eq "$rc $(tail -n 1 m-make/results.tap 2>&1)" "0 summary: 8 passed, 0 failed, 6 skipped"
else
	skip "make merge RESULTS=... MERGED=..." "no nvmx (make nvmx)"
fi
# Failures survive a merge: the recorded good, panicking, hanging and cut-short boots of
# tests/run's first results directory, given a meta as a run writes it.
printf 'format=%s\nkind=run\nsuite_version=fake-1\nPARAMS=default;ept=0;eptad;nested=0\n' "$RESULTS_FORMAT" >"$res/meta"
mg m-fail "$res"
check "merge: a failed test makes the merge exit 1" eq "$(cat "$tmp/mg.rc")" 1
check "... with the run's summary line" eq "$(tail -n 1 m-fail/results.tap)" "summary: 3 passed, 5 failed, 2 skipped"
check "... its configurations in the one order (renumbered)" eq "$(grep -E '^(not )?ok ' m-fail/results.tap | cut -d' ' -f1-4 | paste -sd, -)" \
	"not ok 1 6.1/corei7_haswell_4770,not ok 2 6.1/tigerlake,not ok 3 6.12/core2_penryn_t9600,not ok 4 7.2/corei7_skylake_x"
check "... the console of a boot that failed" has "    #   [    0.013000] Kernel panic - not syncing" m-fail/results.tap
check "... the failures in summary.md" has "| 6.1/corei7_haswell_4770 | default | vmx_msrs_invariants_test | exit=1 |" m-fail/summary.md
if [[ -n ${NVMX_TAP2JUNIT:-} ]]; then
	check "... and in junit.xml" grep -q '<testsuites name="nvmx-selftests" tests="[0-9]*" failures="[1-9][0-9]*" errors="[1-9][0-9]*"' m-fail/junit.xml
fi

# The CI files' own commands, on the layouts their artifacts have: GitHub's download-artifact
# puts each job's results/KERNEL-CPU/ under artifacts/results-KERNEL-CPU/; GitLab's jobs all
# extract theirs into results/.
if [[ -n $real_nvmx ]]; then
	mkdir -p ci-gh/artifacts/results-5.10-p ci-gh/artifacts/results-6.12-p ci-gl/results
	cp -a 1of2 ci-gh/artifacts/results-5.10-p/5.10-p && cp -a 2of2 ci-gh/artifacts/results-6.12-p/6.12-p
	cp -a 1of2 ci-gl/results/5.10-p && cp -a 2of2 ci-gl/results/6.12-p
	rc=0
	(cd ci-gh && MERGED=merged && env NVMX_TOOL="$real_nvmx" make -s -C "$srepo" merge RESULTS="$(echo artifacts/results-*/*/)" MERGED="$PWD/$MERGED") \
		>/dev/null 2>&1 || rc=$?
	check "CI: GitHub's make merge on its artifacts' layout" eq "$rc" 0
	check "... writes the summary, JUnit file and report it publishes" ls ci-gh/merged/summary.md ci-gh/merged/junit.xml ci-gh/merged/report.md \
		ci-gh/merged/report.html ci-gh/merged/results.tap ci-gh/merged/results.tsv
	check "... the single run's TAP" same_file <(shards_norm single/results.tap) <(shards_norm ci-gh/merged/results.tap)
	rc=0
	(cd ci-gl && CI_PROJECT_DIR=$PWD MERGED=merged && env NVMX_TOOL="$real_nvmx" make -s -C "$srepo" merge RESULTS="$(echo results/*/)" MERGED="$CI_PROJECT_DIR/$MERGED") \
		>/dev/null 2>&1 || rc=$?
	check "CI: GitLab's make merge on its artifacts' layout" eq "$rc" 0
	check "... writes the summary and the JUnit report it publishes" ls ci-gl/merged/summary.md ci-gl/merged/junit.xml
	# shellcheck disable=SC2016 # the CI files' text
	check "CI: .github/workflows/ci.yml runs that command (else update this test)" \
		has 'make merge RESULTS="$(echo artifacts/results-*/*/)" MERGED="$PWD/$MERGED"' "$REPO_DIR/.github/workflows/ci.yml"
	# shellcheck disable=SC2016 # the CI files' text
	check "CI: .gitlab-ci.yml runs that command (else update this test)" \
		has 'make merge RESULTS="$(echo results/*/)" MERGED="$CI_PROJECT_DIR/$MERGED"' "$REPO_DIR/.gitlab-ci.yml"
fi
cd "$REPO_DIR" || exit 1

# --- SHARD: strict, before anything is done ---
for bad in 0/2 3/2 x; do
	rc=0
	SHARD=$bad NVMX_RESULTS=$tmp/bad "$tmp/srun" >/dev/null 2>"$tmp/bad.err" || rc=$?
	check "run: SHARD=$bad exits 2" eq "$rc" 2
	check "... in one line" eq "$(cat "$tmp/bad.err")" "run: error: SHARD must be I/N with 1 <= I <= N (e.g. SHARD=2/4), not '$bad'"
	check "... before making a results directory" test ! -e "$tmp/bad"
done
# Shards of KERNELS=all are cut from every series asked for, so that a machine whose archive
# serves fewer cuts the same slices; a shard whose series cannot run says so and skips.
rc=0
KERNELS=all CPUS=$SH_CPUS PARAMS=$SH_PARAMS TESTS=$SH_TESTS JOBS=1 SHARD=2/10 NVMX_RESULTS=$tmp/all2 NVMX_SNAPSHOTS=$tmp/snap-all \
	"$tmp/srun" >"$tmp/all2.out" 2>"$tmp/all2.err" || rc=$?
check "run: KERNELS=all SHARD=2/10: the second series (6.1) cannot run here, so the shard skips (exit 4)" eq "$rc" 4
check "... saying why" eq "$(sed -n 2p "$tmp/all2.out")" "1..0 # SKIP shard 2/10: none of its series can run here (6.1; the run's messages say why)"
rc=0
KERNELS=all CPUS=$SH_CPUS PARAMS=$SH_PARAMS TESTS=$SH_TESTS JOBS=1 SHARD=1/10 NVMX_RESULTS=$tmp/all1 NVMX_SNAPSHOTS=$tmp/snap-all \
	"$tmp/srun" >"$tmp/all1.out" 2>"$tmp/all1.err" || rc=$?
check "run: KERNELS=all SHARD=1/10 runs 5.10 alone" eq "$rc $(cat "$tmp/all1/configs.list")" "0 5.10 core2_penryn_t9600"
