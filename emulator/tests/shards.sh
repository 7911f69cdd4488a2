# shellcheck shell=bash
# Two shards and one run of the same small matrix, merged and compared: the merge must give
# what the single run gave (TAP, table, summary line, results.tsv, configs.tsv, JUnit, report),
# timings aside. Sourced by tests/merge.sh (emulator/run replaying the recorded boots of
# fixtures/shards) and tests/shards-real (emulator/run in Bochs); they provide check, eq, $tmp.
#
# The matrix: two kernels, one CPU model, two parameter sets, four quick tests.
SH_KERNELS='5.10 6.12'
SH_CPUS=core2_penryn_t9600
SH_PARAMS='default;nested=0'
SH_TESTS='vmx_msrs_presence vmx_msrs_invariants nested_vs_host lib_cpuid'

# shards_runs RUN OUT: the single run (OUT/single), SHARD=1/2 (OUT/1of2), 2/2 (OUT/2of2) and 3/3
# (OUT/3of3: no configuration), each with RUN (an emulator/run), then emulator/merge of the three
# shards into OUT/merged. Each leaves NAME.out, NAME.err, NAME.rc and NAME.s (wall seconds).
shards_runs() {
	local run=$1 out=$2 s name rc t0
	mkdir -p "$out"
	for s in '' 1/2 2/2 3/3; do
		name=${s:-single}
		name=${name/\//of}
		rc=0 t0=$(now)
		env -u SHARD -u NVMX_CALLER_DIR KERNELS="$SH_KERNELS" CPUS="$SH_CPUS" PARAMS="$SH_PARAMS" TESTS="$SH_TESTS" \
			JOBS=1 ${s:+SHARD=$s} NVMX_RESULTS="$out/$name" NVMX_SNAPSHOTS="$out/snap-$name" \
			"$run" >"$out/$name.out" 2>"$out/$name.err" || rc=$?
		echo "$rc" >"$out/$name.rc"
		fmt_cs $(($(now) - t0)) >"$out/$name.s"
	done
	rc=0
	"$EMU_DIR/merge" -o "$out/merged" "$out/1of2" "$out/2of2" "$out/3of3" >"$out/merged.out" 2>"$out/merged.err" || rc=$?
	echo "$rc" >"$out/merged.rc"
}

# shards_norm FILE: FILE without what two runs of the same configurations may differ in: the
# timings (wall and Bochs CPU per configuration, the whole matrix's); with SH_REAL=1, also the
# guest kernel's messages ("# kernel: [  1.942311] ..."), whose time stamps and number vary
# from boot to boot (a recorded replay has the same ones).
shards_norm() {
	sed -E -e 's/, [0-9]+\.[0-9]{2} s wall, ([0-9]+\.[0-9]{2}|-) s of Bochs CPU time$/, (time) s wall, (time) s of Bochs CPU time/' \
		-e 's/, [0-9]+\.[0-9]{2} s wall, ([0-9]+\.[0-9]{2}|-) s Bochs CPU$/, (time) s wall, (time) s Bochs CPU/' \
		-e '/^# (wall|Bochs CPU) \(s\) /d' -e '/^# whole matrix: /d' "$1" |
		if [[ -n ${SH_REAL:-} ]]; then grep -v -E '^ *(# )?kernel: \['; else cat; fi
}

# shards_compare OUT: the checks, as TAP lines.
shards_compare() {
	local out=$1 s m
	s=$out/single m=$out/merged
	check "shards: the single run passes (exit 0)" eq "$(cat "$out/single.rc")" 0
	check "shards: SHARD=1/2 and 2/2 pass" eq "$(cat "$out/1of2.rc") $(cat "$out/2of2.rc")" "0 0"
	check "shards: SHARD=1/2 takes the first configuration, 2/2 the second" eq \
		"$(cat "$out/1of2/configs.list") | $(cat "$out/2of2/configs.list")" "5.10 core2_penryn_t9600 | 6.12 core2_penryn_t9600"
	check "shards: SHARD=3/3 of 2 configurations runs nothing and exits 4 (skip)" eq "$(cat "$out/3of3.rc")" 4
	check "shards: ... saying so, never as a pass" eq "$(head -n 2 "$out/3of3.out" | tail -n 1)" \
		"1..0 # SKIP shard 3/3 has no configuration (the matrix has 2; shard I takes the I-th and every N-th after it)"
	check "shards: ... and leaves a results directory all the same" test -f "$out/3of3/meta" -a -f "$out/3of3/results.tap"
	check "shards: the merge passes (exit 0)" eq "$(cat "$out/merged.rc")" 0
	check "shards: the merge prints its TAP, as a run does" same_file "$m/results.tap" "$out/merged.out"
	check "shards: the merged outer TAP is the single run's, timings aside" same_file <(shards_norm "$s/results.tap") <(shards_norm "$m/results.tap")
	check "shards: ... the same table" same_file <(sed -n '/^# Results per test/,/^#$/p' "$s/results.tap" | shards_norm /dev/stdin) \
		<(sed -n '/^# Results per test/,/^#$/p' "$m/results.tap" | shards_norm /dev/stdin)
	check "shards: ... the same summary line" eq "$(tail -n 1 "$m/results.tap")" "$(tail -n 1 "$s/results.tap")"
	check "shards: ... the same results.tsv" same_file "$s/results.tsv" "$m/results.tsv"
	check "shards: ... the same configs.tsv, timing columns aside" same_file <(cut -f1-6 "$s/configs.tsv") <(cut -f1-6 "$m/configs.tsv")
	check "shards: ... the same configs.list" same_file "$s/configs.list" "$m/configs.list"
	if [[ -f $s/junit.xml ]]; then
		check "shards: ... the same JUnit file" same_file <(shards_norm "$s/junit.xml") <(shards_norm "$m/junit.xml")
		check "shards: ... one testsuite per configuration, set and binary" eq \
			"$(grep -c '<testsuite name="6.12/core2_penryn_t9600/nested=0/vmx_msrs_presence_test"' "$m/junit.xml")" 1
	else
		skip "shards: ... the same JUnit file" "no tap2junit (make tap2junit)"
	fi
	if [[ -f $s/report.md ]]; then
		check "shards: ... the same report" same_file "$s/report.md" "$m/report.md"
		check "shards: ... the same HTML report" cmp -s "$s/report.html" "$m/report.html"
	else
		skip "shards: ... the same report" "no report in the single run (make nvmx)"
	fi
	check "shards: ... the same summary.md, but for the line that says it is a merge" same_file \
		<(sed '$d' "$s/summary.md") <(sed '$d' "$m/summary.md")
	check "shards: ... the snapshots of both shards" same_file <(ls "$s/snapshots") <(ls "$m/snapshots")
	check "shards: the merged TAP, summary and report name no path outside the merged directory" \
		hasnt "$out/" <(cat "$m/results.tap" "$m/summary.md" "$m/report.md" 2>/dev/null)
}
