# shellcheck shell=bash
# Results directories: what emulator/run leaves and emulator/merge joins. Sourced (after
# lib/common.sh) by run, report, merge and the self-tests; never run.
#
# A results directory holds everything its TAP, table, JUnit file and report are made from, so
# that they can be made again, or joined with other directories', without the checkout:
#   meta            key=value: format, kind (run or merge), suite_version, the settings, the host
#   configs.list    "KERNEL CPU", one configuration a line, in config_order's order
#   configs/K_C/    per configuration: com2.log (the guest's results), status, wall_cs, cpu_cs,
#                   meta, boot*/ (console, Bochs log); and what results_collect made of them:
#                   tap (its subtests), tsv (its rows), notes (TAP comments after its line),
#                   nvmx-show.txt
#   snapshots/      KERNEL-CPU-SET.json, every snapshot the run captured
#   kernels.lock, kernels.notes   the packages the run used, and what was said about them
# and, made by results_render from the above alone: results.tap (the outer TAP, as printed),
# results.tsv, configs.tsv, summary.md, junit.xml, report.md and report.html.

# shellcheck disable=SC2034 # used by run and merge
RESULTS_FORMAT="nvmx-results 1"
# The settings that decide what a configuration ran: results that differ in one of them are not
# one matrix, and emulator/merge refuses to join them.
# shellcheck disable=SC2034 # used by merge
RESULTS_SAME_KEYS="PARAMS TESTS ONCE_TESTS CMDLINE"

# meta_get FILE KEY: the value of KEY in a meta file (empty when absent).
meta_get() {
	awk -v k="$2" 'index($0, k "=") == 1 { print substr($0, length(k) + 2); exit }' "$1" 2>/dev/null
}

# config_order: "KERNEL CPU" lines on stdin, in the one order every run and merge uses, so that
# a merge of shards lists its configurations as one run of them does: series in kernels.conf
# order (a user kernel after them), CPU models in cpus.conf order (others after, by name).
config_order() {
	awk -v kconf="$EMU_DIR/kernels.conf" -v cconf="$EMU_DIR/cpus.conf" '
		BEGIN {
			while ((getline l < kconf) > 0) if (l !~ /^#/ && split(l, f, /[ \t]+/) >= 5) kr[f[1]] = ++nk
			while ((getline l < cconf) > 0) if (l !~ /^#/ && split(l, f, /[ \t]+/) >= 2) cr[f[1]] = ++nc
		}
		NF == 2 { printf "%06d\t%s\t%06d\t%s\t%s %s\n", ($1 in kr) ? kr[$1] : 999999, $1,
			($2 in cr) ? cr[$2] : 999999, $2, $1, $2 }' | LC_ALL=C sort | cut -f5
}

# shard_parse SPEC: "I N" for a SHARD of the form I/N with 1 <= I <= N; otherwise one line on
# stdout saying what is wrong, and status 1.
shard_parse() {
	local i n
	if [[ $1 =~ ^([1-9][0-9]{0,5})/([1-9][0-9]{0,5})$ ]]; then
		i=${BASH_REMATCH[1]} n=${BASH_REMATCH[2]}
		((i <= n)) && { echo "$i $n"; return 0; }
	fi
	echo "SHARD must be I/N with 1 <= I <= N (e.g. SHARD=2/4), not '$1'"
	return 1
}

# shard_select I N: of the configurations on stdin (in config_order), shard I's: the I-th, then
# every N-th after it. Round robin, so that each shard gets a mix of kernels (their boots cost
# 1.4 to 3.7 guest seconds) rather than all of the slowest.
shard_select() {
	awk -v i="$1" -v n="$2" '(NR - 1) % n == i - 1'
}

# find_tool NAME: the nvmx or tap2junit to use, as an absolute path (the report runs it from
# inside the results directory): $NVMX_TOOL or $NVMX_TAP2JUNIT, the checkout's build, the Debian
# package's, or the one on PATH. Status 1 when there is none.
find_tool() {
	local p='' c
	case $1 in
	nvmx) p=${NVMX_TOOL:-} ;;
	tap2junit) p=${NVMX_TAP2JUNIT:-} ;;
	esac
	if [[ -z $p ]]; then
		# The package: /usr/share/nvmx-selftests/emulator and /usr/lib/nvmx-selftests/bin.
		for c in "$REPO_DIR/build/tools/$1" "$EMU_DIR/../../../lib/nvmx-selftests/bin/$1" "$(command -v "$1" || true)"; do
			[[ -n $c && -x $c ]] && { p=$c; break; }
		done
	fi
	[[ -n $p && -x $p && ! -d $p ]] || return 1
	realpath -s "$p"
}

# The suite's version for a run's meta: the payload's nvmx --version (the suite that ran in the
# guest); without a payload (a shard with nothing to run), the version a payload built from this
# checkout would have (the Makefile's VERSION: git describe --always --dirty); or "unknown".
suite_version() { # suite_version PAYLOAD
	local v=''
	if [[ -n $1 && -x $1/bin/nvmx ]]; then
		v=$("$1/bin/nvmx" --version 2>/dev/null | awk 'NR == 1 && $1 == "nvmx" { print $2 }') || v=''
	fi
	if [[ -z $v && -f $REPO_DIR/Makefile && -f $EMU_DIR/emulator.mk ]]; then
		v=$(make -s --no-print-directory -C "$REPO_DIR" emulator-version 2>/dev/null) || v=''
	fi
	echo "${v:-unknown}"
}

safe_name() { printf '%s' "$1" | tr -c 'A-Za-z0-9_.=,+-' '_'; }

# A path as the user can type it from where they started (the suite's directory or not).
shown_path() {
	local here=${NVMX_CALLER_DIR:-$PWD}
	if [[ $1 == "$here"/* ]]; then printf '%s\n' "${1#"$here"/}"; else printf '%s\n' "$1"; fi
}

# results_collect DIR SNAPDIR: per configuration, turn com2.log into tap, tsv, notes and
# snapshots/KERNEL-CPU-SET.json. With SNAPDIR (a directory other than DIR/snapshots), also copy
# each Debian kernel's snapshot there (data/snapshots): a file that differs from the one there
# only in tool_version leaves it alone, so that a run leaves the checkout clean unless KVM's
# answers changed; any other change is named on stderr with the nvmx diff that shows why, against
# the old file kept in DIR/snapshots-old. Those lines go to DIR/snapshots.notes too: they are about
# the checkout, not the results, and so stay out of the TAP, which a merge must reproduce.
results_collect() {
	local results=$1 snapdir=${2:-} cfg k c d status b set cols name new out old nvmx_cmd
	local -a configs=()
	mapfile -t configs <"$results/configs.list"
	nvmx_cmd=$(shown_path "$REPO_DIR/build/tools/nvmx")
	mkdir -p "$results/snapshots"
	if [[ -n $snapdir && $(realpath -m "$snapdir") == $(realpath -m "$results/snapshots") ]]; then snapdir=''; fi
	: >"$results/snapshots.notes"
	note() { printf '%s\n' "$*" | tee -a "$results/snapshots.notes" >&2; }
	for cfg in "${configs[@]}"; do
		read -r k c <<<"$cfg"
		d=$results/configs/${k}_$c
		mkdir -p "$d/snap"
		status=$(cat "$d/status" 2>/dev/null || echo "not run")
		rm -f "$d"/snap/*.b64 "$results/snapshots/$(safe_name "$k")-$(safe_name "$c")-"*.json
		: >"$d/tap"
		: >"$d/tsv"
		: >"$d/profile.tsv"
		: >"$d/notes"
		awk -v TAP="$d/tap" -v TSV="$d/tsv" -v SNAPDIR="$d/snap" -v STATUS="$status" -v PROFILE="$d/profile.tsv" \
			-f "$EMU_DIR/lib/results.awk" "$d/com2.log" 2>/dev/null || true
		for b in "$d"/snap/*.show.b64; do
			[[ -e $b ]] || continue
			base64 -d <"$b" 2>/dev/null | gzip -dc >"$d/nvmx-show.txt" 2>/dev/null || continue
			# every MSR with a hardware, a system and a vCPU value
			cols=$(grep -cE '^IA32_VMX_[A-Z0-9_]+ \(0x4[89][0-9a-f]\) +0x[0-9a-f]{16} +0x[0-9a-f]{16} +0x[0-9a-f]{16}$' "$d/nvmx-show.txt" || true)
			echo "# $k/$c: nvmx show, live in the guest ($(basename "$b" .show.b64)): $cols of 18 MSRs in all three columns (hardware, system, vcpu); configs/${k}_$c/nvmx-show.txt" >>"$d/notes"
		done
		for b in "$d"/snap/*.b64; do
			[[ -e $b && $b != *.show.b64 ]] || continue
			set=$(basename "$b" .b64)
			name="$(safe_name "$k")-$(safe_name "$c")-$(safe_name "$set").json"
			new=$results/snapshots/$name
			# the guest gzips it (the emulated serial line is the slow part); older guests
			# sent plain JSON
			if ! base64 -d <"$b" >"$new.tmp" 2>/dev/null; then
				rm -f "$new.tmp"
				echo "# snapshot $k/$c/$set did not decode" >>"$d/notes"
				continue
			fi
			if gzip -t "$new.tmp" 2>/dev/null; then gzip -dc <"$new.tmp" >"$new"; else mv "$new.tmp" "$new"; fi
			rm -f "$new.tmp"
			# A user kernel (KERNEL_IMAGE) is one developer's build: its snapshots are for
			# nvmx diff against data/snapshots, not for the committed report.
			if [[ $k == user ]]; then
				note "# $k/$c: snapshot of set $set: $(shown_path "$new") (compare with $nvmx_cmd diff)"
				continue
			fi
			[[ -n $snapdir ]] || continue
			mkdir -p "$snapdir"
			out=$snapdir/$name
			if [[ -f $out ]] && cmp -s <(grep -v '^  "tool_version"' "$out") <(grep -v '^  "tool_version"' "$new"); then
				continue
			elif [[ -f $out ]]; then
				mkdir -p "$results/snapshots-old"
				old=$results/snapshots-old/$name
				cp "$out" "$old"
				cp "$new" "$out.new" && mv "$out.new" "$out"
				note "# $k/$c: snapshot of set $set changed: $(shown_path "$out"); why: $nvmx_cmd diff $(shown_path "$old") $(shown_path "$out")"
			else
				cp "$new" "$out.new" && mv "$out.new" "$out"
				note "# $k/$c: snapshot of set $set is new: $(shown_path "$out")"
			fi
		done
	done
	unset -f note
}

# md_escape: tab-separated text for Markdown table cells (a '|' would end the cell; '<' would
# start HTML).
md_escape() { sed -e 's/&/\&amp;/g; s/</\&lt;/g; s/>/\&gt;/g; s/|/\\|/g'; }

# results_table DIR FORMAT: the table of tests against configurations (a cell sums the
# parameter sets: passed/failed/skipped, or FAIL: and the failing sets), as TAP comments
# (FORMAT tap, with the boot status and the timings) or Markdown (FORMAT md).
results_table() {
	awk -F'\t' -v list="$1/configs.list" -v cpus="$EMU_DIR/cpus.conf" -v configs_tsv="$1/configs.tsv" -v fmt="$2" '
		BEGIN {
			while ((getline l < cpus) > 0) { split(l, f, /[ \t]+/); if (f[1] !~ /^#/) lab[f[1]] = f[2] }
			while ((getline l < list) > 0) { split(l, f, " "); n++; col[n] = f[1] "/" f[2]
				short[n] = f[1] "/" ((f[2] in lab) ? lab[f[2]] : f[2]) }
			while ((getline l < configs_tsv) > 0) { split(l, f, "\t"); st[f[1]] = f[6]; wall[f[1]] = f[7]; cpu[f[1]] = f[8]; bx[f[1]] = f[9] }
		}
		NR > 1 { t = $5; if (!(t in seen)) { seen[t] = 1; rows[++nr] = t }
			key = $1 SUBSEP t
			if ($6 == "pass") p[key]++; else if ($6 == "skip") s[key]++
			else { f[key]++; fs[key] = fs[key] (fs[key] == "" ? "" : ",") $4 } }
		function cell(j, i,   key) {
			key = col[j] SUBSEP rows[i]
			if (f[key]) return "FAIL:" fs[key]
			if (p[key] || s[key]) return (p[key] + 0) "/0/" (s[key] + 0)
			return "-"
		}
		function esc(s) { gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s); gsub(/[|]/, "\\|", s); return s }
		function mdrow(name, vals,   j) { printf "| %s |", esc(name); for (j = 1; j <= n; j++) printf " %s |", esc(vals[j]); print "" }
		END {
			if (fmt == "md") {
				printf "| test |"; for (j = 1; j <= n; j++) printf " %s |", esc(short[j]); print ""
				printf "| --- |"; for (j = 1; j <= n; j++) printf " --- |"; print ""
				for (i = 1; i <= nr; i++) { for (j = 1; j <= n; j++) v[j] = cell(j, i); mdrow(rows[i], v) }
				for (j = 1; j <= n; j++) v[j] = st[col[j]]; mdrow("boot", v)
				exit
			}
			w = 13; for (i = 1; i <= nr; i++) if (length(rows[i]) > w) w = length(rows[i])
			cw = 12; for (j = 1; j <= n; j++) if (length(short[j]) > cw) cw = length(short[j])
			printf "# %-" w "s", "test"; for (j = 1; j <= n; j++) printf " %-" cw "s", short[j]; print ""
			for (i = 1; i <= nr; i++) {
				printf "# %-" w "s", rows[i]
				for (j = 1; j <= n; j++) printf " %-" cw "s", substr(cell(j, i), 1, cw)
				print ""
			}
			printf "# %-" w "s", "boot"; for (j = 1; j <= n; j++) printf " %-" cw "s", substr(st[col[j]], 1, cw); print ""
			printf "# %-" w "s", "wall (s)"; for (j = 1; j <= n; j++) printf " %-" cw "s", wall[col[j]]; print ""
			# the Bochs version without its Debian revision, and the flavour: "3.0 lean", "2.7 system"
			printf "# %-" w "s", "Bochs"; for (j = 1; j <= n; j++) { b = bx[col[j]]; sub(/\+dfsg[^ ]*/, "", b); printf " %-" cw "s", substr(b, 1, cw) }; print ""
			printf "# %-" w "s", "Bochs CPU (s)"; for (j = 1; j <= n; j++) printf " %-" cw "s", cpu[col[j]]; print ""
		}' "$1/results.tsv"
}

# results_empty_reason DIR: why a results directory has no configuration, for its TAP plan.
results_empty_reason() {
	local shard matrix
	shard=$(meta_get "$1/meta" SHARD)
	matrix=$(meta_get "$1/meta" matrix)
	if [[ $(meta_get "$1/meta" kind) == merge ]]; then
		if [[ $(meta_get "$1/meta" merged) == 1 ]]; then echo "no configuration in the results directory merged"
		else echo "no configuration in any of the $(meta_get "$1/meta" merged) results directories merged"; fi
	elif [[ -n $(meta_get "$1/meta" unrunnable) ]]; then
		echo "shard $shard: none of its series can run here ($(meta_get "$1/meta" unrunnable); the run's messages say why)"
	elif [[ -n $shard ]]; then
		echo "shard $shard has no configuration (the matrix has ${matrix:-?}; shard I takes the I-th and every N-th after it)"
	else
		echo "no configuration"
	fi
}

# results_render DIR: from configs.list, meta and each configuration's collected files alone,
# write results.tsv, configs.tsv, results.tap, summary.md, junit.xml and report.md/html, and
# print results.tap. The TAP names no path outside DIR and nothing about the checkout, so that
# a merge of shards gives what one run of the same configurations gives, timings aside.
# Status: 0 when nothing failed, 1 when something did, 4 when there is no configuration.
results_render() {
	local results=$1 cfg k c d n=0 status wall cpu packages release bochs rc=0 t2j nvmx
	local -a configs=()
	mapfile -t configs <"$results/configs.list"
	local tap=$results/results.tap.tmp
	printf 'config\tkernel\tcpu\tset\ttest\tresult\tdetail\n' >"$results/results.tsv"
	printf 'config\tkernel\tcpu\tpackages\trelease\tstatus\twall_s\tbochs_cpu_s\tbochs\n' >"$results/configs.tsv"
	if ((${#configs[@]} == 0)); then
		# Nothing ran: say so as TAP does, never as a pass.
		printf 'TAP version 13\n1..0 # SKIP %s\nsummary: 0 passed, 0 failed, 0 skipped\n' "$(results_empty_reason "$results")" >"$tap"
		rc=4
	else
		{
			echo "TAP version 13"
			echo "1..${#configs[@]}"
			for cfg in "${configs[@]}"; do
				read -r k c <<<"$cfg"
				n=$((n + 1))
				d=$results/configs/${k}_$c
				status=$(cat "$d/status" 2>/dev/null || echo "not run")
				wall=$(fmt_cs "$(cat "$d/wall_cs" 2>/dev/null || echo 0)")
				cpu=-
				[[ -s $d/cpu_cs ]] && cpu=$(fmt_cs "$(cat "$d/cpu_cs")")
				packages=$(meta_get "$d/meta" packages)
				release=$(meta_get "$d/meta" release)
				# "VERSION FLAVOUR" of the Bochs that ran it ("-": results from before it was recorded)
				bochs=$(meta_get "$d/meta" bochs)
				bochs=${bochs:--}
				echo "# Subtest: $k/$c"
				echo "    # kernel $release ($packages), CPU $c, Bochs $bochs, ${wall} s wall, ${cpu} s of Bochs CPU time"
				cat "$d/tap" 2>/dev/null || true
				if [[ $status != ok ]]; then
					echo "    # boot failed: $status; last lines of the console:"
					tail -n 25 "$d"/boot*/com1.log 2>/dev/null | grep -av '^==>' | tail -n 25 |
						tr -d '\r' | sed 's/^/    #   /'
				fi
				if grep -q $'\tfail\t' "$d/tsv" 2>/dev/null || [[ $status != ok ]]; then
					echo "not ok $n $k/$c${status:+ # $status}" | sed 's/ # ok$//'
				else
					echo "ok $n $k/$c"
				fi
				cat "$d/notes" 2>/dev/null || true
				awk -v cfg="$k/$c" -v k="$k" -v c="$c" 'BEGIN { FS = OFS = "\t" } { print cfg, k, c, $0 }' "$d/tsv" >>"$results/results.tsv" 2>/dev/null || true
				printf '%s/%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$k" "$c" "$k" "$c" "$packages" "$release" "$status" "$wall" "$cpu" "$bochs" >>"$results/configs.tsv"
			done
			echo "#"
			echo "# Results per test and configuration (sets passed/failed/skipped; FAIL names the failing sets):"
			results_table "$results" tap
			echo "#"
			awk -F'\t' 'NR > 1 { print "# " $1 ": " $4 " (" $5 "), Bochs " $9 ", " $7 " s wall, " $8 " s Bochs CPU" }' "$results/configs.tsv"
			echo "# whole matrix: $(fmt_cs "$(cat "$results/wall_cs" 2>/dev/null || echo 0)") s wall$(results_wall_note "$results")"
			# Tests counted across configurations and parameter sets; a failed boot or set counts as a failure.
			awk -F'\t' 'NR > 1 { if ($6 == "pass") p++; else if ($6 == "skip") s++; else f++ }
				END { printf "summary: %d passed, %d failed, %d skipped\n", p, f, s }' "$results/results.tsv"
		} >"$tap"
		grep -q '^summary: [0-9]* passed, 0 failed' "$tap" || rc=1
	fi
	mv "$tap" "$results/results.tap"
	results_summary_md "$results" >"$results/summary.md.tmp" && mv "$results/summary.md.tmp" "$results/summary.md"
	# JUnit: tap2junit on the TAP just written, the same for a run and a merge.
	rm -f "$results/junit.xml"
	if t2j=$(find_tool tap2junit); then
		"$t2j" -o "$results/junit.xml" -n emulated "$results/results.tap" ||
			log "emulator: no junit.xml: $t2j failed on $results/results.tap"
	else
		log "emulator: no junit.xml: no tap2junit (make tap2junit, or NVMX_TAP2JUNIT=path)"
	fi
	# The cross-kernel report over the snapshots of this directory, from inside it so that it
	# names no path outside.
	rm -f "$results/report.md" "$results/report.html"
	if ! compgen -G "$results/snapshots/*.json" >/dev/null; then
		log "emulator: no report.md: no snapshot was captured"
	elif ! nvmx=$(find_tool nvmx); then
		log "emulator: no report.md: no nvmx (make nvmx, or NVMX_TOOL=path)"
	elif ! (cd "$results" && "$nvmx" report -o report.md --html report.html snapshots) 2>"$results/report.err"; then
		log "emulator: no report.md: $nvmx report failed: $(tail -n 1 "$results/report.err")"
	fi
	rm -f "$results/report.err"
	cat "$results/results.tap"
	return "$rc"
}

# results_wall_note DIR: what the whole-matrix wall time of a merge is.
results_wall_note() {
	[[ $(meta_get "$1/meta" kind) == merge ]] || return 0
	echo " (the longest of the $(meta_get "$1/meta" merged) results directories merged)"
}

# results_summary_md DIR: the summary as Markdown, for a CI page (GitHub's job summary).
results_summary_md() {
	local results=$1 nconf version
	nconf=$(($(wc -l <"$results/configs.tsv") - 1))
	version=$(meta_get "$results/meta" suite_version)
	echo "# nvmx-selftests in Bochs: $nconf configuration$([[ $nconf == 1 ]] || echo s)"
	echo
	echo "\`$(tail -n 1 "$results/results.tap")\` (tests, counted across configurations and parameter sets; a failed boot or set counts as a failure)"
	echo
	if ((nconf == 0)); then
		sed -n 's/^1\.\.0 # SKIP /Nothing ran: /p' "$results/results.tap"
	else
		echo "| configuration | kernel | boot | passed | failed | skipped |"
		echo "| --- | --- | --- | ---: | ---: | ---: |"
		awk -F'\t' 'NR == FNR { if (FNR > 1) { cfg[++n] = $1; kern[$1] = $5 " (" $4 ")"; st[$1] = $6 }; next }
			FNR > 1 { if ($6 == "pass") p[$1]++; else if ($6 == "skip") s[$1]++; else f[$1]++ }
			END { for (i = 1; i <= n; i++) { c = cfg[i]
				printf "%s\t%s\t%s\t%d\t%d\t%d\n", c, kern[c], st[c], p[c], f[c], s[c] } }' \
			"$results/configs.tsv" "$results/results.tsv" | md_escape |
			awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6 }'
		echo
		echo "## Results per test and configuration"
		echo
		echo "Parameter sets passed/failed/skipped; FAIL names the failing sets."
		echo
		results_table "$results" md
		if awk -F'\t' 'NR > 1 && $6 == "fail" { f = 1 } END { exit !f }' "$results/results.tsv"; then
			echo
			echo "## Failures"
			echo
			echo "| configuration | set | test | detail |"
			echo "| --- | --- | --- | --- |"
			awk -F'\t' 'NR > 1 && $6 == "fail" { printf "%s\t%s\t%s\t%s\n", $1, $4, $5, $7 }' "$results/results.tsv" |
				head -n 100 | md_escape | awk -F'\t' '{ printf "| %s | %s | %s | %s |\n", $1, $2, $3, $4 }'
			local nf
			nf=$(awk -F'\t' 'NR > 1 && $6 == "fail"' "$results/results.tsv" | wc -l)
			((nf <= 100)) || echo "| ... | | $((nf - 100)) more in results.tsv | |"
		fi
	fi
	echo
	echo "Suite version \`${version:-unknown}\`; parameter sets \`$(meta_get "$results/meta" PARAMS)\`; tests \`$(meta_get "$results/meta" TESTS)\`$(
		[[ $(meta_get "$results/meta" kind) == merge ]] && echo "; merged from $(meta_get "$results/meta" merged) results directories")."
}
