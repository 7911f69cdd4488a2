# shellcheck shell=bash
# Which Bochs runs which CPU model (bochs.conf, cpus.conf). Sourced, never run; no Bochs needed,
# so the self-tests check it. Errors go through die (lib/common.sh).

BOCHS_CONF=${BOCHS_CONF:-$EMU_DIR/bochs.conf}
CPUS_CONF=${CPUS_CONF:-$EMU_DIR/cpus.conf}

# bochs_version_ge A B: A >= B as versions (3.0 >= 2.7, 3.1 >= 3.0).
bochs_version_ge() { [[ $(printf '%s\n%s\n' "$1" "$2" | sort -V | head -1) == "$2" ]]; }

# bochs_known NAME: bochs.conf has a "bochs NAME ..." line.
bochs_known() { awk -v n="$1" '$1 == "bochs" && $2 == n { f = 1 } END { exit !f }' "$BOCHS_CONF"; }

# bochs_model_min MODEL: the oldest Bochs the model exists in (cpus.conf's "bochs" column; 2.7
# for a model it does not list).
bochs_model_min() {
	awk -v m="$1" '$1 == m && $5 ~ /^[0-9]/ { print $5; f = 1; exit } END { if (!f) print "2.7" }' "$CPUS_CONF"
}

# bochs_for_model MODEL: the Bochs (NAME or NAME:FLAVOUR) that runs MODEL. BOCHS, when set,
# applies to every model, and a model older Bochs lack is an error; otherwise bochs.conf's
# default, or for a model the default lacks, the oldest Bochs that has it.
bochs_for_model() {
	local m=$1 min sel n
	min=$(bochs_model_min "$m")
	if [[ -n ${BOCHS:-} ]]; then
		sel=$BOCHS
		bochs_known "${sel%%:*}" || die "unknown BOCHS=$sel (bochs.conf knows: $(awk '$1 == "bochs" { printf "%s ", $2 }' "$BOCHS_CONF"))"
		bochs_version_ge "${sel%%:*}" "$min" || die "CPU model $m needs Bochs $min or newer (cpus.conf), not BOCHS=$sel"
	else
		sel=$(awk '$1 == "default" { print $2; exit }' "$BOCHS_CONF")
		[[ -n $sel ]] || die "$BOCHS_CONF has no default line"
		if ! bochs_version_ge "${sel%%:*}" "$min"; then
			sel=
			for n in $(awk '$1 == "bochs" { print $2 }' "$BOCHS_CONF" | sort -V); do
				bochs_version_ge "$n" "$min" && { sel=$n; break; }
			done
			[[ -n $sel ]] || die "no Bochs in bochs.conf has CPU model $m (it needs $min)"
		fi
	fi
	echo "$sel"
}

# bochs_flavour_opts FLAVOUR: the configure options bochs.conf gives the flavour.
bochs_flavour_opts() {
	local o
	o=$(awk -v f="$1" '$1 == "flavour" && $2 == f { $1 = $2 = ""; sub(/^ +/, ""); print; exit }' "$BOCHS_CONF")
	[[ -n $o ]] || die "unknown Bochs flavour '$1' (bochs.conf knows: $(awk '$1 == "flavour" { printf "%s ", $2 }' "$BOCHS_CONF"))"
	echo "$o"
}

# bochs_key KIND SUITE VERSION RECIPE SUMS OPTS: the cache key of a build, from everything that
# makes it (the source tarballs' SHA-256 lines, the configure options, the recipe's revision).
bochs_key() { printf '%s\n' "$1 $2 $3 $4" "$5" "$6" | sha256sum | cut -c1-12; }

# bochs_label INFO_FILE: "VERSION FLAVOUR" of a build, for results (configs.tsv, the table).
bochs_label() {
	awk -F= '$1 == "version" { v = $2 } $1 == "flavour" { f = $2 } END { print v " " f }' "$1"
}
