#!/usr/bin/env bash
# tests/e2e/podman-rootless.sh [RUNTIME]
#
# Rootless podman, as most podman users run it: an ordinary user made here (with the
# subuid/subgid range useradd gives it), `podman --runtime RUNTIME` run as that user with its
# own XDG_RUNTIME_DIR, storage and config in one mktemp dir. podman runs the runtime inside
# its user namespace, as uid 0 there, with no write access to the cgroup hierarchies.
# RUNTIME defaults to the built ocirt; runc and crun run the same scenarios for comparison.
# Prints "ok/not ok N - name" lines and ends with exactly "N passed, M failed".
# Env: E2E_ONLY=regex, E2E_KEEP=1 (keep the work dir).
set -u
export LC_ALL=C
cd "$(dirname "$0")/../.." || exit 2
E2E_LIB=$PWD/tests/e2e/lib.sh
RUNTIME=$(command -v "${1:-out/bin/ocirt}" || readlink -f "${1:-out/bin/ocirt}")
RUNTIME=$(readlink -f "$RUNTIME")
[ "$(id -u)" = 0 ] || { echo "Bail out! run as root (it makes the user it runs podman as)"; exit 2; }
[ -x "$RUNTIME" ] || { echo "Bail out! no runtime at $RUNTIME (make build)"; exit 2; }
for b in podman conmon newuidmap newgidmap runuser script; do
  command -v "$b" >/dev/null || { echo "Bail out! $b missing (scripts/install-deps.sh installs podman conmon uidmap)"; exit 2; }
done
BUSYBOX=$(command -v busybox) || { echo "Bail out! busybox missing"; exit 2; }

WORK=$(mktemp -d /tmp/ocirt-podman-rl.XXXXXX); chmod 755 "$WORK"
TAG=$(basename "$WORK" | tr -cd 'a-zA-Z0-9' | tail -c 6 | tr 'A-Z' 'a-z')
RUSER=ocirt-rl-$TAG
IMG=localhost/ocirt-e2e-busybox:latest
useradd -M -d "$WORK/home" -s /bin/sh "$RUSER" || { echo "Bail out! useradd $RUSER failed"; exit 2; }
RUID=$(id -u "$RUSER") RGID=$(id -g "$RUSER")
# useradd gives a range by login.defs' SUB_UID_*; say so if this host's does not
grep -q "^$RUSER:" /etc/subuid || usermod --add-subuids 1100000000-1100065535 --add-subgids 1100000000-1100065535 "$RUSER"
SUBUID=$(awk -F: -v u="$RUSER" '$1 == u {print $2; exit}' /etc/subuid)
mkdir -p "$WORK"/{home,xdg,bin,tmp,vol}
chmod 700 "$WORK/xdg"; chown "$RUSER:" "$WORK"/{home,xdg,tmp,vol}
# podman keys runtime_supports_json (--log/--log-format=json) on the runtime's basename
ln -s "$RUNTIME" "$WORK/bin/$(basename "$RUNTIME")"
cat > "$WORK/containers.conf" <<EOF
[containers]
log_driver = "k8s-file"
[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$WORK/home/events.log"
tmp_dir = "$WORK/tmp"
runtime_supports_json = ["ocirt", "runc", "crun"]
EOF
# where runc, crun and ocirt keep state for such a user: named after the runtime, not its file
STATE=$WORK/xdg/$("$RUNTIME" --version | head -1 | cut -d' ' -f1)
as_user() { (cd "$WORK/home" && timeout -k 5 90 runuser -u "$RUSER" -- env -i PATH="$PATH" HOME="$WORK/home" USER="$RUSER" LOGNAME="$RUSER" \
  XDG_RUNTIME_DIR="$WORK/xdg" CONTAINERS_CONF="$WORK/containers.conf" "$@"); }
pm() { as_user podman --root "$WORK/home/storage" --runroot "$WORK/xdg/runroot" --storage-driver vfs \
  --runtime "$WORK/bin/$(basename "$RUNTIME")" --cgroup-manager cgroupfs --events-backend file "$@"; }

cleanup() {
  trap - EXIT
  pm rm -af -t 0 >/dev/null 2>&1
  # podman's pause process holds its user namespace: every process of the user goes
  pkill -KILL -u "$RUID" 2>/dev/null; sleep 0.2
  userdel "$RUSER" 2>/dev/null
  [ "${E2E_KEEP:-0}" = 1 ] && echo "# kept $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

. "$E2E_LIB"
e2e_between() { pm rm -af -t 0 >/dev/null 2>&1; }
st() { pm inspect -f '{{.State.Status}}' "$1" 2>/dev/null; }

s_image() {
  busybox_rootfs "$WORK/rootfs" data
  tar --numeric-owner -C "$WORK/rootfs" -cf "$WORK/rootfs.tar" . && chown "$RUSER:" "$WORK/rootfs.tar" &&
  pm import -q --change 'CMD ["/bin/sh"]' --change 'ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin' "$WORK/rootfs.tar" "$IMG" >/dev/null ||
    fail "podman import failed"
}
t "setup: import a busybox image as $RUSER" s_image
pm image exists "$IMG" || { echo "Bail out! no image"; echo "$PASS passed, $((FAIL+1)) failed"; exit 1; }

s_run() {
  local o rc
  o=$(pm run --rm "$IMG" sh -c 'echo out; echo err >&2; id -u; head -1 /proc/self/uid_map; exit 3' 2>"$WORK/run.err"); rc=$?
  eq "exit status" "$rc" 3
  eq "stdout: uid 0 inside, the user's uid on the host" "$(echo $o)" "out 0 0 $RUID 1"
  has "stderr" "$(cat "$WORK/run.err")" "^err"
}
t "run: output, exit status, uid 0 mapped to the user" s_run

s_exit_codes() {
  local o rc
  o=$(pm run --rm "$IMG" /nonexistent 2>&1); rc=$?
  eq "missing command" "$rc" 127; has "reason" "$o" "nonexistent"
  o=$(pm run --rm "$IMG" /etc/passwd 2>&1); rc=$?
  eq "not executable" "$rc" 126
}
t "a missing command gives 127, a file that cannot run 126" s_exit_codes

s_exec() {
  pm run -d --name ex "$IMG" sleep 100 >/dev/null || fail "run -d"
  eq "state" "$(st ex)" running
  eq "exec as root" "$(pm exec ex id -u)" 0
  eq "exec as 1000" "$(pm exec -u 1000:1000 ex sh -c 'echo $(id -u):$(id -g)')" 1000:1000
  eq "exec -w -e" "$(pm exec -w /tmp -e X=y ex sh -c 'echo $PWD $X')" "/tmp y"
  local pid; pid=$(pm inspect -f '{{.State.Pid}}' ex)
  eq "the init's owner on the host" "$(awk '/^Uid:/ {print $2}' "/proc/$pid/status")" "$RUID"
  [ -d "$STATE/$(pm inspect -f '{{.Id}}' ex)" ] || fail "no state under $STATE: $(ls -A "$WORK/xdg")"
}
t "exec into a running container (root, uid 1000, -w -e); state under XDG_RUNTIME_DIR" s_exec

s_tty() {
  local o
  o=$(cd "$WORK/tmp" && script -qec "runuser -u $RUSER -- env -i PATH=$PATH HOME=$WORK/home USER=$RUSER XDG_RUNTIME_DIR=$WORK/xdg CONTAINERS_CONF=$WORK/containers.conf \
    podman --root $WORK/home/storage --runroot $WORK/xdg/runroot --storage-driver vfs --runtime $WORK/bin/$(basename "$RUNTIME") \
    --cgroup-manager cgroupfs --events-backend file run --rm -t $IMG sh -c 'tty; stty size'" /dev/null < /dev/null | tr -d '\r')
  has "a terminal" "$o" "^/dev/pts/[0-9]+"
}
t "-t: the process has a terminal" s_tty

s_stop() {
  pm run -d --name sp "$IMG" sleep 100 >/dev/null || fail "run -d"
  pm stop -t 1 sp >/dev/null || fail "stop"
  eq "state" "$(st sp)" exited
  eq "exit code (sleep ignores SIGTERM as pid 1, then SIGKILL)" "$(pm inspect -f '{{.State.ExitCode}}' sp)" 137
  pm start sp >/dev/null || fail "start again"
  eq "restarted" "$(st sp)" running
  pm stop -t 1 sp >/dev/null
}
t "stop (137 after the timeout), start again" s_stop

s_volume() {
  local o
  o=$(pm run --rm -v "$WORK/vol:/data" "$IMG" sh -c 'echo hi > /data/by-root; touch /data/by-1000; chown 1000:1000 /data/by-1000; cat /data/by-root')
  eq "written and read back" "$o" hi
  eq "root's file is the user's on the host" "$(stat -c %u "$WORK/vol/by-root")" "$RUID"
  eq "uid 1000's file is a subuid on the host" "$(stat -c %u "$WORK/vol/by-1000")" "$((SUBUID + 999))"
  o=$(pm run --rm -v "$WORK/vol:/data:ro" "$IMG" sh -c '(echo x > /data/ro) 2>&1; echo $?')
  has "read-only" "$o" "Read-only file system"
}
t "a bind volume: ownership on the host, :ro" s_volume

s_rm() {
  pm run --rm --name gone "$IMG" true || fail "run --rm"
  eq "containers left" "$(pm ps -aq | wc -l)" 0
  [ -z "$(ls -A "$STATE" 2>/dev/null)" ] || fail "runtime state left: $(ls "$STATE")"
  pgrep -u "$RUID" -f "$WORK/bin" >/dev/null && fail "a runtime process left"
  true
}
t "--rm leaves no container, no runtime state, no process" s_rm

e2e_summary
