#!/bin/bash
# The v2 lane's checks: real busybox containers run by ocirt on a cgroup-v2-only host, each
# verb exercised and each limit shown to be enforced by the kernel, not only written.
# Run by guest.sh in the QEMU guest; runs as is on any pure cgroup v2 host, as root, from a
# cgroup whose parent the containers' cgroups go into (the root, or a delegated one).
# Usage: [LANE=systemd] checks.sh OCIRT_BINARY. Prints one line per check, then
# "v2lane: N passed, M failed" ("systemd: …", with systemd-checks.sh's checks, under systemd).
set -uo pipefail
ocirt_bin=$1
lane=${LANE:-v2lane}
cg=/sys/fs/cgroup
root=/run/ocirt-v2lane
work=$(mktemp -d /tmp/v2lane.XXXXXX)
passed=0 failed=0

pass() { passed=$((passed + 1)); echo "PASS $1: $2 [${SECONDS}s]"; }
fail() { failed=$((failed + 1)); echo "FAIL $1: $2 [${SECONDS}s]"; }
# check NAME DETAIL CONDITION...: pass or fail on the condition's status, naming what was seen.
check() { local name=$1 detail=$2; shift 2; if "$@"; then pass "$name" "$detail"; else fail "$name" "$detail"; fi; }
ocirt() { "$ocirt_bin" --root "$root" "$@"; }
status() { ocirt state "$1" 2>/dev/null | sed -n 's/.*"status": *"\([a-z]*\)".*/\1/p'; }
# wait_for SECONDS COMMAND...: polls until the command succeeds.
wait_for() {
    local deadline=$(($(date +%s) + $1)); shift
    until "$@"; do [ "$(date +%s)" -lt "$deadline" ] || return 1; sleep 0.2; done
}
is_status() { [ "$(status "$1")" = "$2" ]; }
value() { sed -n "s/^$2 //p" "$cg/$1/$3"; } # value ID KEY FILE: one key of a flat-keyed file
finish() {
    local id
    for id in life oom pids cpu dev; do ocirt delete --force "$id" >/dev/null 2>&1; done
    rm -rf "$work"
    echo "$lane: $passed passed, $failed failed"
}
trap finish EXIT

# One busybox rootfs, read-only, for every container; writable /tmp, and /out bound to a
# directory of this host so the checks can see what a container wrote.
rootfs=$work/rootfs
mkdir -p "$rootfs/bin" "$rootfs/proc" "$rootfs/dev" "$rootfs/tmp" "$rootfs/out"
cp /bin/busybox "$rootfs/bin/"
for applet in $(busybox --list); do [ "$applet" = busybox ] || ln -s busybox "$rootfs/bin/$applet"; done

# bundle ID SCRIPT RESOURCES [LINUX_DEVICES [CAPABILITIES]]: config.json for `sh -c SCRIPT`.
bundle() {
    local id=$1 script=$2 resources=$3 devices=${4:-[]} caps=${5:-'"CAP_KILL"'}
    mkdir -p "$work/$id/out"
    script=${script//\\/\\\\}
    cat >"$work/$id/config.json" <<EOF
{"ociVersion": "1.2.0",
 "process": {"terminal": false, "user": {"uid": 0, "gid": 0}, "args": ["sh", "-c", "${script//\"/\\\"}"],
   "env": ["PATH=/bin"], "cwd": "/",
   "capabilities": {"bounding": [$caps], "effective": [$caps], "permitted": [$caps]}},
 "root": {"path": "$rootfs", "readonly": true},
 "hostname": "$id",
 "mounts": [
   {"destination": "/proc", "type": "proc", "source": "proc"},
   {"destination": "/dev", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "mode=755"]},
   {"destination": "/tmp", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "nodev", "mode=1777"]},
   {"destination": "/out", "type": "bind", "source": "$work/$id/out", "options": ["rbind"]}],
 "linux": {"resources": $resources, "devices": $devices,
   "namespaces": [{"type": "pid"}, {"type": "ipc"}, {"type": "uts"}, {"type": "mount"}]}}
EOF
}
deny_all='"devices": [{"allow": false, "access": "rwm"}]'

# --- lifecycle, exec, pause/resume, update, events --stats, kill, delete -------------------
bundle life 'i=0; while :; do i=$((i + 1)); echo $i >/out/count; usleep 100000; done' "{$deny_all}"
# The container keeps the stdio it is created with: files, never a pipe the checks wait on.
ocirt create --bundle "$work/life" life </dev/null >/dev/null 2>"$work/life/create.err"
check create "exit $?$(sed 's/^/: /' "$work/life/create.err"); status $(status life); cgroup $cg/life" \
    eval '[ "$(status life)" = created ] && [ -d $cg/life ]'
ocirt start life
pid=$(ocirt state life | sed -n 's/.*"pid": *\([0-9]*\).*/\1/p')
check start "status $(status life), pid $pid in $cg/life/cgroup.procs: $(tr '\n' ' ' <"$cg/life/cgroup.procs")" \
    eval '[ "$(status life)" = running ] && grep -qx "$pid" $cg/life/cgroup.procs'
out=$(ocirt exec life sh -c 'echo exec-ok; cat /proc/self/cgroup' 2>&1)
check exec "$(echo "$out" | tr '\n' ' ')" eval '[ "$out" = "exec-ok
0::/life" ]'

wait_for 20 test -s "$work/life/out/count"
ocirt pause life
before=$(cat "$work/life/out/count"); sleep 1.5; after=$(cat "$work/life/out/count")
check pause "status $(status life), cgroup.freeze $(cat $cg/life/cgroup.freeze), $(value life frozen cgroup.events | sed 's/^/frozen /'), count $before -> $after in 1.5 s" \
    eval '[ "$(status life)" = paused ] && [ "$before" = "$after" ] && [ "$(value life frozen cgroup.events)" = 1 ]'
ocirt resume life
sleep 1.5; resumed=$(cat "$work/life/out/count")
check resume "status $(status life), count $after -> $resumed in 1.5 s" \
    eval '[ "$(status life)" = running ] && [ "$resumed" -gt "$after" ]'

old_max=$(cat $cg/life/memory.max)
ocirt update --memory 67108864 --pids-limit 50 life
check update "memory.max $old_max -> $(cat $cg/life/memory.max), pids.max $(cat $cg/life/pids.max)" \
    eval '[ "$(cat $cg/life/memory.max)" = 67108864 ] && [ "$(cat $cg/life/pids.max)" = 50 ]'
stats=$(ocirt events --stats life 2>&1)
# runc's shape: the first "limit" in "memory" is memory.usage.limit.
memory_limit=$(echo "$stats" | grep -o '"memory":.*' | grep -o '"limit": *[0-9]*' | head -n 1 | grep -o '[0-9]*$')
pids_current=$(echo "$stats" | grep -o '"pids": *{"current": *[0-9]*' | grep -o '[0-9]*$')
check "events --stats" "type stats, memory limit ${memory_limit:-?}, pids current ${pids_current:-?}" \
    eval 'echo "$stats" | grep -q "\"type\": *\"stats\"" && [ "${memory_limit:-}" = 67108864 ] && [ "${pids_current:-0}" -ge 1 ]'

ocirt kill life KILL
wait_for 20 is_status life stopped
stopped=$(status life)
ocirt delete life
check "kill, delete" "status after kill $stopped; after delete: state $(ocirt state life >/dev/null 2>&1 && echo kept || echo gone), cgroup $([ -d $cg/life ] && echo kept || echo gone)" \
    eval '[ "$stopped" = stopped ] && [ ! -d $cg/life ]'

# --- memory.max: a hog in a 32 MiB container is OOM-killed, and events reports it -----------
bundle oom 'sleep 2; tail /dev/zero; echo $? >/out/status; sleep 60' \
    "{\"memory\": {\"limit\": 33554432, \"swap\": 33554432}, $deny_all}"
ocirt create --bundle "$work/oom" oom </dev/null >/dev/null 2>&1
ocirt events oom >"$work/oom/events" 2>&1 &
events_pid=$!
ocirt start oom
wait_for 90 test -s "$work/oom/out/status"
sleep 1 # events polls; let it see the kill
kill "$events_pid" 2>/dev/null; wait "$events_pid" 2>/dev/null
check "memory.max OOM" "memory.max $(cat $cg/oom/memory.max), hog exit $(cat "$work/oom/out/status" 2>/dev/null), memory.events oom_kill $(value oom oom_kill memory.events), events: $(grep -o '"type": *"oom"' "$work/oom/events" | head -n 1)" \
    eval '[ "$(cat "$work/oom/out/status")" = 137 ] && [ "$(value oom oom_kill memory.events)" -ge 1 ] && grep -q "\"type\": *\"oom\"" "$work/oom/events"'
ocirt delete --force oom

# --- pids.max stops a fork loop: the shell counts the children it started until a fork ------
# --- fails (which ends it, and the container): 15 sleeps and the shell make 16 --------------
bundle pids 'while :; do sleep 60 & echo $((i += 1)) >/out/forks; done' "{\"pids\": {\"limit\": 16}, $deny_all}"
ocirt create --bundle "$work/pids" pids </dev/null >/dev/null 2>&1
ocirt start pids
wait_for 90 is_status pids stopped
check pids.max "pids.max $(cat $cg/pids/pids.max), children forked $(cat "$work/pids/out/forks"), pids.events max $(value pids max pids.events)" \
    eval '[ "$(cat "$work/pids/out/forks")" = 15 ] && [ "$(value pids max pids.events)" -ge 1 ]'
ocirt delete --force pids

# --- cpu.max: a busy loop at 10 % of a CPU is throttled --------------------------------------
bundle cpu 'while :; do :; done' "{\"cpu\": {\"quota\": 10000, \"period\": 100000}, $deny_all}"
ocirt run -d --bundle "$work/cpu" cpu </dev/null >/dev/null 2>&1
sleep 2
check cpu.max "cpu.max $(cat $cg/cpu/cpu.max), cpu.stat nr_periods $(value cpu nr_periods cpu.stat), nr_throttled $(value cpu nr_throttled cpu.stat), throttled_usec $(value cpu throttled_usec cpu.stat)" \
    eval '[ "$(value cpu nr_throttled cpu.stat)" -ge 1 ] && [ "$(value cpu throttled_usec cpu.stat)" -gt 0 ]'
ocirt delete --force cpu

# --- devices: only runc's defaults; /dev/zero is in linux.devices but not allowed, and a ---
# --- block device made with mknod (allowed: "b *:* m") cannot be opened ---------------------
bundle dev 'head -c 1 /dev/null && echo null-ok; head -c 1 /dev/zero; mknod /dev/sdx b 8 0 && echo mknod-ok && head -c 1 /dev/sdx' \
    "{$deny_all}" '[{"path": "/dev/zero", "type": "c", "major": 1, "minor": 5, "fileMode": 438}]' '"CAP_KILL", "CAP_MKNOD"'
out=$(ocirt run --bundle "$work/dev" dev 2>&1 </dev/null)
check devices "$(echo "$out" | tr '\n' ' ')" \
    eval 'echo "$out" | grep -q null-ok && echo "$out" | grep -q "/dev/zero: Operation not permitted" && echo "$out" | grep -q mknod-ok && echo "$out" | grep -q "/dev/sdx: Operation not permitted"'

# --- rootless with a delegated cgroup: uid 4242 owns $cg/deleg, as systemd delegates a user's --
# --- subtree; ocirt run by that user makes the container's cgroup there and the kernel enforces it
deleg=$cg/deleg rl=$work/rootless
mkdir -p "$deleg/caller" "$rl/xdg" "$rl/bundle/rootfs"
chmod 755 "$work" # mktemp's 0700: the user must reach its bundle
chown 4242:4242 "$deleg" "$deleg/cgroup.procs" "$deleg/cgroup.subtree_control" "$deleg/cgroup.threads" "$deleg/caller" "$deleg/caller/cgroup.procs"
cp -a "$rootfs/." "$rl/bundle/rootfs/" && mkdir -p "$rl/bundle/rootfs/sys" && chown -R 4242:4242 "$rl" && chmod 700 "$rl/xdg"
# as_user ARGS...: ocirt as uid 4242 from a process in the user's own cgroup (moving a process
# needs write access to the common ancestor's cgroup.procs: the delegated one)
as_user() { ( echo "$BASHPID" >"$deleg/caller/cgroup.procs" && cd "$rl/bundle" &&
    setpriv --reuid=4242 --regid=4242 --clear-groups env -i PATH=/usr/bin:/bin USER=rl XDG_RUNTIME_DIR="$rl/xdg" "$ocirt_bin" "$@" ); }
as_user spec --rootless
sed -i -e 's/"terminal": true/"terminal": false/' -e 's/"sh"/"sleep", "100"/' \
    -e 's|"linux": {|"linux": {"cgroupsPath": "/deleg/ctr", "resources": {"pids": {"limit": 8}},|' "$rl/bundle/config.json"
as_user run -d rl </dev/null >/dev/null 2>"$rl/run.err"
rl_pid=$(as_user state rl 2>/dev/null | sed -n 's/.*"pid": *\([0-9]*\).*/\1/p')
forks=$(as_user exec rl sh -c 'for i in 1 2 3 4 5 6 7 8 9 10 11 12; do sleep 30 </dev/null >/dev/null 2>&1 & done 2>&1 | grep -c "fork"' 2>/dev/null)
check "rootless, delegated cgroup" "$(sed 's/^/run: /' "$rl/run.err" | head -n 2 | tr '\n' ' ')state in $(ls "$rl/xdg/ocirt" 2>/dev/null), init $rl_pid in /deleg/ctr: $(cat "$deleg/ctr/cgroup.procs" 2>/dev/null | tr '\n' ' '), pids.max $(cat "$deleg/ctr/pids.max" 2>/dev/null), forks refused ${forks:-?}, pids.events max $(value deleg/ctr max pids.events 2>/dev/null)" \
    eval '[ -n "$rl_pid" ] && grep -qx "$rl_pid" "$deleg/ctr/cgroup.procs" && [ "$(cat "$deleg/ctr/pids.max")" = 8 ] && [ "$(value deleg/ctr max pids.events)" -ge 1 ] && [ -d "$rl/xdg/ocirt/rl" ]'
as_user delete --force rl >/dev/null 2>&1
check "rootless delete" "cgroup $([ -d "$deleg/ctr" ] && echo kept || echo gone), state $(ls -A "$rl/xdg/ocirt" 2>/dev/null | tr '\n' ' ')" \
    eval '[ -n "$rl_pid" ] && [ ! -d "$deleg/ctr" ] && [ -z "$(ls -A "$rl/xdg/ocirt")" ]'
rmdir "$deleg/caller" "$deleg"

[ "$lane" != systemd ] || . "$(dirname "$0")/systemd-checks.sh"

# --- nothing left behind -------------------------------------------------------------------
# systemd's own cgroups (slices, services, scopes) come and go with its units.
left=$(find $cg -mindepth 1 -type d | grep -vE '\.(slice|service|scope|mount|socket|swap)(/|$)' | tr '\n' ' ')
check "nothing left" "cgroups: ${left:-none}; state dirs: $(ls -A $root 2>/dev/null | tr '\n' ' ')" \
    eval '[ -z "$left" ] && [ -z "$(ls -A $root 2>/dev/null)" ]'

[ "$failed" -eq 0 ]
