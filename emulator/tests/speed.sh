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
