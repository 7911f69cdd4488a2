# shellcheck shell=bash
# A private apt configuration under the cache: its own sources list, lists and archives, an empty
# dpkg status, so the machine's apt sources and state stay untouched. Signatures are checked
# against the Debian archive keyring as usual (signed-by on every line). Sourced, never run.
# (fetch-kernel keeps its own copy of this logic; it can move here.)

APT_KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

# The same registry the machine's own sources name; deb.debian.org when they name none.
apt_mirror() {
	local m
	m=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
		grep -v '^[[:space:]]*#' | grep -oE 'https?://[^ ]+/debian/?( |$)' | head -1 | tr -d ' ' || true)
	m=${NVMX_DEBIAN_MIRROR:-${m%/}}
	echo "${m:-http://deb.debian.org/debian}"
}

# apt_private DIR SUITE [deb-src]: set apt_opts for a private tree in DIR naming SUITE's main
# binary packages, and its sources too when asked.
apt_private() {
	local dir=$1 suite=$2 src=${3:-} base
	[[ -r $APT_KEYRING ]] || die "$APT_KEYRING is missing: apt-get install debian-archive-keyring"
	mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial"
	base=$(apt_mirror)
	{
		echo "deb [signed-by=$APT_KEYRING] $base $suite main"
		[[ -z $src ]] || echo "deb-src [signed-by=$APT_KEYRING] $base $suite main"
	} >"$dir/sources.list.new"
	mv "$dir/sources.list.new" "$dir/sources.list"
	apt_dir=$dir
	apt_opts=(-o "Dir::Etc::SourceList=$dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
		-o "Dir::State::Lists=$dir/lists" -o "Dir::Cache=$dir/cache" -o Dir::State::status=/dev/null
		-o APT::Sandbox::User=root -q)
}

# apt_update: lists younger than NVMX_APT_MAX_AGE minutes (12 hours) are reused; a failed update
# with lists in hand goes on with what it has, so a cached run still works offline.
apt_update() {
	local age=${NVMX_APT_MAX_AGE:-720} fresh
	# Builds of two flavours share these lists: one updates them at a time (apt's own lock
	# would make the second fail instead of wait).
	exec 8>"$apt_dir/.update-lock"
	flock 8
	fresh=$(find "$apt_dir/lists" -maxdepth 1 -name '*InRelease' -mmin "-$age" | head -1)
	[[ -n $fresh && -z ${NVMX_APT_UPDATE:-} ]] && { exec 8>&-; return 0; }
	log "${0##*/}: apt-get update (private lists in $apt_dir)"
	if ! apt-get "${apt_opts[@]}" update >"$apt_dir/update.log" 2>&1 ||
		grep -qE '^(W|E): .*(NO_PUBKEY|not signed|BADSIG|Failed|expired)' "$apt_dir/update.log"; then
		cat "$apt_dir/update.log" >&2
		ls "$apt_dir/lists/"*_Packages* >/dev/null 2>&1 || die "apt-get update failed in $apt_dir"
		log "${0##*/}: update failed; using the lists already cached"
	fi
	exec 8>&-
}
