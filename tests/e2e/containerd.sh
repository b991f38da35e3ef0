#!/usr/bin/env bash
# tests/e2e/containerd.sh [OCIRT]
#
# A private containerd (own config, root, state, socket) whose
# containerd-shim-runc-v2 runs the built ocirt instead of runc, driven by ctr,
# against a busybox OCI archive built here (no registry). Prints
# "ok/not ok N - name" lines and ends with exactly "N passed, M failed".
# The daemon, its shims, tasks, mounts, cgroups and the work dir are removed at exit.
set -u
export LC_ALL=C
cd "$(dirname "$0")/../.." || exit 2
E2E_LIB=$PWD/tests/e2e/lib.sh
OCIRT=$(readlink -f "${1:-out/bin/ocirt}")
[ "$(id -u)" = 0 ] || { echo "Bail out! run as root"; exit 2; }
[ -x "$OCIRT" ] || { echo "Bail out! no ocirt at $OCIRT (make build)"; exit 2; }
for b in containerd ctr containerd-shim-runc-v2 script; do
  command -v "$b" >/dev/null || { echo "Bail out! $b missing (apt-get install containerd)"; exit 2; }
done
BUSYBOX=$(command -v busybox) || { echo "Bail out! busybox missing"; exit 2; }

WORK=$(mktemp -d /tmp/ocirt-containerd.XXXXXX); chmod 755 "$WORK"
NS=ocirt-e2e-$(basename "$WORK" | tr -cd 'a-zA-Z0-9' | tail -c 6 | tr 'A-Z' 'a-z')
SOCK=$WORK/containerd.sock
IMG=localhost/ocirt-e2e-busybox:latest
STATE_ROOT=/run/containerd/runc/$NS    # the shim's --root for runc (here: ocirt)
mkdir -p "$WORK"/{root,state,bin,fifo,oci/blobs/sha256,host}
# ctr 1.6 drops --runc-binary on some paths: the daemon's PATH also has "runc" = ocirt
ln -s "$OCIRT" "$WORK/bin/runc"
R=(--runc-binary "$OCIRT" --fifo-dir "$WORK/fifo")
c() { timeout -k 5 60 ctr -a "$SOCK" -n "$NS" "$@"; }

cat > "$WORK/config.toml" <<EOF
version = 2
root = "$WORK/root"
state = "$WORK/state"
disabled_plugins = ["io.containerd.grpc.v1.cri", "io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs",
  "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.tracing.processor.v1.otlp"]
[grpc]
  address = "$SOCK"
[ttrpc]
  address = "$SOCK.ttrpc"
[metrics]
  address = ""
[plugins."io.containerd.runtime.v2.task"]
  platforms = ["linux/amd64"]
EOF

CD_PID=""
cleanup() {
  trap - EXIT
  if [ -n "$CD_PID" ]; then
    local id
    for id in $(c task ls -q 2>/dev/null); do c task kill -a -s SIGKILL "$id" >/dev/null 2>&1; done
    sleep 0.3
    for id in $(c task ls -q 2>/dev/null); do c task delete -f "$id" >/dev/null 2>&1; done
    for id in $(c container ls -q 2>/dev/null); do c container delete "$id" >/dev/null 2>&1; done
    c image rm "$IMG" >/dev/null 2>&1
    kill -TERM "$CD_PID" 2>/dev/null; wait "$CD_PID" 2>/dev/null
  fi
  # shims of this daemon only (matched by our socket path), by pid
  local p; for p in $(pgrep -f "containerd-shim-runc-v2 .*-address $SOCK " 2>/dev/null); do kill -KILL "$p" 2>/dev/null; done
  awk -v w="$WORK/" 'index($5, w) == 1 {print $5}' /proc/self/mountinfo | sort -r | xargs -r -n1 umount -l 2>/dev/null
  local d; for d in /sys/fs/cgroup/*/"$NS" /sys/fs/cgroup/"$NS"; do [ -d "$d" ] && rmdir "$d" 2>/dev/null; done
  rmdir "$STATE_ROOT" 2>/dev/null
  [ "${E2E_KEEP:-0}" = 1 ] && echo "# kept $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# conmon (and so the runtime) inherits the cwd, and conmon drops an "oom" file there on v1 OOM events
cd "$WORK" || exit 2

PATH="$WORK/bin:$PATH" containerd --config "$WORK/config.toml" > "$WORK/containerd.log" 2>&1 &
CD_PID=$!
for i in $(seq 100); do ctr -a "$SOCK" version >/dev/null 2>&1 && break; sleep 0.1; done
ctr -a "$SOCK" version >/dev/null 2>&1 || { echo "Bail out! containerd did not start"; tail -5 "$WORK/containerd.log"; exit 1; }

. "$E2E_LIB"
status() { c task ls 2>/dev/null | awk -v id="$1" '$1 == id {print $3}'; }
until_status() { local i; for i in $(seq 100); do [ "$(status "$1")" = "$2" ] && return 0; sleep 0.1; done; return 1; }
rmc() { local id; for id in "$@"; do c task kill -a -s SIGKILL "$id" >/dev/null 2>&1; c task delete -f "$id" >/dev/null 2>&1; c container delete "$id" >/dev/null 2>&1; done; true; }
exit_of_deleted() { c task delete "$1" 2>&1 | sed -n 's/.*exit code \([0-9]*\).*/\1/p'; }   # empty = 0

s_image() {
  local r=$WORK/rootfs o=$WORK/oci
  busybox_rootfs "$r"
  tar --numeric-owner --owner=0 --group=0 -C "$r" -cf "$o/layer" . || fail tar
  blob() { local d n; d=$(sha256sum "$1" | cut -d' ' -f1); n=$(stat -c %s "$1"); mv "$1" "$o/blobs/sha256/$d"; echo "$d $n"; }
  local ld ls cd cs md ms
  read -r ld ls < <(blob "$o/layer")
  printf '{"architecture":"amd64","os":"linux","config":{"Env":["PATH=/usr/sbin:/usr/bin:/sbin:/bin"],"Cmd":["/bin/sh"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' "$ld" > "$o/cfg"
  read -r cd cs < <(blob "$o/cfg")
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:%s","size":%s}]}' "$cd" "$cs" "$ld" "$ls" > "$o/man"
  read -r md ms < <(blob "$o/man")
  printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"io.containerd.image.name":"%s"},"platform":{"architecture":"amd64","os":"linux"}}]}' "$md" "$ms" "$IMG" > "$o/index.json"
  echo '{"imageLayoutVersion":"1.0.0"}' > "$o/oci-layout"
  tar -C "$o" -cf "$WORK/image.tar" oci-layout index.json blobs && c image import "$WORK/image.tar" >/dev/null || fail "ctr image import"
}
t "setup: import a busybox OCI archive" s_image
c image ls -q | grep -qx "$IMG" || { echo "Bail out! no image"; echo "$PASS passed, $((FAIL+1)) failed"; exit 1; }

s_run() {
  local o; o=$(c run --rm "${R[@]}" "$IMG" r1 sh -c 'echo out; echo err >&2' 2>"$WORK/err") || fail "rc=$?"
  eq stdout "$o" out; eq stderr "$(cat "$WORK/err")" err
  c run --rm "${R[@]}" "$IMG" r2 sh -c 'exit 3'; eq "exit code" $? 3
  c run --rm "${R[@]}" "$IMG" r3 /no/such/cmd 2>"$WORK/err" && fail "missing command succeeded"
  has "create error reaches ctr" "$(cat "$WORK/err")" '[Nn]o such file or directory'
  rmc r3
}
t "run: stdout/stderr, exit code, missing command" s_run

s_task() {
  trap 'rmc d1' EXIT
  c run -d "${R[@]}" "$IMG" d1 sh -c 'trap "exit 0" TERM; while :; do sleep 0.1; done' >/dev/null || fail "run -d rc=$?"
  until_status d1 RUNNING || { rmc d1; fail "not RUNNING"; }
  has "ocirt owns the container" "$("$OCIRT" --root "$STATE_ROOT" state d1)" '"status": *"running"'
  eq "exec" "$(c task exec --fifo-dir "$WORK/fifo" --exec-id e1 d1 echo in)" in
  c task exec --fifo-dir "$WORK/fifo" --exec-id e2 d1 sh -c 'exit 4'; eq "exec exit code" $? 4
  c task exec --fifo-dir "$WORK/fifo" -d --exec-id e3 d1 sleep 300 || fail "exec -d rc=$?"
  sleep 0.3
  has "task ps shows the exec" "$(c task ps d1)" 'ExecID:e3'
  local i; for i in $(seq 10); do c task exec --fifo-dir "$WORK/fifo" -d --exec-id s$i d1 sleep 300 || fail "exec -d s$i"; done
  sleep 0.3   # the shim tags ps pids (the container's cgroup) with the exec ids of their pid files
  eq "exec'd processes in ps with their exec id" "$(c task ps d1 | grep -c 'ExecID:s')" 10
  c task pause d1 && eq paused "$(status d1)" PAUSED
  c task resume d1 && eq resumed "$(status d1)" RUNNING
  c task kill d1 && until_status d1 STOPPED || fail "not STOPPED after SIGTERM"
  eq "exit after trapped TERM" "$(exit_of_deleted d1)" ""
  c container delete d1 || fail "container delete rc=$?"
  "$OCIRT" --root "$STATE_ROOT" state d1 >/dev/null 2>&1 && fail "ocirt state left"
  true
}
t "run -d, exec, ps, pause/resume, kill, delete" s_task

s_killall() {
  trap 'rmc k1' EXIT
  c run -d "${R[@]}" "$IMG" k1 sleep 1000 >/dev/null && until_status k1 RUNNING || { rmc k1; fail "not RUNNING"; }
  c task exec --fifo-dir "$WORK/fifo" -d --exec-id x k1 sleep 1000 || { rmc k1; fail "exec -d"; }
  c task kill -a -s SIGKILL k1 && until_status k1 STOPPED || { rmc k1; fail "not STOPPED"; }
  local rc; rc=$(exit_of_deleted k1); rmc k1
  eq "exit status" "$rc" 137
}
t "kill --all SIGKILL -> 137" s_killall

s_oom() {
  c run --rm "${R[@]}" --memory-limit 33554432 "$IMG" o1 sh -c 'tail /dev/zero'; local rc=$?; rmc o1
  eq "OOM exit" $rc 137
}
t "--memory-limit 32MiB: OOM kill -> 137" s_oom

s_leftovers() {
  eq "tasks" "$(c task ls -q | wc -l)" 0
  eq "containers" "$(c container ls -q | wc -l)" 0
  [ -z "$(ls "$STATE_ROOT" 2>/dev/null)" ] || fail "ocirt state left: $(ls "$STATE_ROOT")"
  find /sys/fs/cgroup -maxdepth 3 -type d -path "*/$NS/*" 2>/dev/null | grep -q . && fail "cgroups left"
  true
}
t "nothing left (tasks, containers, ocirt state, cgroups)" s_leftovers

e2e_summary
