# shellcheck shell=bash
# Kernel series and their packages: kernels.conf, kernels.lock, and which packages a run uses.
# Sourced by fetch-kernel, run, lock-kernels and the self-tests; no apt in here, so the choice
# can be tested with a made-up archive.

# kconf_get FILE SERIES: "suites kind version-regex set" of SERIES, or nothing.
kconf_get() {
	awk -v s="$2" '!/^#/ && NF >= 5 && $1 == s { print $2, $3, $4, $5; exit }' "$1"
}

# kconf_series FILE WHICH: the series of kernels.conf in file order; WHICH is "default" (the
# default run), "all" (every series but the opt-in ones) or "known" (every line).
kconf_series() {
	awk -v w="$2" '!/^#/ && NF >= 5 {
		if (w == "known" || (w == "all" && $5 != "optin") || (w == "default" && $5 == "default"))
			printf "%s%s", (n++ ? " " : ""), $1 } END { print "" }' "$1"
}

# kernels_expand FILE WORDS...: the KERNELS words with "all" and "default" expanded, each
# series once, in the order given; an unknown series is an error naming the known ones.
kernels_expand() {
	local conf=$1 w s out=() seen=" "
	shift
	for w in "$@"; do
		case $w in
		all | default) read -ra ss <<<"$(kconf_series "$conf" "$w")" ;;
		*)
			[[ -n $(kconf_get "$conf" "$w") ]] ||
				{ echo "unknown kernel series '$w' (known: $(kconf_series "$conf" known); or all, default)" >&2; return 1; }
			ss=("$w")
			;;
		esac
		for s in "${ss[@]}"; do
			[[ $seen == *" $s "* ]] && continue
			seen+="$s "
			out+=("$s")
		done
	done
	echo "${out[*]}"
}

# deb_newer A B: true when Debian version A is newer than B.
deb_newer() { dpkg --compare-versions "$1" gt "$2"; }

# The parts of a kernel package name: linux-KIND-VPART-amd64.
pkg_kind() { local n=${1#linux-}; echo "${n%%-*}"; }
pkg_vpart() { local n=${1#linux-*-}; echo "${n%-amd64}"; }

# kernel_select SERIES KIND REGEX PIN LOCKFILE SUITES [CACHED] < CANDIDATES
#   CANDIDATES  "name version" lines: every version of every kernel package the archive serves in
#               the series' suites (apt-cache madison's answer, or a made-up one in the tests)
#   KIND        image: linux-image-VPART-amd64 holds kernel and modules (up to 6.18);
#               split: linux-binary-VPART-amd64 (kernel) and linux-modules-VPART-amd64 (modules),
#               both needed, of one version (6.19 on)
#   REGEX       the VPART of the series (extended regex, anchored here)
#   PIN         locked (the lock's packages while the archive serves them) or latest
#   CACHED      1 when the locked packages are in the download cache: they still run, served or not
# Prints "use NAME VERSION" lines (the packages to fetch) and at most one "note TEXT" line; or
# one "unrunnable TEXT" line when no complete set is served (say, a binary without its modules).
kernel_select() {
	local series=$1 kind=$2 regex=$3 pin=$4 lock=$5 suites=$6 cached=${7:-0}
	local name ver k vp key best="" bestver="" l
	local -A have=() setver=()
	while read -r name ver _; do
		[[ -n $name && -n $ver ]] || continue
		k=$(pkg_kind "$name")
		vp=$(pkg_vpart "$name")
		[[ $name == "linux-$k-$vp-amd64" && $vp =~ ^($regex)$ ]] || continue
		case $kind/$k in image/image | split/binary | split/modules) ;; *) continue ;; esac
		have["$k $vp $ver"]=1
	done
	# A complete set: the image; or binary and modules of one VPART and one version.
	for key in "${!have[@]}"; do
		read -r k vp ver <<<"$key"
		if [[ $kind == image ]] || { [[ $k == binary ]] && [[ -n ${have["modules $vp $ver"]:-} ]]; }; then
			[[ $kind == image || $k == binary ]] || continue
			setver["$vp $ver"]=1
			if [[ -z $best ]] || deb_newer "$ver" "$bestver" ||
				{ [[ $ver == "$bestver" ]] && [[ $(printf '%s\n' "$vp" "${best% *}" | sort -V | tail -1) == "$vp" ]]; }; then
				best="$vp $ver"
				bestver=$ver
			fi
		fi
	done
	set_text() { # set_text VPART VERSION: the set's packages, as the notes name them
		if [[ $kind == image ]]; then echo "linux-image-$1-amd64 $2"
		else echo "linux-binary-$1-amd64 + linux-modules-$1-amd64 $2"; fi
	}
	set_use() {
		if [[ $kind == image ]]; then echo "use linux-image-$1-amd64 $2"
		else echo "use linux-binary-$1-amd64 $2"; echo "use linux-modules-$1-amd64 $2"; fi
	}

	# The lock: the packages (name, version) the committed snapshots of the series came from.
	local locked=() lvp="" lver="" ok=1
	if [[ -f $lock ]]; then
		mapfile -t locked < <(awk -v s="$series" '!/^#/ && $1 == s { print $2, $3 }' "$lock")
	fi
	for l in "${locked[@]}"; do
		read -r name ver <<<"$l"
		lvp=$(pkg_vpart "$name")
		lver=$ver
		[[ -n ${have["$(pkg_kind "$name") $lvp $ver"]:-} ]] || ok=0
	done
	local lock_text=""
	((${#locked[@]})) && lock_text=$(set_text "$lvp" "$lver")
	# Locked, gone from the archive, but downloaded before: the cache still reproduces it.
	if [[ $pin == locked && -n $lock_text && $cached == 1 ]] && { ((ok == 0)) || [[ -z ${setver["$lvp $lver"]:-} ]]; }; then
		set_use "$lvp" "$lver"
		echo "note $series: the locked $lock_text is no longer served by $suites; running the copy in the download cache"
		return 0
	fi
	if [[ -z $best ]]; then
		# Say what is there, so "no modules" is told apart from "nothing at all".
		local partial=""
		for key in "${!have[@]}"; do
			read -r k vp ver <<<"$key"
			if [[ -z $partial ]] || deb_newer "$ver" "${partial##* }"; then partial="linux-$k-$vp-amd64 $ver"; fi
		done
		if [[ -n $partial && $kind == split ]]; then
			echo "unrunnable $series: not runnable: $suites serves ${partial% *} (${partial##* }) but no linux-$([[ $partial == linux-binary-* ]] && echo modules || echo binary)-* of that version, so no kvm_intel; it runs again once Debian serves it"
		else
			echo "unrunnable $series: not runnable: no linux-$([[ $kind == image ]] && echo image || echo binary)-* package matching $regex in $suites"
		fi
		return 0
	fi

	local newest_text
	newest_text=$(set_text "${best% *}" "${best#* }")
	if [[ $pin == latest ]]; then
		set_use "${best% *}" "${best#* }"
		if [[ -n $lock_text && $lock_text != "$newest_text" ]]; then
			echo "note $series: KERNEL_PIN=latest: $newest_text (kernels.lock has $lock_text)"
		fi
	elif ((${#locked[@]} == 0)); then
		set_use "${best% *}" "${best#* }"
		echo "note $series: not in kernels.lock; using the newest, $newest_text"
	elif ((ok)) && [[ -n ${setver["$lvp $lver"]:-} ]]; then
		set_use "$lvp" "$lver"
		if [[ $lock_text != "$newest_text" ]]; then
			echo "note $series: newer than kernels.lock: $newest_text (running the locked $lver; KERNEL_PIN=latest runs the newer)"
		fi
	else
		set_use "${best% *}" "${best#* }"
		echo "note $series: the locked $lock_text is no longer served by $suites; running the newest, $newest_text, whose snapshots may differ from the committed ones"
	fi
}
