# shellcheck shell=bash
# The payload disk and the saved machines (checkpoints). Sourced, never run; no Bochs needed, so
# the self-tests check all of it (tests/speed.sh).
#
# The payload disk is the slave drive of the first ATA channel: a header of 8 sectors ("NVMX-
# PAYLOAD 1 <bytes> <id>", then the run's parameters as shell assignments, a NUL after them),
# then a newc cpio archive of the suite's install tree (make STATIC=1 install DESTDIR=...),
# unpacked by guest/init into /nvmx. guest/nvmx-disk reads it with port I/O.
#
# A checkpoint is a Bochs machine saved (bochs-patches/checkpoint.patch) just before the guest
# reads its payload disk: the kernel booted, its modules loaded. A run restores it instead of
# booting, with its own payload disk in place of the one it was saved with. Bochs restores a
# machine from its saved configuration, not from the bochsrc, so everything that made the
# machine must match what the run wants, and all of it is the checkpoint's key: the Bochs (its
# binary's hash and its build), the CPU model, the boot image (kernel, modules, /init), the
# kernel command line, the memory, the clock (ips, time0), the disks' geometry, this recipe. A checkpoint
# whose key file differs from the key the run computes is never used: it is rebuilt.

# Bump when what a checkpoint holds changes in a way the key does not see.
CHECKPOINT_RECIPE=1
# The payload disk's size (16 heads x 63 sectors per cylinder): fixed, since a checkpoint
# remembers the geometry of the disk it was saved with. 96 cylinders: 49.5 MB.
PAYLOAD_CYLINDERS=96
# The header's size is the guest's (guest/nvmx-disk.c reads that many sectors first): taken from
# there, so that the two cannot differ.
PAYLOAD_HEADER_SECTORS=$(awk '$1 == "#define" && $2 == "HEADER_SECTORS" { print $3 }' "$EMU_DIR/guest/nvmx-disk.c")
[[ $PAYLOAD_HEADER_SECTORS =~ ^[1-9][0-9]*$ ]] || {
	echo "checkpoint.sh: no HEADER_SECTORS in $EMU_DIR/guest/nvmx-disk.c" >&2
	exit 2
}

# payload_archive TREE OUT: the cpio archive of an install tree, paths relative to it, debug
# information stripped from its programs (every byte crosses the emulated disk).
payload_archive() {
	local tree=$1 out=$2 work
	[[ -x $tree/run_tests.sh && -d $tree/tests ]] || { echo "$tree has no run_tests.sh and tests/ (make STATIC=1 install DESTDIR=$tree)"; return 1; }
	work=$(mktemp -d)
	cp -a "$tree"/. "$work/"
	find "$work" -type f -perm -u+x -exec sh -c 'head -c4 "$1" | grep -q ELF && strip --strip-debug "$1"' _ {} \;
	(cd "$work" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) >"$out"
	rm -rf "$work"
}

# payload_disk OUT ARCHIVE ID PARAMS: the payload disk, ARCHIVE behind a header with ID and
# PARAMS (lines "name=value" for guest/init). Sparse where empty. Fails when it does not fit.
payload_disk() {
	local out=$1 archive=$2 id=$3 params=$4 size hdr cap
	size=$(stat -c %s "$archive")
	cap=$(((PAYLOAD_CYLINDERS * 16 * 63 - PAYLOAD_HEADER_SECTORS) * 512))
	if ((size > cap)); then
		echo "the suite's archive is $size bytes, more than the payload disk's $cap (PAYLOAD_CYLINDERS in lib/checkpoint.sh)"
		return 1
	fi
	hdr=$(printf 'NVMX-PAYLOAD 1 %s %s\n%s\n' "$size" "$id" "$params")
	if ((${#hdr} >= PAYLOAD_HEADER_SECTORS * 512)); then
		echo "the payload disk's parameters are longer than its header (${#hdr} bytes)"
		return 1
	fi
	rm -f "$out"
	printf '%s\0' "$hdr" >"$out"
	dd if="$archive" of="$out" bs=512 seek="$PAYLOAD_HEADER_SECTORS" conv=notrunc,sparse status=none
	truncate -s $((PAYLOAD_CYLINDERS * 16 * 63 * 512)) "$out"
}

# checkpoint_key CPU BOCHS_DIR IMAGE_KEY IMAGE_DIR RELEASE CMDLINE MEGS IPS: what a checkpoint
# is made of, as text (one "name value" a line). Equal texts, and only those, may share one.
checkpoint_key() {
	local cpu=$1 bdir=$2 ikey=$3 img=$4 rel=$5 cmdline=$6 megs=$7 ips=$8 bin
	bin=$(readlink -f "$bdir/bochs")
	printf 'recipe %s\n' "$CHECKPOINT_RECIPE"
	printf 'cpu %s\n' "$cpu"
	printf 'bochs %s\n' "$(bochs_label "$bdir/info" 2>/dev/null)"
	printf 'bochs_build %s\n' "$(basename "$(readlink -f "$bdir")")"
	printf 'bochs_binary %s\n' "$(sha256sum <"$bin" | cut -c1-64)"
	printf 'image %s\n' "$ikey"
	printf 'image_disk %s %s\n' "$(stat -c %s "$img/disk.img")" "$(grep '^cylinders=' "$img/layout")"
	printf 'release %s\n' "$rel"
	printf 'cmdline %s\n' "$cmdline"
	printf 'memory %s\n' "$megs"
	printf 'ips %s\n' "$ips"
	printf 'time0 %s\n' "${NVMX_TIME0:-local}"
	printf 'payload_cylinders %s\n' "$PAYLOAD_CYLINDERS"
	printf 'bochsrc %s\n' "$(sha256sum <"$EMU_DIR/bochsrc.in" | cut -c1-16)"
}

# checkpoint_dir KEY_TEXT: where the checkpoint of that key lives.
checkpoint_dir() {
	printf '%s/checkpoints/%s\n' "$NVMX_CACHE" "$(printf '%s\n' "$1" | sha256sum | cut -c1-16)"
}

# checkpoint_usable DIR KEY_TEXT: status 0 when DIR holds a complete checkpoint made for exactly
# KEY_TEXT; otherwise status 1 and one line saying why (for the log: it is then rebuilt).
checkpoint_usable() {
	local dir=$1 key=$2 cpu
	[[ -d $dir ]] || { echo "none yet"; return 1; }
	[[ -f $dir/key ]] || { echo "no key file: incomplete"; return 1; }
	if [[ $(cat "$dir/key") != "$key" ]]; then
		echo "made for another machine: $(diff <(printf '%s\n' "$key") "$dir/key" | sed -n 's/^> //p' | head -3 | tr '\n' ';' | sed 's/;$//')"
		return 1
	fi
	[[ -f $dir/state/saved && -f $dir/state/config && -f $dir/id && -f $dir/manifest ]] || { echo "the save did not complete"; return 1; }
	# Belt and braces: Bochs's own record of the machine names the same CPU model.
	cpu=$(sed -n 's/^cpu \(.*\)$/\1/p' <<<"$key")
	grep -q "^cpu: .*model=$cpu\b" "$dir/state/config" || { echo "its saved configuration is not a $cpu"; return 1; }
	# Every file Bochs wrote, at the size it had: a truncated memory image or a lost device file
	# would otherwise come back as a machine that half works.
	[[ $(checkpoint_manifest "$dir/state") == "$(cat "$dir/manifest")" ]] || { echo "its files changed since the save (missing or truncated)"; return 1; }
	return 0
}

# checkpoint_manifest STATE_DIR: each file's name and size, one a line, sorted.
checkpoint_manifest() {
	(cd "$1" && find . -maxdepth 1 -type f -printf '%f %s\n' | LC_ALL=C sort)
}

# checkpoint_drop CKDIR: make the checkpoint unusable (its key goes, under its lock), so that the
# next run that wants it makes it again.
checkpoint_drop() {
	with_lock "$1.lock" rm -f "$1/key"
}

# checkpoint_restore_failed STATUS COM2LOG: whether a boot that resumed a saved machine failed as a
# restore (then the run drops the checkpoint and boots instead): the guest that woke up names
# another checkpoint (boot's status "checkpoint-mismatch ..."), or it never said it woke up (no
# @@NVMX-RESTORED line on COM2: Bochs refused the saved state, died, or the guest hung before).
# A restored guest that failed later (a test, a timeout) is a result, not a failed restore.
checkpoint_restore_failed() {
	[[ $1 == checkpoint-mismatch* ]] && return 0
	! grep -aq '^@@NVMX-RESTORED' "$2" 2>/dev/null
}

# checkpoint_restore_dir CKDIR OUT RUN_DIR PAYLOAD: a copy of the checkpoint's state in OUT for one
# run, with every path of the saving run (its directory SAVE_DIR, recorded in CKDIR/save_dir)
# turned into the run's RUN_DIR, and the payload disk's saved image replaced by PAYLOAD: Bochs
# restores a disk by copying its saved image over the disk's path. The big files are links.
checkpoint_restore_dir() {
	local ck=$1 out=$2 run=$3 payload=$4 save f img
	save=$(cat "$ck/save_dir")
	rm -rf "$out"
	mkdir -p "$out"
	for f in "$ck"/state/*; do
		ln "$f" "$out/" 2>/dev/null || cp "$f" "$out/"
	done
	rm -f "$out/config" "$out/saved"
	sed "s|$save/|$run/|g" "$ck/state/config" >"$out/config"
	img=$(cat "$ck/payload_image")
	rm -f "$out/$img"
	ln "$payload" "$out/$img" 2>/dev/null || cp "$payload" "$out/$img"
}

# sh_quote STRING: STRING as one single-quoted word for a POSIX shell (the payload's settings).
sh_quote() {
	local q="'\\''"
	printf "'%s'" "${1//\'/$q}"
}

# checkpoint_ensure LOG CPU BOCHS_DIR IMAGE_KEY IMAGE_DIR RELEASE CMDLINE BOOT_ARGS...: the directory
# of a usable checkpoint for this machine, made now (by a boot with BOOT_ARGS, which are boot's,
# and --save) when there is none or the one there is not for this key; nothing when this Bochs
# cannot save or the save failed (the caller then boots). What happened goes to LOG.
checkpoint_ensure() {
	local log=$1 cpu=$2 bdir=$3 ikey=$4 idir=$5 rel=$6 cmd=$7 key dir
	shift 7
	if [[ ${NVMX_RESTORE:-1} == 0 ]]; then
		echo "checkpoint: none, NVMX_RESTORE=0 (every run boots)" >>"$log"
		return 0
	fi
	if [[ $(sed -n 's/^checkpoint=//p' "$bdir/info" 2>/dev/null) != yes ]]; then
		echo "checkpoint: none, Bochs $(bochs_label "$bdir/info") cannot save a machine (no bochs-patches)" >>"$log"
		return 0
	fi
	key=$(checkpoint_key "$cpu" "$bdir" "$ikey" "$idir" "$rel" "$cmd" "${NVMX_MEGS:-$NVMX_MEGS_DEFAULT}" "${NVMX_IPS:-$NVMX_IPS_DEFAULT}")
	dir=$(checkpoint_dir "$key")
	mkdir -p "${dir%/*}"
	# One save per key at a time: a second run waits, then finds it made.
	if with_lock "$dir.lock" checkpoint_make "$dir" "$key" "$cmd" "$log" "$@"; then
		touch "$dir"
		echo "$dir"
	fi
}

# checkpoint_make DIR KEY CMDLINE LOG BOOT_ARGS...: see checkpoint_ensure.
checkpoint_make() {
	local dir=$1 key=$2 cmd=$3 log=$4 why id img f size
	shift 4
	if why=$(checkpoint_usable "$dir" "$key"); then
		echo "checkpoint: using $dir" >>"$log"
		return 0
	fi
	echo "checkpoint: making $dir ($why)" >>"$log"
	rm -rf "$dir"
	mkdir -p "$dir/run"
	id=$(od -An -tx1 -N8 /dev/urandom | tr -d ' \n')
	# The disk it is saved with is empty: the guest waits for a header, and is saved waiting.
	truncate -s $((PAYLOAD_CYLINDERS * 16 * 63 * 512)) "$dir/run/payload.img"
	"$EMU_DIR/boot" "$@" --out "$dir/run" --payload "$dir/run/payload.img" --save "$dir" \
		--cmdline "$cmd nvmx_checkpoint=$id" >"$dir/run/boot.err" 2>&1
	if [[ $(cat "$dir/run/status" 2>/dev/null) != saved ]]; then
		echo "checkpoint: the save failed: $(cat "$dir/run/status" 2>/dev/null || tail -1 "$dir/run/boot.err")" >>"$log"
		mv "$dir" "$dir.failed.$$" 2>/dev/null && rm -rf "$dir.failed.$$"
		return 1
	fi
	# Bochs saved each disk as a copy of its image, named after the drive; the payload disk's is
	# replaced at each restore, and the boot disk is never read again: empty, sparse.
	# (hard_drive.0.drive0.image: the first channel's master, the boot disk; drive1 its slave)
	img=
	for f in "$dir"/state/hard_drive.0.drive[01].image; do
		[[ -f $f ]] || continue
		[[ $f == *drive1.image ]] && img=${f##*/}
		size=$(stat -c %s "$f")
		: >"$f" && truncate -s "$size" "$f"
	done
	[[ -n $img ]] || { echo "checkpoint: no saved image of the payload disk in $dir/state" >>"$log"; return 1; }
	echo "$img" >"$dir/payload_image"
	echo "$dir/run" >"$dir/save_dir"
	echo "$id" >"$dir/id"
	cat "$dir/run/cpu_cs" >"$dir/save_cpu_cs" 2>/dev/null || true
	rm -f "$dir/run/disk.img" "$dir/run/payload.img"
	checkpoint_manifest "$dir/state" >"$dir/manifest"
	# The key last: a checkpoint without one is incomplete (checkpoint_usable).
	printf '%s\n' "$key" >"$dir/key"
	echo "checkpoint: saved $dir after $(fmt_cs "$(cat "$dir/save_cpu_cs" 2>/dev/null || echo 0)") s of Bochs CPU" >>"$log"
}

# checkpoint_prune KEEP DAYS: beyond the KEEP most recently used checkpoints, those unused for
# DAYS days go, each under its lock (a run making or checking it finishes first). A run that
# restores one has its own links to the big files by then (checkpoint_restore_dir).
checkpoint_prune() {
	local d
	[[ -d $NVMX_CACHE/checkpoints ]] || return 0
	find "$NVMX_CACHE/checkpoints" -mindepth 1 -maxdepth 1 -type d -printf '%T@ %p\n' 2>/dev/null | sort -rn |
		tail -n +$(($1 + 1)) | cut -d' ' -f2- | while read -r d; do
		if [[ -n $(find "$d" -maxdepth 0 -mtime +"$2") ]]; then with_lock "$d.lock" rm -rf "$d"; rm -f "$d.lock"; fi
	done
}
