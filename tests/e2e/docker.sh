#!/usr/bin/env bash
# tests/e2e/docker.sh [RUNTIME]
#
# A private dockerd (its own data root, exec root, socket, pid file and config, with the
# containerd it starts itself) whose only runtime is RUNTIME (default: the built ocirt),
# registered as runc's alternates are (`runtimes` in daemon.json, which reaches the
# containerd runc shim as BinaryName). A busybox image is made with `docker import` of a
# static-busybox rootfs (no registry). Networking uses a private bridge made here, with
# iptables, masquerading and forwarding left alone: addresses and routes only, no packet
# leaves a container. Prints "ok/not ok N - name" lines and ends with exactly
# "N passed, M failed"; exit status 0 iff M == 0.
# Env: E2E_ONLY=regex (run matching scenarios), E2E_KEEP=1 (keep the work dir).
set -u
export LC_ALL=C
cd "$(dirname "$0")/../.." || exit 2
E2E_LIB=$PWD/tests/e2e/lib.sh
RT=$(readlink -f "${1:-out/bin/ocirt}")
[ "$(id -u)" = 0 ] || { echo "Bail out! run as root"; exit 2; }
[ -x "$RT" ] || { echo "Bail out! no runtime at $RT (make build)"; exit 2; }
# Debian's docker.io puts its client in /usr/bin; another docker on PATH may be a newer client
# that speaks BuildKit or a newer API first.
DOCKER=/usr/bin/docker
for b in /usr/sbin/dockerd $DOCKER containerd containerd-shim-runc-v2 /usr/bin/docker-init script; do
  command -v "$b" >/dev/null || { echo "Bail out! $b missing (scripts/install-deps.sh installs docker.io)"; exit 2; }
done
BUSYBOX=$(command -v busybox) || { echo "Bail out! busybox missing"; exit 2; }
ldd "$BUSYBOX" >/dev/null 2>&1 && { echo "Bail out! $BUSYBOX is dynamic: install busybox-static"; exit 2; }

WORK=$(mktemp -d /tmp/ocirt-docker.XXXXXX); chmod 755 "$WORK"
TAG=$(basename "$WORK" | tr -cd 'a-zA-Z0-9' | tail -c 6 | tr 'A-Z' 'a-z')
IMG=ocirt-e2e-busybox:latest
BR=de2e$TAG CGP=/ocirt-docker-$TAG SOCK=$WORK/docker.sock
mkdir -p "$WORK"/{data,exec,host,cfg}

HN=$(ulimit -Hn); [ "$HN" = unlimited ] && HN=1048576; [ "$HN" -gt 1048576 ] && HN=1048576
for i in $(seq 40); do SN=$(( RANDOM % 200 + 30 )); ip -4 route | grep -q "^10\.91\.$SN\." || break; done
ip link add "$BR" type bridge && ip addr add "10.91.$SN.1/24" dev "$BR" && ip link set "$BR" up ||
  { echo "Bail out! cannot make bridge $BR"; exit 2; }
cat > "$WORK/daemon.json" <<EOF
{
  "runtimes": {"e2e": {"path": "$RT"}},
  "default-runtime": "e2e",
  "deprecated-key-path": "$WORK/key.json",
  "bridge": "$BR",
  "iptables": false, "ip-masq": false, "ip-forward": false, "userland-proxy": false,
  "cgroup-parent": "$CGP",
  "exec-opts": ["native.cgroupdriver=cgroupfs"],
  "storage-driver": "overlay2",
  "log-driver": "json-file",
  "default-ulimits": {"nofile": {"Name": "nofile", "Soft": $HN, "Hard": $HN}}
}
EOF
dk() { timeout -k 5 90 "$DOCKER" -H "unix://$SOCK" "$@"; }
export DOCKER_CONFIG=$WORK/cfg

DD_PID=""
cleanup() {
  trap - EXIT
  if [ -n "$DD_PID" ]; then
    dk rm -f $(dk ps -aq 2>/dev/null) >/dev/null 2>&1
    dk rmi -f "$IMG" >/dev/null 2>&1
    kill -TERM "$DD_PID" 2>/dev/null
    local i; for i in $(seq 100); do kill -0 "$DD_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$DD_PID" 2>/dev/null
  fi
  # this daemon's containerd and shims only, matched by our work dir
  local p; for p in $(pgrep -f "$WORK/" 2>/dev/null); do kill -KILL "$p" 2>/dev/null; done
  awk -v w="$WORK/" 'index($5, w) == 1 {print $5}' /proc/self/mountinfo | sort -r | xargs -r -n1 umount -l 2>/dev/null
  ip link del "$BR" >/dev/null 2>&1
  find /sys/fs/cgroup -depth -type d -path "*$CGP*" -exec rmdir {} \; 2>/dev/null
  [ "${E2E_KEEP:-0}" = 1 ] && echo "# kept $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

/usr/sbin/dockerd --config-file "$WORK/daemon.json" --data-root "$WORK/data" --exec-root "$WORK/exec" \
  --pidfile "$WORK/docker.pid" -H "unix://$SOCK" > "$WORK/dockerd.log" 2>&1 &
DD_PID=$!
for i in $(seq 150); do dk version >/dev/null 2>&1 && break; sleep 0.2; done
dk version >/dev/null 2>&1 || { echo "Bail out! dockerd did not start: $(tail -3 "$WORK/dockerd.log" | tr '\n' '|')"; exit 2; }

. "$E2E_LIB"
e2e_between() { local left; left=$(dk ps -aq 2>/dev/null); [ -z "$left" ] || dk rm -f $left >/dev/null 2>&1; }
st() { dk inspect -f '{{.State.Status}}' "$1" 2>/dev/null; }
until_st() { local i; for i in $(seq 50); do [ "$(st "$1")" = "$2" ] && return 0; sleep 0.1; done; return 1; }
cgfile() { # cgfile CONTAINER CONTROLLER FILE(v1) FILE(v2): a cgroup file of a running container
  local pid; pid=$(dk inspect -f '{{.State.Pid}}' "$1")
  local p; p=$(awk -F: -v c="$2" '$2 ~ "(^|,)"c"(,|$)" {print $3}' /proc/$pid/cgroup)
  if [ -n "$p" ]; then cat "/sys/fs/cgroup/$2$p/$3"; else p=$(awk -F: '$1 == 0 {print $3}' /proc/$pid/cgroup); cat "/sys/fs/cgroup$p/$4"; fi
}

s_image() {
  local r=$WORK/rootfs
  busybox_rootfs "$r" data
  tar --numeric-owner -C "$r" -cf "$WORK/rootfs.tar" . &&
  dk import --change 'CMD ["/bin/sh"]' --change 'ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin' "$WORK/rootfs.tar" "$IMG" >/dev/null ||
    fail "docker import failed"
}
t "setup: import a busybox image" s_image
dk image inspect "$IMG" >/dev/null 2>&1 || { echo "Bail out! no image"; echo "$PASS passed, $((FAIL+1)) failed"; exit 1; }

s_run() {
  local o
  # the default bridge makes the daemon warn on stderr that this host does not forward IPv4
  o=$(dk run --rm --network none "$IMG" sh -c 'echo out; echo err >&2' 2>"$WORK/err") || fail "rc=$?"
  eq stdout "$o" out; eq stderr "$(cat "$WORK/err")" err
  dk run --rm "$IMG" sh -c 'exit 3'; eq "exit code" $? 3
}
t "run: stdout, stderr, exit code" s_run

s_codes() {
  local o
  o=$(dk run --rm "$IMG" /no/such/cmd 2>&1); eq "missing command" $? 127
  has "missing command: message" "$o" 'no such file or directory'
  o=$(dk run --rm "$IMG" /etc/passwd 2>&1); eq "non-executable command" $? 126
  has "non-executable: message" "$o" 'permission denied'
  # a bind of a file onto a directory: the runtime's mount fails, the daemon reports 125
  echo f > "$WORK/host/file"
  o=$(dk run --rm -v "$WORK/host/file:/etc" "$IMG" true 2>&1); eq "runtime error" $? 125
  has "runtime error: message" "$o" '/etc.*(not a|is a) directory'
}
t "error codes: 127, 126, 125 with the runtime's reason" s_codes

s_logs() {
  local id; id=$(dk run -d "$IMG" sh -c 'echo one; echo two >&2') || fail "run -d"
  dk wait "$id" >/dev/null
  eq "logs stdout" "$(dk logs "$id" 2>/dev/null)" one
  eq "logs stderr" "$(dk logs "$id" 2>&1 >/dev/null)" two
  dk rm "$id" >/dev/null
}
t "docker logs: stdout and stderr of a detached container" s_logs

s_tty() {
  # see tests/e2e/podman.sh's run -t for why exec and --foreground
  script -qefc "exec timeout --foreground -k 5 60 $DOCKER -H unix://$SOCK run --rm -it --network none $IMG sh -c 'tty; exit 5'" /dev/null < /dev/null > "$WORK/tty"
  eq "exit" $? 5; has "tty" "$(tr -d '\r\0' < "$WORK/tty")" '/dev/pts/[0-9]+$'
}
t "run -it: a pty" s_tty

s_lifecycle() {
  dk run -d --name lc "$IMG" sh -c 'trap "exit 0" TERM; while :; do sleep 0.1; done' >/dev/null || fail "run -d rc=$?"
  until_st lc running || fail "not running: $(st lc)"
  eq "exec" "$(dk exec lc echo in)" in
  dk exec lc sh -c 'exit 4'; eq "exec exit code" $? 4
  eq "exec -u -w -e" "$(dk exec -u 1000:1000 -w /tmp -e X=y lc sh -c 'echo $(id -u):$PWD:$X')" "1000:/tmp:y"
  dk exec lc /no/such/cmd >/dev/null 2>&1; eq "exec missing command" $? 126
  script -qefc "exec timeout --foreground -k 5 30 $DOCKER -H unix://$SOCK exec -it lc sh -c 'tty; exit 6'" /dev/null < /dev/null > "$WORK/etty"
  eq "exec -it exit" $? 6; has "exec -it tty" "$(tr -d '\r\0' < "$WORK/etty")" '/dev/pts/[0-9]+$'
  dk pause lc >/dev/null || fail "pause rc=$?"; eq "paused" "$(st lc)" paused
  eq "freezer" "$(cgfile lc freezer freezer.state cgroup.freeze)" FROZEN
  dk unpause lc >/dev/null || fail "unpause rc=$?"; eq "unpaused" "$(st lc)" running
  local pid1; pid1=$(dk inspect -f '{{.State.Pid}}' lc)
  dk restart -t 2 lc >/dev/null || fail "restart rc=$?"; until_st lc running || fail "not running after restart"
  [ "$(dk inspect -f '{{.State.Pid}}' lc)" != "$pid1" ] || fail "restart kept pid $pid1"
  dk stop -t 5 lc >/dev/null || fail "stop rc=$?"; eq "stop exit (TERM trapped)" "$(dk inspect -f '{{.State.ExitCode}}' lc)" 0
  dk start lc >/dev/null && until_st lc running || fail "start again"
  dk kill lc >/dev/null || fail "kill rc=$?"; eq "wait after kill" "$(dk wait lc)" 137
  dk rm lc >/dev/null || fail "rm rc=$?"
}
t "run -d, exec (-u -w -e, -it), pause/unpause, restart, stop, start, kill, wait" s_lifecycle

s_update_stats_top() {
  dk run -d --name us --memory 64m "$IMG" sleep 1000 >/dev/null && until_st us running || fail "not running"
  eq "memory limit" "$(cgfile us memory memory.limit_in_bytes memory.max)" $((64 * 1024 * 1024))
  dk update --memory 96m --memory-swap 192m --cpu-shares 512 --pids-limit 50 us >/dev/null || fail "update rc=$?"
  eq "memory after update" "$(cgfile us memory memory.limit_in_bytes memory.max)" $((96 * 1024 * 1024))
  eq "cpu shares after update" "$(cgfile us cpu cpu.shares cpu.weight)" 512
  eq "pids after update" "$(cgfile us pids pids.max pids.max)" 50
  local o; o=$(dk stats --no-stream --format '{{.Name}} {{.MemUsage}} {{.PIDs}}' us) || fail "stats rc=$?"
  has "stats" "$o" '^us [0-9.]+[KMG]?i?B / 96MiB 1$'
  o=$(dk top us -o pid,args) || fail "top rc=$?"
  has "top" "$o" 'sleep 1000'
}
t "update (memory, cpu shares, pids), stats, top" s_update_stats_top

s_oom() {
  dk run --name oom --memory 32m --memory-swap 32m "$IMG" sh -c 'tail /dev/zero' >/dev/null 2>&1; eq "OOM exit" $? 137
  eq "OOMKilled" "$(dk inspect -f '{{.State.OOMKilled}}' oom)" true
}
t "--memory 32m: OOM kill -> 137, OOMKilled" s_oom

s_readonly() {
  local o; o=$(dk run --rm --read-only --tmpfs /tmp "$IMG" sh -c 'touch /x 2>&1; echo rc=$?; touch /tmp/y && echo tmp-ok')
  has "rootfs read-only" "$o" 'Read-only file system'; has "/tmp writable" "$o" tmp-ok
}
t "--read-only rootfs with a --tmpfs /tmp" s_readonly

s_caps() {
  eq "cap-drop ALL" "$(dk run --rm --cap-drop ALL "$IMG" awk '/^CapEff/ {print $2}' /proc/self/status)" 0000000000000000
  # Docker's default set is 14 capabilities: chown, dac_override, fowner, fsetid, kill, setgid,
  # setuid, setpcap, net_bind_service, net_raw, sys_chroot, mknod, audit_write, setfcap
  eq "default set" "$(dk run --rm "$IMG" awk '/^CapEff/ {print $2}' /proc/self/status)" 00000000a80425fb
  has "cap-add NET_ADMIN" "$(dk run --rm --network none --cap-add NET_ADMIN "$IMG" sh -c 'ip link set lo down && echo ok')" ok
  has "cap-drop CHOWN" "$(dk run --rm --cap-drop CHOWN "$IMG" sh -c 'chown 1000 /tmp 2>&1; echo rc=$?')" rc=1
}
t "capabilities: default set, --cap-drop ALL, --cap-add, --cap-drop" s_caps

s_user() {
  eq "id" "$(dk run --rm --user 1000:1000 "$IMG" sh -c 'echo $(id -u):$(id -g):$HOME')" 1000:1000:/home/user
  eq "by name" "$(dk run --rm --user user "$IMG" id -u)" 1000
}
t "--user 1000:1000 and by name" s_user

s_seccomp() {
  eq "default profile (filter mode)" "$(dk run --rm "$IMG" awk '/^Seccomp:/ {print $2}' /proc/self/status)" 2
  has "default profile refuses unshare" "$(dk run --rm "$IMG" unshare -U true 2>&1)" 'Operation not permitted'
  eq "unconfined" "$(dk run --rm --security-opt seccomp=unconfined "$IMG" awk '/^Seccomp:/ {print $2}' /proc/self/status)" 0
}
t "seccomp: default profile and unconfined" s_seccomp

s_net() {
  # --network none: a loopback that is up (issue 9 item 1), and nothing else
  local o; o=$(dk run --rm --network none "$IMG" sh -c 'ls /sys/class/net; ip -o link show lo; ping -c1 -W2 127.0.0.1 >/dev/null && echo ping-ok')
  has "none: only lo" "$(echo $o)" '^lo '; has "none: lo up" "$o" 'lo: <LOOPBACK,UP'; has "none: ping 127.0.0.1" "$o" ping-ok
  o=$(dk run --rm "$IMG" sh -c "ip -4 addr show eth0; ip -4 route")
  has "bridge: eth0 addressed" "$o" "inet 10\.91\.$SN\."; has "bridge: routed via the bridge" "$o" "^default via 10\.91\.$SN\.1 "
}
t "network none (lo up) and the default bridge" s_net

s_volumes() {
  echo host-data > "$WORK/host/f"
  eq "bind ro read" "$(dk run --rm -v "$WORK/host:/data:ro" "$IMG" cat /data/f)" host-data
  has "bind ro refuses writes" "$(dk run --rm -v "$WORK/host:/data:ro" "$IMG" sh -c 'touch /data/x 2>&1')" 'Read-only file system'
  dk run --rm -v "$WORK/host:/data" "$IMG" sh -c 'echo back > /data/g' || fail "bind rw rc=$?"
  eq "bind rw write" "$(cat "$WORK/host/g")" back
  dk volume create e2evol >/dev/null || fail "volume create"
  dk run --rm -v e2evol:/vol "$IMG" sh -c 'echo kept > /vol/k' || fail "named volume write"
  eq "named volume kept" "$(dk run --rm -v e2evol:/vol "$IMG" cat /vol/k)" kept
  dk volume rm e2evol >/dev/null || fail "volume rm"
  local o; o=$(dk run --rm --tmpfs /scratch:size=1m "$IMG" sh -c 'grep " /scratch " /proc/mounts; dd if=/dev/zero of=/scratch/z bs=1k count=2048 2>&1')
  has "tmpfs mounted" "$o" '^tmpfs /scratch tmpfs'; has "tmpfs size enforced" "$o" 'No space left'
}
t "volumes: bind ro/rw, a named volume, tmpfs" s_volumes

s_init() {
  local o; o=$(dk run --rm --init "$IMG" sh -c 'cat /proc/1/cmdline | tr "\0" " "; echo; echo $$')
  has "pid 1 is docker-init" "$o" '^/sbin/docker-init -- sh'; has "the command is not pid 1" "$(echo $o | awk '{print $NF}')" '^[0-9]+$'
  [ "$(echo "$o" | tail -1)" != 1 ] || fail "sh is pid 1 under --init"
}
t "--init: docker-init is pid 1" s_init

s_health() {
  dk run -d --name hc --health-cmd 'test -e /tmp/ok' --health-interval 1s --health-retries 1 "$IMG" \
    sh -c 'touch /tmp/ok; sleep 1000' >/dev/null || fail "run -d"
  local i h; for i in $(seq 100); do h=$(dk inspect -f '{{.State.Health.Status}}' hc); [ "$h" = healthy ] && break; sleep 0.2; done
  eq "healthy" "$h" healthy
  dk exec hc rm /tmp/ok
  for i in $(seq 100); do h=$(dk inspect -f '{{.State.Health.Status}}' hc); [ "$h" = unhealthy ] && break; sleep 0.2; done
  eq "unhealthy" "$h" unhealthy
}
t "healthcheck: healthy, then unhealthy" s_health

s_rm() {
  local id; id=$(dk run -d "$IMG" sleep 100) || fail "run -d"
  until_st "$id" running || fail "not running"
  # the shim's --root: Debian's dockerd names it runtime-runc whatever the runtime's name; the
  # runtime under test answers `state` from it, which shows that it is the one docker ran
  local root=$WORK/exec/runtime-runc/moby
  has "the runtime's state" "$("$RT" --root "$root" state "$id")" '"status": "running"'
  dk rm -f "$id" >/dev/null || fail "rm rc=$?"
  grep -q "$id" /proc/self/mountinfo && fail "mount left"
  find /sys/fs/cgroup -maxdepth 4 -type d -name "*$id*" 2>/dev/null | grep -q . && fail "cgroup left"
  [ -e "$root/$id" ] && fail "runtime state left: $root/$id"
  dk run --rm "$IMG" true && eq "containers after --rm" "$(dk ps -aq | wc -l)" 0
}
t "rm -f / --rm leave no mount, cgroup or runtime state" s_rm

s_parallel() {
  local i bad=""
  local pids=()
  for i in $(seq 20); do ( o=$(dk run --rm --network none "$IMG" echo p$i 2>&1); [ "$o" = p$i ] || { echo "$o" > "$WORK/par.$i"; exit 1; } ) & pids+=($!); done
  for i in $(seq 20); do wait "${pids[$((i-1))]}" || bad+=" $i"; done
  [ -z "$bad" ] || fail "failed:$bad: $(cat "$WORK/par.${bad##* }" | tr '\n' '|' | cut -c1-300)"
  eq "containers left" "$(dk ps -aq | wc -l)" 0
}
t "20 containers in parallel" s_parallel

e2e_summary
