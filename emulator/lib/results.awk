# Turn one configuration's COM2 log (guest/init's markers around run_tests.sh output) into
#   TAP     the configuration's subtests, one per parameter set, indented for nesting
#   TSV     one row per test: set, test, result (pass/fail/skip), detail
#   SNAPDIR one NAME.b64 file per snapshot the guest sent, and NAME.show.b64 for the
#           live "nvmx show" table of the first nested set
#   PROFILE the phase profile (include/profile.h), one row per "# profile:" line: set ("(boot)"
#           before the first), test ("(init)" for guest/init's own phases), phase, ns, n,
#           events, cpu_ns (busy time); those lines are timings, so they stay out of the TAP
# Variables: TAP, TSV, SNAPDIR, STATUS (the boot's status line: "ok" or why it ended), PROFILE.
# A set that started but never ended (a panic or a hang mid-set) fails as "incomplete".
function flush_set(   result) {
	if (set == "")
		return
	if (!ended) {
		result = "not ok"
		extra = " # incomplete: " STATUS
		fails++; cut = 1
		printf "%s\t%s\t%s\t%s\n", set, "(set)", "fail", "incomplete: " STATUS > TSV
	} else if (skipreason != "") {
		result = "ok"
		extra = " # SKIP " skipreason
	} else if (seterror != "") {
		result = "not ok"
		extra = " # " seterror
	} else {
		result = (setfail ? "not ok" : "ok")
		extra = ""
	}
	nsets++
	printf "    %s %d %s%s\n", result, nsets, set, extra > TAP
	set = ""
}
function start_set(name) {
	flush_set()
	set = name; ended = 0; setfail = 0; skipreason = ""; seterror = ""
	printf "    # Subtest: %s\n", set > TAP
}
BEGIN { nsets = 0; fails = 0; set = ""; snap = "" }
{ sub(/\r$/, "") }
snap != "" {
	if ($0 ~ /^@@NVMX-(SNAPSHOT|SHOW)-END/) { close(snapfile); snap = "" }
	else print > snapfile
	next
}
/^@@NVMX-BOOT / { boot = $0; next }
/^@@NVMX-SET / { start_set($2); next }
/^@@NVMX-SET-SKIP / {
	if (set != $2) start_set($2)
	skipreason = $0; sub(/^@@NVMX-SET-SKIP [^ ]+ /, "", skipreason)
	printf "%s\t%s\t%s\t%s\n", set, "(set)", "skip", skipreason > TSV
	ended = 1
	next
}
/^@@NVMX-SET-ERROR / {
	if (set != $2) start_set($2)
	seterror = $0; sub(/^@@NVMX-SET-ERROR [^ ]+ /, "", seterror)
	printf "%s\t%s\t%s\t%s\n", set, "(set)", "fail", seterror > TSV
	fails++; ended = 1
	next
}
/^@@NVMX-SET-END / { ended = 1; next }
/^@@NVMX-SNAPSHOT / {
	snap = $2; snapfile = SNAPDIR "/" snap ".b64"
	printf "" > snapfile
	next
}
/^@@NVMX-SHOW / {
	snap = $2; snapfile = SNAPDIR "/" snap ".show.b64"
	printf "" > snapfile
	next
}
/^@@NVMX-END/ { flush_set(); done = 1; next }
/^# profile: / {
	if (PROFILE != "") {
		pt = "(init)"; pp = ""; pns = ""; pn = ""; pe = ""; pc = ""
		for (i = 3; i <= NF; i++) {
			k = $i; sub(/=.*/, "", k); v = $i; sub(/^[^=]*=/, "", v)
			if (k == "test") pt = v; else if (k == "phase") pp = v
			else if (k == "ns") pns = v; else if (k == "n") pn = v; else if (k == "events") pe = v
			else if (k == "cpu_ns") pc = v
		}
		printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", (set == "" ? "(boot)" : set), pt, pp, pns, pn, pe + 0, (pc == "" ? pns : pc) > PROFILE
	}
	next
}
/^@@/ { next }
set != "" {
	line = $0
	# run_tests.sh's outer results: "ok N selftests: nvmx: NAME[ # SKIP why]", "not ok ... # why"
	if (match(line, /^(not )?ok [0-9]+ selftests: nvmx: /)) {
		name = substr(line, RLENGTH + 1)
		detail = ""
		if ((i = index(name, " # ")) > 0) { detail = substr(name, i + 3); name = substr(name, 1, i - 1) }
		if (line ~ /^not ok/) { res = "fail"; setfail = 1; fails++ }
		else if (detail ~ /^SKIP/) { res = "skip"; sub(/^SKIP ?/, "", detail) }
		else res = "pass"
		printf "%s\t%s\t%s\t%s\n", set, name, res, detail > TSV
	}
	# A nested "summary:" line would look like the run's own last line to a CI parser.
	if (line ~ /^summary: /) line = "# " line
	printf "        %s\n", line > TAP
	next
}
END {
	flush_set()
	printf "    1..%d\n", nsets > TAP
	if (!done && STATUS == "ok") STATUS = "no end marker"
	# A boot that died inside a set has already failed there; count it once.
	if (STATUS != "ok" && !cut) {
		printf "%s\t%s\t%s\t%s\n", "(boot)", "(boot)", "fail", STATUS > TSV
	}
}
