# shellcheck shell=bash
# Self-tests of the kernel choice (kernels.conf, kernels.lock, KERNEL_PIN), fetch-kernel against a
# made-up archive, and emulator/run's checks before any boot (relative paths, TESTS filters, what a
# stopped run leaves behind). Sourced by tests/run, which provides check, has, hasnt, eq, $tmp.
# No network, no Bochs: apt-get and apt-cache are fakes answering from a list of packages, and the
# run's copy has a setup that installs nothing.
: "${tmp:?tests/kernels.sh is sourced by tests/run}"
# shellcheck source=lib/kernels.sh
. "$EMU_DIR/lib/kernels.sh"

# --- kernel_select: the choice, from a candidate list ---
lk=$tmp/lock
printf '# comment\n6.1  linux-image-6.1.0-56-amd64 6.1.192-2\n7.2  linux-binary-7.2.13+deb14-amd64 7.2.13-1\n7.2  linux-modules-7.2.13+deb14-amd64 7.2.13-1\n' >"$lk"
c61='linux-image-6.1.0-55-amd64 6.1.192-1
linux-image-6.1.0-56-amd64 6.1.192-2
linux-image-6.1.0-57-amd64 6.1.192-3
linux-image-6.1.0-57-amd64-unsigned 6.1.192-3
linux-image-6.1.0-0.deb11.52-amd64 6.1.180-1~deb11u1'
sel() { kernel_select "$@" 2>&1; }
got=$(sel 6.1 image '6\.1\.0-[0-9]+' locked "$lk" bookworm <<<"$c61")
check "locked: the lock's package while it is served" has "use linux-image-6.1.0-56-amd64 6.1.192-2" <(echo "$got")
check "locked: a newer package is named in one line" eq "$(grep -c '^note 6.1: newer than kernels.lock: linux-image-6.1.0-57-amd64 6.1.192-3 (running the locked 6.1.192-2' <<<"$got")" 1
check "locked: one package chosen, one note" eq "$(wc -l <<<"$got")" 2
got=$(sel 6.1 image '6\.1\.0-[0-9]+' latest "$lk" bookworm <<<"$c61")
check "KERNEL_PIN=latest: the newest package, the lock named" eq "$got" "use linux-image-6.1.0-57-amd64 6.1.192-3
note 6.1: KERNEL_PIN=latest: linux-image-6.1.0-57-amd64 6.1.192-3 (kernels.lock has linux-image-6.1.0-56-amd64 6.1.192-2)"
got=$(sel 6.1 image '6\.1\.0-[0-9]+' locked "$lk" bookworm <<<"$(grep -v '0-56-' <<<"$c61")")
check "locked but no longer served: the newest, said in one line" eq "$got" "use linux-image-6.1.0-57-amd64 6.1.192-3
note 6.1: the locked linux-image-6.1.0-56-amd64 6.1.192-2 is no longer served by bookworm; running the newest, linux-image-6.1.0-57-amd64 6.1.192-3, whose snapshots may differ from the committed ones"
got=$(sel 6.1 image '6\.1\.0-[0-9]+' locked "$lk" bookworm 1 <<<"$(grep -v '0-56-' <<<"$c61")")
check "locked, no longer served, but in the cache: the cached one" eq "$got" "use linux-image-6.1.0-56-amd64 6.1.192-2
note 6.1: the locked linux-image-6.1.0-56-amd64 6.1.192-2 is no longer served by bookworm; running the copy in the download cache"
got=$(sel 6.1 image '6\.1\.0-[0-9]+' locked "$lk" bookworm <<<"linux-image-6.1.0-56-amd64 6.1.192-1")
check "locked name served with another version: not the locked package" has "is no longer served" <(echo "$got")
got=$(sel 6.1 image '6\.1\.0-[0-9]+' locked "$lk" bookworm <<<"linux-image-6.1.0-56-amd64 6.1.192-2")
check "locked and newest: no note" eq "$got" "use linux-image-6.1.0-56-amd64 6.1.192-2"
got=$(sel 6.18 image '6\.18\.[0-9]+\+deb[0-9]+' locked "$lk" trixie-backports <<<'linux-image-6.18.9+deb13-amd64 6.18.9-1~bpo13+1
linux-image-6.18.15+deb13-amd64 6.18.15-1~bpo13+1
linux-image-6.18.15+deb13-cloud-amd64 6.18.15-1~bpo13+1')
check "not in the lock: the newest (by Debian version, not text), said" eq "$got" "use linux-image-6.18.15+deb13-amd64 6.18.15-1~bpo13+1
note 6.18: not in kernels.lock; using the newest, linux-image-6.18.15+deb13-amd64 6.18.15-1~bpo13+1"
c72='linux-binary-7.2.12+deb13-amd64 7.2.12-1~bpo13+1
linux-modules-7.2.12+deb13-amd64 7.2.12-1~bpo13+1
linux-binary-7.2.13+deb14-amd64 7.2.13-1
linux-modules-7.2.13+deb14-amd64 7.2.13-1
linux-image-7.2.13+deb14-amd64 7.2.13-1
linux-binary-7.2.13+deb14-rt-amd64 7.2.13-1'
got=$(sel 7.2 split '7\.2\.[0-9]+\+deb[0-9]+' locked "$lk" sid,trixie-backports <<<"$c72")
check "split: the binary and the modules, of one version" eq "$got" "use linux-binary-7.2.13+deb14-amd64 7.2.13-1
use linux-modules-7.2.13+deb14-amd64 7.2.13-1"
got=$(sel 7.2 split '7\.2\.[0-9]+\+deb[0-9]+' locked "$lk" sid <<<"$(grep -v 'modules-7.2.13' <<<"$c72")")
check "split: a locked binary without its modules falls back to a complete set" has "running the newest, linux-binary-7.2.12+deb13-amd64 + linux-modules-7.2.12+deb13-amd64 7.2.12-1~bpo13+1" <(echo "$got")
c619='linux-binary-6.19.13+deb13-amd64 6.19.13-1~bpo13+1
linux-binary-6.19.14+deb13-amd64 6.19.14-1~bpo13+1
linux-image-6.19.14+deb13-amd64 6.19.14-1~bpo13+1'
got=$(sel 6.19 split '6\.19\.[0-9]+\+deb[0-9]+' locked "$lk" trixie-backports <<<"$c619")
check "split without modules: one line, 'not runnable', naming what is served and what is missing" eq "$got" "unrunnable 6.19: not runnable: trixie-backports serves linux-binary-6.19.14+deb13-amd64 (6.19.14-1~bpo13+1) but no linux-modules-* of that version, so no kvm_intel; it runs again once Debian serves it"
got=$(sel 6.19 split '6\.19\.[0-9]+\+deb[0-9]+' locked "$lk" trixie-backports <<<"$c619
linux-modules-6.19.13+deb13-amd64 6.19.13-2~bpo13+1")
check "split: modules of another version do not make a set" has "unrunnable 6.19" <(echo "$got")
got=$(sel 6.19 split '6\.19\.[0-9]+\+deb[0-9]+' locked "$lk" trixie-backports <<<"$c619
linux-modules-6.19.13+deb13-amd64 6.19.13-1~bpo13+1")
check "split: once modules are served, the series runs on its own" has "use linux-modules-6.19.13+deb13-amd64 6.19.13-1~bpo13+1" <(echo "$got")
got=$(sel 5.10 image '5\.10\.0-[0-9]+' locked "$lk" bullseye </dev/null)
check "nothing served: not runnable, in one line" eq "$got" "unrunnable 5.10: not runnable: no linux-image-* package matching 5\.10\.0-[0-9]+ in bullseye"
got=$(sel experimental split '[0-9]+\.[0-9]+[^-]*' locked "$lk" experimental <<<'linux-binary-7.3-amd64 7.3~rc7-1~exp1
linux-modules-7.3-amd64 7.3~rc7-1~exp1
linux-binary-7.3-cloud-amd64 7.3~rc7-1~exp1
linux-modules-7.3-cloud-amd64 7.3~rc7-1~exp1')
check "experimental: the release candidate, no other flavour" eq "$(grep -c '^use .*-7\.3-amd64 7\.3~rc7-1~exp1$' <<<"$got")" 2
check "Debian order: a release candidate is older than its release" deb_newer 7.3.4-1~bpo13+1 7.3~rc7-1~exp1

# --- kernels.conf: KERNELS words ---
conf=$EMU_DIR/kernels.conf
check "KERNELS=all: every series but the opt-in ones" eq "$(kernels_expand "$conf" all)" "$(awk '!/^#/ && NF >= 5 && $5 != "optin" { printf "%s%s", (n++ ? " " : ""), $1 }' "$conf")"
check "KERNELS=all leaves experimental out; naming it adds it" eq "$(kernels_expand "$conf" all experimental | tr ' ' '\n' | grep -c experimental)" 1
check "KERNELS=default is the default column" eq "$(kernels_expand "$conf" default)" "5.10 6.12 7.3"
check "KERNELS: each series once" eq "$(kernels_expand "$conf" 7.3 default 7.3)" "7.3 5.10 6.12"
check "KERNELS: an unknown series is an error naming the known ones" has "unknown kernel series '6.99' (known: 5.10 6.1" <(kernels_expand "$conf" 6.99 2>&1 || true)
check "every series has a kind of image or split" eq "$(awk '!/^#/ && NF && $3 != "image" && $3 != "split"' "$conf")" ""
check "no series name has a '-' (snapshot names split there)" eq "$(awk '!/^#/ && NF && $1 ~ /-/' "$conf")" ""
check "every line of kernels.lock names a series of kernels.conf" eq "$(awk 'NR == FNR { if (!/^#/ && NF) k[$1] = 1; next } !/^#/ && NF && !($1 in k)' "$conf" "$EMU_DIR/kernels.lock")" ""
check "kernels.lock: the 6.1 snapshots' package (release 6.1.0-56-amd64)" has "linux-image-6.1.0-56-amd64" "$EMU_DIR/kernels.lock"

# --- fetch-kernel against a made-up archive ---
fake=$tmp/fakebin
mkdir -p "$fake"
# apt-cache: pkgnames PREFIX, madison NAME...; from $FAKE_ARCHIVE ("name version" lines).
cat >"$fake/apt-cache" <<'EOF'
#!/bin/bash
args=()
while (($#)); do case $1 in -o) shift 2 ;; -q) shift ;; *) args+=("$1"); shift ;; esac; done
set -- "${args[@]}"
echo "apt-cache $1" >>"$FAKE_LOG"
case $1 in
pkgnames) awk -v p="$2" 'index($1, p) == 1 { print $1 }' "$FAKE_ARCHIVE" | sort -u ;;
madison) shift; for n in "$@"; do awk -v n="$n" '$1 == n { printf " %s | %s | http://fake suite/main amd64 Packages\n", $1, $2 }' "$FAKE_ARCHIVE"; done ;;
*) exit 100 ;;
esac
EOF
# apt-get: update (fresh lists), download NAME=VERSION... (a small .deb laid out as Debian's).
cat >"$fake/apt-get" <<'EOF'
#!/bin/bash
lists=
args=()
while (($#)); do
	case $1 in -o) [[ $2 == Dir::State::Lists=* ]] && lists=${2#*=}; shift 2 ;; -q) shift ;; *) args+=("$1"); shift ;; esac
done
set -- "${args[@]}"
case $1 in
update) touch "$lists/fake_InRelease" "$lists/fake_Packages"; echo update >>"$FAKE_LOG" ;;
download)
	shift
	for nv in "$@"; do
		n=${nv%%=*} v=${nv#*=}
		grep -qx "$n $v" "$FAKE_ARCHIVE" || { echo "E: Version '$v' for '$n' was not found"; exit 100; }
		echo "download $n $v" >>"$FAKE_LOG"
		r=${n#linux-*-}
		d=$(mktemp -d)
		case $n in
		linux-image-*) mkdir -p "$d/boot" "$d/lib/modules/$r/kernel/arch/x86/kvm"
			echo kernel >"$d/boot/vmlinuz-$r"; echo ko >"$d/lib/modules/$r/kernel/arch/x86/kvm/kvm-intel.ko"
			echo dep >"$d/lib/modules/$r/modules.dep" ;;
		linux-binary-*) mkdir -p "$d/usr/lib/modules/$r"; echo kernel >"$d/usr/lib/modules/$r/vmlinuz" ;;
		linux-modules-*) mkdir -p "$d/usr/lib/modules/$r/kernel/arch/x86/kvm"
			echo ko >"$d/usr/lib/modules/$r/kernel/arch/x86/kvm/kvm-intel.ko.xz" ;;
		esac
		mkdir -p "$d/DEBIAN"
		printf 'Package: %s\nVersion: %s\nArchitecture: amd64\nMaintainer: t <t@t>\nDescription: t\n' "$n" "$v" >"$d/DEBIAN/control"
		dpkg-deb -Zgzip --root-owner-group -b "$d" "${n}_${v//:/%3a}_amd64.deb" >/dev/null
		rm -rf "$d"
	done ;;
*) exit 100 ;;
esac
EOF
chmod +x "$fake/apt-cache" "$fake/apt-get"
fconf=$tmp/kernels.conf
printf '%s\n' '6.1  bookworm,bookworm-security image  6\.1\.0-[0-9]+  default' \
	'6.19 trixie-backports split 6\.19\.[0-9]+\+deb[0-9]+ all' \
	'7.2  sid,trixie-backports split 7\.2\.[0-9]+\+deb[0-9]+ all' >"$fconf"
printf '%s\n' "$c61" "$c619" "$c72" >"$tmp/archive"
: >"$tmp/keyring"
fk() { # fk SERIES...: fetch-kernel on the fakes; stdout to fk.out, stderr to fk.err, status to fk.rc
	local rc=0
	PATH=$fake:$PATH FAKE_ARCHIVE=$tmp/archive FAKE_LOG=$tmp/apt.log NVMX_CACHE=$tmp/cache \
		NVMX_KERNELS_CONF=$fconf NVMX_KERNELS_LOCK=$lk NVMX_KEYRING=$tmp/keyring NVMX_NOTES=$tmp/notes \
		"$EMU_DIR/fetch-kernel" "$@" >"$tmp/fk.out" 2>"$tmp/fk.err" || rc=$?
	echo "$rc" >"$tmp/fk.rc"
}
fk 6.19
check "fetch-kernel: a series without modules exits 3" eq "$(cat "$tmp/fk.rc")" 3
check "fetch-kernel: ... saying so in exactly one line" eq "$(grep -cv '^fetch-kernel: apt-get update' "$tmp/fk.err")" 1
check "fetch-kernel: ... which names the binary and the missing modules" has "emulator: 6.19: not runnable: trixie-backports serves linux-binary-6.19.14+deb13-amd64 (6.19.14-1~bpo13+1) but no linux-modules-*" "$tmp/fk.err"
check "fetch-kernel: ... and downloads nothing" hasnt "download" "$tmp/apt.log"
fk 6.1
check "fetch-kernel: the locked package, downloaded by exact version" has "download linux-image-6.1.0-56-amd64 6.1.192-2" "$tmp/apt.log"
check "fetch-kernel: a newer package is said in one line" eq "$(grep -c 'newer than kernels.lock: linux-image-6.1.0-57-amd64 6.1.192-3' "$tmp/fk.err")" 1
check "fetch-kernel: the note reaches the run's notes file" has "6.1: newer than kernels.lock" "$tmp/notes"
d61=$(cat "$tmp/fk.out")
check "fetch-kernel: the cache holds the packages with their exact versions" eq "$(cat "$d61/packages" 2>&1)" "linux-image-6.1.0-56-amd64 6.1.192-2"
check "fetch-kernel: ... and the release" eq "$(cat "$d61/release" 2>&1)" "6.1.0-56-amd64"
KERNEL_PIN=latest fk 6.1
check "fetch-kernel: KERNEL_PIN=latest, another cache entry" eq "$(cat "$(cat "$tmp/fk.out")/packages" 2>&1)" "linux-image-6.1.0-57-amd64 6.1.192-3"
check "fetch-kernel: the cache key holds the version" eq "$([[ $(cat "$tmp/fk.out") != "$d61" ]] && echo differs)" differs
fk 7.2
check "fetch-kernel: split packages, kernel from the binary, modules from the modules" eq "$(tr '\n' ' ' <"$(cat "$tmp/fk.out")/packages" 2>&1)" "linux-binary-7.2.13+deb14-amd64 7.2.13-1 linux-modules-7.2.13+deb14-amd64 7.2.13-1 "
check "fetch-kernel: ... whose vmlinuz is in usr/lib/modules" test -s "$(cat "$tmp/fk.out")/vmlinuz"
# apt-cache reads every list on each call: its answer is kept until the lists change.
: >"$tmp/apt.log"
fk 6.1
check "fetch-kernel: unchanged lists, the kept candidates: no apt-cache" hasnt "apt-cache" "$tmp/apt.log"
check "fetch-kernel: ... and the same choice, said the same way" eq "$(grep -c 'newer than kernels.lock: linux-image-6.1.0-57-amd64 6.1.192-3' "$tmp/fk.err")" 1
# The archive drops the locked 6.1: the copy in the cache still runs, and says so.
grep -v '0-56-' "$tmp/archive" >"$tmp/archive2" && mv "$tmp/archive2" "$tmp/archive"
# (what the archive serves reaches apt through its lists: new lists, as an update brings them)
touch "$tmp"/cache/apt/*/lists/*
: >"$tmp/apt.log"
fk 6.1
check "fetch-kernel: new lists: apt-cache asked again" has "apt-cache pkgnames" "$tmp/apt.log"
check "fetch-kernel: locked and gone from the archive, but cached: the cached copy" eq "$(cat "$tmp/fk.out")" "$d61"
check "fetch-kernel: ... said in one line" eq "$(grep -c 'no longer served by bookworm,bookworm-security; running the copy in the download cache' "$tmp/fk.err")" 1
rm -rf "$d61"
fk 6.1
check "fetch-kernel: locked, gone and not cached: the newest, said in one line" eq "$(grep -c 'is no longer served by bookworm,bookworm-security; running the newest, linux-image-6.1.0-57-amd64 6.1.192-3' "$tmp/fk.err")" 1
fk --select 6.99
check "fetch-kernel: an unknown series fails naming the known ones" has "unknown kernel series '6.99' (known: 6.1 6.19 7.2)" "$tmp/fk.err"

# --- emulator/run before any boot, in a copy of the suite whose build and setup are fakes ---
repo=$tmp/repo
mkdir -p "$repo"
cp -r "$EMU_DIR" "$repo/emulator"
rm -rf "$repo/emulator/tests"
printf '#!/bin/sh\nexit 0\n' >"$repo/emulator/setup"
fake_build_bochs "$repo/emulator/build-bochs"
# The suite's build: two tests, or a failure when FAIL_BUILD is set.
cat >"$repo/Makefile" <<'EOF'
install:
	@test -z "$(FAIL_BUILD)" || { echo "cc: error: made to fail"; exit 1; }
	mkdir -p $(DESTDIR)/tests && cp run_tests.sh $(DESTDIR)/
	printf '#!/bin/sh\n' >$(DESTDIR)/tests/vmx_msrs_presence_test && chmod +x $(DESTDIR)/tests/vmx_msrs_presence_test
	printf '#!/bin/sh\n' >$(DESTDIR)/tests/l1_revision_test && chmod +x $(DESTDIR)/tests/l1_revision_test
	echo timeout=45 >$(DESTDIR)/tests/settings
tests:
	@test -z "$(FAIL_BUILD)" || { echo "cc: error: made to fail"; exit 1; }
-include emulator/emulator.mk
EOF
printf '#!/bin/sh\n' >"$repo/run_tests.sh"
chmod +x "$repo/run_tests.sh"
ktree=$tmp/linux
mkdir -p "$ktree/arch/x86/boot"
er() { # er VAR=VALUE... : emulator/run of the copy from $ktree; status in er.rc, stderr in er.err
	local rc=0
	(cd "$ktree" && env -u NVMX_CALLER_DIR -u KERNELS -u TESTS -u KERNEL_IMAGE -u MODULES_DIR -u NVMX_RESULTS -u NVMX_PAYLOAD \
		NVMX_CACHE="$tmp/cache" "$@" "$repo/emulator/run" >"$tmp/er.out" 2>"$tmp/er.err") || rc=$?
	echo "$rc" >"$tmp/er.rc"
}
er KERNEL_IMAGE=arch/x86/boot/bzImage
check "run: a relative KERNEL_IMAGE is taken from where it was typed" has "KERNEL_IMAGE $ktree/arch/x86/boot/bzImage is not a file" "$tmp/er.err"
echo x >"$ktree/arch/x86/boot/bzImage"
er KERNEL_IMAGE=arch/x86/boot/bzImage MODULES_DIR=mods
check "run: ... found there, and MODULES_DIR too" has "MODULES_DIR $ktree/mods is not a directory" "$tmp/er.err"
rc=0
(cd "$ktree" && env -u KERNELS -u TESTS make -s -C "$repo" run_tests_emulated KERNEL_IMAGE=arch/x86/boot/bzImage MODULES_DIR=mods >/dev/null 2>"$tmp/make.err") || rc=$?
check "make -C SUITE run_tests_emulated: paths from the directory make was started in" has "MODULES_DIR $ktree/mods is not a directory" "$tmp/make.err"
er NVMX_PAYLOAD=payload
check "run: a relative NVMX_PAYLOAD too" has "NVMX_PAYLOAD $ktree/payload has no tests/" "$tmp/er.err"
mkdir -p "$repo/build/emulated"
ln -sfn "$repo/build/emulated/before" "$repo/build/emulated/latest"
er TESTS=vmx_msrs_presnce
check "run: TESTS selecting nothing exits 2" eq "$(cat "$tmp/er.rc")" 2
check "run: ... naming the filter and the tests there are" has "TESTS filter 'vmx_msrs_presnce' selects no test; the tests are: l1_revision_test vmx_msrs_presence_test" "$tmp/er.err"
check "run: ... before any kernel or boot" hasnt "configurations" "$tmp/er.err"
check "run: ... and leaves no results directory, no payload" eq "$(ls "$repo/build/emulated")" latest
check "run: ... nor moves build/emulated/latest" eq "$(readlink "$repo/build/emulated/latest")" "$repo/build/emulated/before"
er TESTS='l1_ vmx_nope'
check "run: one filter of several selecting nothing is named alone" has "TESTS filter 'vmx_nope' selects no test" "$tmp/er.err"
er NVMX_RESULTS=res FAIL_BUILD=1
check "run: a failed build fails the run" eq "$(cat "$tmp/er.rc")" 1
check "run: ... with the results kept where the relative NVMX_RESULTS says, and named" has "stopped before any boot; the logs of this run: $ktree/res" "$tmp/er.err"
check "run: ... its build log kept" test -s "$ktree/res/build.log"
check "run: ... its payload gone" test ! -e "$ktree/res/payload"
check "run: ... latest not moved to it" eq "$(readlink "$repo/build/emulated/latest")" "$repo/build/emulated/before"
# A series that cannot run: named, it stops the run; through "all", it is skipped.
# (The fake: --select answers "unrunnable", a fetch says so on stderr and exits 3, as the real one.)
cat >"$repo/emulator/fetch-kernel" <<'EOF2'
#!/bin/bash
if [[ $1 == --select ]]; then echo "unrunnable $2: not runnable: made up"; exit 0; fi
echo "emulator: $1: not runnable: made up" >&2
exit 3
EOF2
er KERNELS=7.3 NVMX_RESULTS=res2
check "run: KERNELS naming a series that cannot run is an error" eq "$(cat "$tmp/er.rc")" 1
check "run: ... in one line, with the reason and what to do" eq "$(cat "$tmp/er.err")" "run: error: KERNELS=7.3: not runnable: made up; KERNELS=all runs every series that can"
check "run: ... before building anything or making a results directory" test ! -e "$ktree/res2"
er KERNELS=all NVMX_RESULTS=res3
check "run: KERNELS=all skips what cannot run, one line each" eq "$(grep -c 'not runnable' "$tmp/er.err")" "$(kconf_series "$conf" all | wc -w)"
check "run: ... and fails when nothing is left" has "none of KERNELS" "$tmp/er.err"
er TESTS='vmx_msrs_p*' KERNELS=all NVMX_RESULTS=res4
check "run: a matching shell pattern passes the TESTS check" has "none of KERNELS" "$tmp/er.err"
check "run: KERNEL_PIN other than locked or latest is an error" has "KERNEL_PIN must be" <(er KERNEL_PIN=newest; cat "$tmp/er.err")

# --- lock-kernels: a run's packages into the lock ---
cp "$lk" "$tmp/lock2"
mkdir -p "$tmp/lres"
printf '6.1 linux-image-6.1.0-57-amd64 6.1.192-3\n6.18 linux-image-6.18.15+deb13-amd64 6.18.15-1~bpo13+1\n' >"$tmp/lres/kernels.lock"
NVMX_KERNELS_LOCK=$tmp/lock2 "$EMU_DIR/lock-kernels" "$tmp/lres" 2>/dev/null
check "lock-kernels: the run's packages replace the series' lines" eq "$(grep -c '6.1.0-56\|6.1.0-57' "$tmp/lock2")/$(grep -c '^6.1 .*6.1.0-57-amd64 *6.1.192-3$' "$tmp/lock2")" "1/1"
check "lock-kernels: other series stay, new ones come in kernels.conf order" eq "$(grep -v '^#' "$tmp/lock2" | awk '{ print $1 }' | tr '\n' ' ')" "6.1 6.18 7.2 7.2 "
check "lock-kernels: comments stay" has "# comment" "$tmp/lock2"
