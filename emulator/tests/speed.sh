# shellcheck shell=bash
# Self-tests of what makes the emulated runner fast and says where its time goes: the phase
# profile (results.awk's profile.tsv, lib/profile-table). Sourced by tests/run, which provides
# check, has, hasnt, eq, $tmp. No Bochs: recorded serial logs and small files.
: "${tmp:?tests/speed.sh is sourced by tests/run}"

# --- the profile: "# profile:" lines become profile.tsv rows, never TAP lines ---
pr=$tmp/profile-results
mkdir -p "$pr/configs/6.12_corei7_haswell_4770"
cat >"$pr/configs/6.12_corei7_haswell_4770/com2.log" <<'LOG'
@@NVMX-BOOT release=6.12.117+deb12-amd64 uptime=2.35 kvm=module
# profile: init phase=modules ns=1770000000 cpu_ns=1700000000 n=1
@@NVMX-SET default uptime=4.20
# profile: init phase=rmmod ns=70000000 cpu_ns=60000000 n=1
# profile: init phase=insmod ns=130000000 cpu_ns=120000000 n=1
TAP version 13
1..1
# selftests: nvmx: vmx_msrs_presence_test
# profile: test=vmx_msrs_presence_test phase=process_start ns=8000000 cpu_ns=8000000 n=1
# profile: test=vmx_msrs_presence_test phase=l1_entries ns=3000000 cpu_ns=2000000 n=2 events=160
# profile: test=vmx_msrs_presence_test phase=total ns=13000000 cpu_ns=11000000 n=1
# profile: test=vmx_msrs_presence_test phase=runner ns=20000000 n=1
ok 1 selftests: nvmx: vmx_msrs_presence_test
summary: 1 passed, 0 failed, 0 skipped
# profile: init phase=suite ns=300000000 cpu_ns=200000000 n=1
@@NVMX-SET-END default rc=0 uptime=4.60
# profile: init phase=set ns=500000000 cpu_ns=400000000 n=1
@@NVMX-END uptime=4.70
LOG
echo ok >"$pr/configs/6.12_corei7_haswell_4770/status"
printf 'kernel=6.12\ncpu=corei7_haswell_4770\npackages=x\nrelease=6.12.117+deb12-amd64\nbochs=\n' >"$pr/configs/6.12_corei7_haswell_4770/meta"
echo 100 >"$pr/configs/6.12_corei7_haswell_4770/wall_cs"
echo "6.12 corei7_haswell_4770" >"$pr/configs.list"
echo 100 >"$pr/wall_cs"
NVMX_SNAPSHOTS=$tmp/profile-snap "$EMU_DIR/report" "$pr" >"$tmp/profile-tap" 2>&1 || true
pf=$pr/configs/6.12_corei7_haswell_4770/profile.tsv
check "profile lines stay out of the TAP (they are timings)" hasnt "profile:" "$tmp/profile-tap"
check "... and the test's TAP is the same without them" has "        ok 1 selftests: nvmx: vmx_msrs_presence_test" "$tmp/profile-tap"
check "profile.tsv has a row per profile line" eq "$(wc -l <"$pf")" 9
check "a row: set, test, phase, ns, n, events, cpu_ns" has $'default\tvmx_msrs_presence_test\tl1_entries\t3000000\t2\t160\t2000000' "$pf"
check "/init's own phases are filed as (init), before the first set as (boot)" has $'(boot)\t(init)\tmodules\t1770000000\t1\t0\t1700000000' "$pf"
check "a line without cpu_ns counts its wall time as busy" has $'default\tvmx_msrs_presence_test\trunner\t20000000\t1\t0\t20000000' "$pf"
"$EMU_DIR/lib/profile-table" "$pr" >"$tmp/profile-table"
check "the profile table has a row per test, in guest ms wall (busy)" has "| vmx_msrs_presence_test | 1 | 20.0 | 13.0 (11.0) | 8.0 (8.0) |" "$tmp/profile-table"
check "... with L1's VM entries" has "3.0 (2.0) 160 entries |" "$tmp/profile-table"
check "... and the sum per parameter set" has "| **per set** | 1 sets | 20.0 | 13.0 (11.0) |" "$tmp/profile-table"
check "the /init table: to /init, modules, then per set" has "| 6.12/corei7_haswell_4770 | 2.35 | 1.77 (1.70) | 1 | 0.070 (0.060) | 0.130 (0.120) | 0.300 (0.200) | 0.000 (0.000) | 0.500 (0.400) |" "$tmp/profile-table"
mkdir -p "$tmp/noprof/configs"
check "a run without profile lines says so" has "(no profile" <("$EMU_DIR/lib/profile-table" "$tmp/noprof")

# --- the payload disk ---
# shellcheck source=../lib/checkpoint.sh
. "$EMU_DIR/lib/checkpoint.sh"
# shellcheck source=../lib/bochs.sh
. "$EMU_DIR/lib/bochs.sh"
pt=$tmp/ptree
mkdir -p "$pt/tests" "$pt/bin"
printf '#!/bin/sh\n' >"$pt/run_tests.sh"
chmod +x "$pt/run_tests.sh"
echo "timeout=120" >"$pt/tests/settings"
payload_archive "$pt" "$tmp/p.cpio"
check "the suite's archive holds its tree, relative paths" grep -qx "tests/settings" <(cpio -it --quiet <"$tmp/p.cpio")
payload_disk "$tmp/p.img" "$tmp/p.cpio" 6.12/haswell "nvmx_sets='default;ept=0'"
check "the payload disk has the header, the archive's size and the id" eq "$(head -c 64 "$tmp/p.img" | head -1)" "NVMX-PAYLOAD 1 $(stat -c %s "$tmp/p.cpio") 6.12/haswell"
check "... then the run's settings" eq "$(head -c 4096 "$tmp/p.img" | tr -d '\0' | sed -n 2p)" "nvmx_sets='default;ept=0'"
check "... the archive from sector 8" cmp <(tail -c +4097 "$tmp/p.img" | head -c "$(stat -c %s "$tmp/p.cpio")") "$tmp/p.cpio"
check "... on a disk of the fixed size (a checkpoint remembers the geometry)" eq "$(stat -c %s "$tmp/p.img")" $((PAYLOAD_CYLINDERS * 16 * 63 * 512))
head -c $((PAYLOAD_CYLINDERS * 16 * 63 * 512)) /dev/zero >"$tmp/big.cpio"
check "a suite too big for the disk is an error that says so" has "more than the payload disk's" <(payload_disk "$tmp/big.img" "$tmp/big.cpio" x "" || true)
check "settings are quoted for the guest's shell" eq "$(sh -c "v=$(sh_quote "a'b;c \$d"); printf %s \"\$v\"")" "a'b;c \$d"

# --- checkpoints: made once per machine, never used for another one ---
# A fake Bochs build and boot image, and a boot that "saves" as the patched Bochs does.
ck_emu=$tmp/ck-emu
mkdir -p "$ck_emu/lib" "$tmp/ckb" "$tmp/ckimg"
cp -r "$EMU_DIR/lib/." "$ck_emu/lib/"
cp "$EMU_DIR/bochsrc.in" "$ck_emu/"
cat >"$ck_emu/boot" <<'STUB'
#!/bin/bash
# a boot that saves a machine: the state files Bochs writes, the status boot writes
while (($#)); do case $1 in --out) out=$2 ;; --save) save=$2 ;; --cmdline) cmd=$2 ;; --cpu) cpu=$2 ;; esac; shift 2; done
echo "$cmd" >>"$STUB_LOG"
[[ -n ${STUB_FAIL:-} ]] && { echo "boot-timeout: stub" >"$out/status"; exit 1; }
mkdir -p "$save/state"
printf 'cpu: count=1, ips=200000000, model=%s, reset_on_triple_fault=0\ncom2: enabled=true, mode=file, dev="%s/com2.log"\nata0-slave: type=disk, path="%s/payload.img", mode=flat\n' "$cpu" "$out" "$out" >"$save/state/config"
head -c 4096 /dev/urandom >"$save/state/hard_drive.0.drive0.image"
head -c 4096 /dev/urandom >"$save/state/hard_drive.0.drive1.image"
echo ram >"$save/state/memory.ram"
echo "ticks=1" >"$save/state/saved"
echo 700 >"$out/cpu_cs"
echo saved >"$out/status"
STUB
chmod +x "$ck_emu/boot"
printf '#!/bin/sh\n' >"$tmp/ckb/bochs"
chmod +x "$tmp/ckb/bochs"
printf 'name=3.0\nversion=3.0+dfsg-1\nflavour=lean\ncheckpoint=yes\n' >"$tmp/ckb/info"
head -c 1024 /dev/zero >"$tmp/ckimg/disk.img"
echo "cylinders=1" >"$tmp/ckimg/layout"
ck_run() { # ck_run CPU RELEASE [IMAGE_KEY]: checkpoint_ensure in the fake world; prints its dir
	EMU_DIR=$ck_emu NVMX_CACHE=$tmp/ck-cache STUB_LOG=$tmp/ck-boots checkpoint_ensure "$tmp/ck.log" "$1" "$tmp/ckb" "${3:-img1}" "$tmp/ckimg" "$2" "quiet nvmx_kvm=module" --cpu "$1"
}
: >"$tmp/ck-boots"
d1=$(ck_run corei7_haswell_4770 6.12.117)
check "no checkpoint yet: one is made (one boot with --save)" eq "$(wc -l <"$tmp/ck-boots")" 1
check "... and that boot asks the guest for a checkpoint with an id" grep -q "nvmx_checkpoint=[0-9a-f]\{16\}$" "$tmp/ck-boots"
check "... recorded with its key, id, saving run and the payload disk's saved image" \
	bash -c '[[ -s $1/key && -s $1/id && -s $1/save_dir && $(cat "$1/payload_image") == hard_drive.0.drive1.image ]]' _ "$d1"
check "... the saved boot disk emptied (never read again)" eq "$(tr -d '\0' <"$d1/state/hard_drive.0.drive0.image" | wc -c)" 0
d2=$(ck_run corei7_haswell_4770 6.12.117)
check "the same machine again: the checkpoint is used, not made" eq "$(wc -l <"$tmp/ck-boots") $d2" "1 $d1"
d3=$(ck_run corei7_haswell_4770 7.3.4)
check "another kernel: another checkpoint" bash -c '[[ $1 != "$2" && $(wc -l <"$3") == 2 ]]' _ "$d3" "$d1" "$tmp/ck-boots"
d4=$(ck_run core2_penryn_t9600 6.12.117)
check "another CPU model: another checkpoint" bash -c '[[ $1 != "$2" && $1 != "$3" && $(wc -l <"$4") == 3 ]]' _ "$d4" "$d1" "$d3" "$tmp/ck-boots"
printf 'name=3.0\nversion=3.0+dfsg-2\nflavour=lean\ncheckpoint=yes\n' >"$tmp/ckb/info"
d5=$(ck_run corei7_haswell_4770 6.12.117)
check "another Bochs (a new build): another checkpoint" bash -c '[[ $1 != "$2" && $(wc -l <"$3") == 4 ]]' _ "$d5" "$d1" "$tmp/ck-boots"
printf 'name=3.0\nversion=3.0+dfsg-1\nflavour=lean\ncheckpoint=yes\n' >"$tmp/ckb/info"
printf '#!/bin/sh\n# rebuilt\n' >"$tmp/ckb/bochs"
d6=$(ck_run corei7_haswell_4770 6.12.117)
check "the same Bochs label but another binary: another checkpoint" bash -c '[[ $1 != "$2" && $(wc -l <"$3") == 5 ]]' _ "$d6" "$d1" "$tmp/ck-boots"
printf '#!/bin/sh\n' >"$tmp/ckb/bochs"
# A stale checkpoint where this machine's should be (a key file from another kernel).
sed -i 's/^release .*/release 5.10.0-46-amd64/' "$d1/key"
: >"$tmp/ck.log"
d7=$(ck_run corei7_haswell_4770 6.12.117)
check "a checkpoint made for another kernel is detected and rebuilt" bash -c '[[ $1 == "$2" && $(wc -l <"$3") == 6 ]] && grep -q "made for another machine: release 5.10.0-46-amd64" "$4" && grep -q "^release 6.12.117$" "$1/key"' _ "$d7" "$d1" "$tmp/ck-boots" "$tmp/ck.log"
sed -i 's/model=corei7_haswell_4770/model=core2_penryn_t9600/' "$d1/state/config"
d8=$(ck_run corei7_haswell_4770 6.12.117)
check "a checkpoint whose saved configuration is another CPU model is rebuilt" bash -c '[[ $(wc -l <"$2") == 7 ]] && grep -q "is not a corei7_haswell_4770" "$3" && grep -q "model=corei7_haswell_4770" "$1/state/config"' _ "$d8" "$tmp/ck-boots" "$tmp/ck.log"
rm -f "$d1/state/saved"
d9=$(ck_run corei7_haswell_4770 6.12.117)
check "a checkpoint whose save did not complete is rebuilt" bash -c '[[ $(wc -l <"$1") == 8 ]] && grep -q "the save did not complete" "$2"' _ "$tmp/ck-boots" "$tmp/ck.log"
d10=$(STUB_FAIL=1 ck_run corei7_haswell_4770 6.12.117 img2)
check "a save that fails gives no checkpoint (the run boots instead), and leaves none behind" bash -c '[[ -z $1 ]] && grep -q "the save failed: boot-timeout: stub" "$2" && [[ -z $(ls "$3" | grep -v "\.lock$" | while read -r d; do [[ -f $3/$d/key ]] || echo "$d"; done) ]]' _ "$d10" "$tmp/ck.log" "$tmp/ck-cache/checkpoints"
# A checkpoint whose files were damaged after the save (a full disk, a cache cleaner).
nboots() { wc -l <"$tmp/ck-boots"; }
d1=$(ck_run corei7_haswell_4770 6.12.117)
truncate -s 2 "$d1/state/memory.ram"
nb=$(nboots)
d12=$(ck_run corei7_haswell_4770 6.12.117)
check "a checkpoint with a truncated memory image is detected and rebuilt" bash -c '[[ $1 == "$2" && $(wc -l <"$3") == $5 ]] && grep -q "files changed since the save" "$4" && [[ $(cat "$1/state/memory.ram") == ram ]]' _ "$d12" "$d1" "$tmp/ck-boots" "$tmp/ck.log" $((nb + 1))
rm -f "$d1/state/hard_drive.0.drive0.image"
nb=$(nboots)
ck_run corei7_haswell_4770 6.12.117 >/dev/null
check "a checkpoint that lost one of its files is rebuilt" bash -c '[[ $(wc -l <"$1") == $3 && -f $2/state/hard_drive.0.drive0.image ]]' _ "$tmp/ck-boots" "$d1" $((nb + 1))
ck_run corei7_haswell_4770 6.12.117 >/dev/null
check "... and then used as it is" eq "$(nboots)" $((nb + 1))
checkpoint_drop "$d1"
ck_run corei7_haswell_4770 6.12.117 >/dev/null
check "a dropped checkpoint (its restore failed) is made again" bash -c '[[ $(wc -l <"$1") == $3 ]] && grep -q "no key file" "$2"' _ "$tmp/ck-boots" "$tmp/ck.log" $((nb + 2))
nb=$(nboots)
d13=$(NVMX_TIME0=946681200 ck_run corei7_haswell_4770 6.12.117)
check "another guest clock start: another checkpoint" bash -c '[[ $1 != "$2" && $(wc -l <"$3") == $4 ]]' _ "$d13" "$d1" "$tmp/ck-boots" $((nb + 1))
d14=$(NVMX_MEGS=1024 ck_run corei7_haswell_4770 6.12.117)
check "another memory size: another checkpoint" bash -c '[[ $1 != "$2" && $1 != "$3" && $(wc -l <"$4") == $5 ]]' _ "$d14" "$d1" "$d13" "$tmp/ck-boots" $((nb + 2))
d15=$(ck_run corei7_haswell_4770 6.12.117 img9)
check "another boot image (kernel, modules or /init): another checkpoint" bash -c '[[ $1 != "$2" && $(wc -l <"$3") == $4 ]]' _ "$d15" "$d1" "$tmp/ck-boots" $((nb + 3))
: >"$tmp/ck.log"
nb=$(nboots)
d16=$(NVMX_RESTORE=0 ck_run corei7_haswell_4770 6.12.117)
check "NVMX_RESTORE=0: no checkpoint, none made, said in the log" bash -c '[[ -z $1 && $(wc -l <"$2") == $4 ]] && grep -q "NVMX_RESTORE=0" "$3"' _ "$d16" "$tmp/ck-boots" "$tmp/ck.log" "$nb"
printf 'name=2.7\nversion=2.7+dfsg-4\nflavour=debian\n' >"$tmp/ckb/info"
d11=$(ck_run corei7_haswell_4770 6.12.117)
check "a Bochs without the checkpoint patch: no checkpoint, said in the log" bash -c '[[ -z $1 ]] && grep -q "cannot save a machine" "$2"' _ "$d11" "$tmp/ck.log"
printf 'name=3.0\nversion=3.0+dfsg-1\nflavour=lean\ncheckpoint=yes\n' >"$tmp/ckb/info"

# When a restore failed, the run drops the checkpoint and boots instead: which restores failed.
printf '@@NVMX-RESTORED checkpoint=abc release=6.12 uptime=5.00\n@@NVMX-SET default uptime=5.10\n' >"$tmp/rf-ok.log"
printf 'garbage from a machine that never woke up\n' >"$tmp/rf-none.log"
check "restore failed: the guest woke up, the run failed later (a test, a timeout): no" \
	eq "$(checkpoint_restore_failed "timeout: 600 s" "$tmp/rf-ok.log" && echo yes || echo no)" no
check "... it woke up and ended: no" eq "$(checkpoint_restore_failed ok "$tmp/rf-ok.log" && echo yes || echo no)" no
check "... it woke up as another checkpoint: yes" \
	eq "$(checkpoint_restore_failed "checkpoint-mismatch: the guest woke up as xyz" "$tmp/rf-ok.log" && echo yes || echo no)" yes
check "... it never said it woke up: yes" eq "$(checkpoint_restore_failed "stall: 300 s" "$tmp/rf-none.log" && echo yes || echo no)" yes
check "... Bochs left no serial log at all: yes" eq "$(checkpoint_restore_failed "bochs exited 1" "$tmp/rf-missing.log" && echo yes || echo no)" yes

# Restoring: the run's own paths, and its payload disk in place of the saved one.
echo payload >"$tmp/run-payload.img"
checkpoint_restore_dir "$d1" "$tmp/rs" /runs/r1/boot "$tmp/run-payload.img"
check "restore: the saved configuration names the run's files, not the saving run's" \
	bash -c '! grep -q "$1" "$2/config" && grep -q "dev=\"/runs/r1/boot/com2.log\"" "$2/config"' _ "$(cat "$d1/save_dir")" "$tmp/rs"
check "... and Bochs restores the run's payload disk" eq "$(cat "$tmp/rs/hard_drive.0.drive1.image")" payload
check "... the checkpoint itself untouched" bash -c '! grep -q /runs/r1 "$1/state/config" && [[ $(wc -c <"$1/state/hard_drive.0.drive1.image") != 8 ]]' _ "$d1"

# --- make emulator-bench CHECK=1: Bochs CPU seconds against the committed baseline ---
br=$tmp/bench-res
mkdir -p "$br/configs/6.12_corei7_haswell_4770" "$br/configs/7.3_arrow_lake" "$br/configs/5.10_core2_penryn_t9600"
echo /cache/checkpoints/x >"$br/configs/6.12_corei7_haswell_4770/restored_from"
{
	printf 'config\tkernel\tcpu\tpackages\trelease\tstatus\twall_s\tbochs_cpu_s\tbochs\n'
	printf '6.12/corei7_haswell_4770\t6.12\tcorei7_haswell_4770\tp\tr\tok\t20.00\t19.00\t3.0+dfsg-1 lean\n'
	printf '7.3/arrow_lake\t7.3\tarrow_lake\tp\tr\tok\t40.00\t36.50\t3.0+dfsg-1 lean\n'
	printf '5.10/core2_penryn_t9600\t5.10\tcore2_penryn_t9600\tp\tr\tok\t30.00\t25.00\t3.0+dfsg-1 lean\n'
} >"$br/configs.tsv"
"$EMU_DIR/lib/bench-check" --write "$br" >"$tmp/baseline.tsv"
check "bench-check --write: a baseline of the run, with how each configuration started" has "6.12/corei7_haswell_4770	19.00	3.0+dfsg-1 lean	restore" "$tmp/baseline.tsv"
check "... and booted ones" has "7.3/arrow_lake	36.50	3.0+dfsg-1 lean	boot" "$tmp/baseline.tsv"
check "the same run against its own baseline passes" "$EMU_DIR/lib/bench-check" "$tmp/baseline.tsv" "$br"
sed -i 's/\t19.00\t/\t15.00\t/; s/\t36.50\t/\t31.00\t/; /^5.10/d' "$tmp/baseline.tsv"
bc_out=$("$EMU_DIR/lib/bench-check" "$tmp/baseline.tsv" "$br") && bc_rc=0 || bc_rc=$?
check "a configuration more than 20% slower fails the check (exit 1)" eq "$bc_rc" 1
check "... named, with both figures" has "SLOWER 6.12/corei7_haswell_4770: 19.00 s Bochs CPU against 15.00 s, +27% (more than 20%)" <(echo "$bc_out")
check "... one 18% slower passes" has "ok     7.3/arrow_lake: 36.50 s Bochs CPU against 31.00 s, +18%" <(echo "$bc_out")
check "... one the baseline lacks is reported, not failed" has "new    5.10/core2_penryn_t9600: 25.00 s Bochs CPU, no baseline" <(echo "$bc_out")
check "... and the count is said" has "bench-check: 1 configuration(s) more than 20% slower than the baseline" <(echo "$bc_out")
sed -i 's/^\(6.12[^\t]*\t\)15.00\t\(.*\)\trestore$/\118.00\t\2\tboot/' "$tmp/baseline.tsv"
check "a baseline made by another way of starting says so" has "(baseline by boot, this run by restore)" <("$EMU_DIR/lib/bench-check" "$tmp/baseline.tsv" "$br")
sed -i 's/\tok\t40.00\t36.50\t/\tboot-timeout: 90 s\t90.00\t-\t/' "$br/configs.tsv"
check "a configuration that did not finish fails the check" has "SLOWER 7.3/arrow_lake: did not finish (boot-timeout: 90 s)" <("$EMU_DIR/lib/bench-check" "$tmp/baseline.tsv" "$br" || true)
check "the committed baseline: config, Bochs CPU seconds, Bochs, boot or restore on every line" \
	awk -F'\t' '/^#/ { next } NF != 4 || $2 !~ /^[0-9]+\.[0-9]+$/ || $4 !~ /^(boot|restore|save\+restore)$/ { bad = 1 } END { exit bad || NR < 2 }' "$EMU_DIR/bench-baseline.tsv"
# The recorded bench run the baseline was made of (fixtures/bench: its configs.tsv), as it was
# and with every configuration 25% slower.
check "the recorded bench run passes the committed baseline" "$EMU_DIR/lib/bench-check" "$EMU_DIR/bench-baseline.tsv" "$EMU_DIR/tests/fixtures/bench"
cp -r "$EMU_DIR/tests/fixtures/bench" "$tmp/bench-slow"
awk -F'\t' 'BEGIN { OFS = FS } NR > 1 { $8 = sprintf("%.2f", $8 * 1.25) } { print }' "$EMU_DIR/tests/fixtures/bench/configs.tsv" >"$tmp/bench-slow/configs.tsv"
check "... and fails it 25% slower, every configuration named" eq "$("$EMU_DIR/lib/bench-check" "$EMU_DIR/bench-baseline.tsv" "$tmp/bench-slow" | grep -c '^SLOWER')" \
	"$(($(wc -l <"$EMU_DIR/tests/fixtures/bench/configs.tsv") - 1))"
