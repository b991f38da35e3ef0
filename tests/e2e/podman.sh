#!/usr/bin/env bash
# tests/e2e/podman.sh [OCIRT]
#
# podman + conmon with `--runtime` = the built ocirt, against a busybox image
# built here (`podman import` of a rootfs tarball: no registry). Everything
# lives under one mktemp dir (podman root/runroot/tmp, network config, a
# private bridge) and is removed at exit. Prints "ok/not ok N - name" lines and
# ends with exactly "N passed, M failed"; exit status 0 iff M == 0.
# Env: E2E_ONLY=regex (run matching scenarios), E2E_KEEP=1 (keep the work dir).
set -u
export LC_ALL=C
cd "$(dirname "$0")/../.." || exit 2
E2E_LIB=$PWD/tests/e2e/lib.sh
OCIRT=$(readlink -f "${1:-out/bin/ocirt}")
[ "$(id -u)" = 0 ] || { echo "Bail out! run as root"; exit 2; }
[ -x "$OCIRT" ] || { echo "Bail out! no ocirt at $OCIRT (make build)"; exit 2; }
for b in podman conmon script; do
  command -v "$b" >/dev/null || { echo "Bail out! $b missing (scripts/install-deps.sh installs podman conmon netavark busybox-static)"; exit 2; }
done
BUSYBOX=$(command -v busybox) || { echo "Bail out! busybox missing"; exit 2; }
ldd "$BUSYBOX" >/dev/null 2>&1 && { echo "Bail out! $BUSYBOX is dynamic: install busybox-static"; exit 2; }

WORK=$(mktemp -d /tmp/ocirt-podman.XXXXXX)
TAG=$(basename "$WORK" | tr -cd 'a-zA-Z0-9' | tail -c 6 | tr 'A-Z' 'a-z')
IMG=localhost/ocirt-e2e-busybox:latest
NET=ocirt-$TAG BR=oe2e$TAG
mkdir -p "$WORK"/{bin,root,runroot,tmp,net,host}
# podman keys runtime_supports_json (--log/--log-format=json) on the runtime's basename
ln -s "$OCIRT" "$WORK/bin/ocirt"

# Root here may lack CAP_SYS_RESOURCE: podman's default nofile/nproc of 1048576 would not apply.
HN=$(ulimit -Hn); [ "$HN" = unlimited ] && HN=1048576; [ "$HN" -gt 1048576 ] && HN=1048576
cat > "$WORK/containers.conf" <<EOF
[containers]
log_driver = "k8s-file"
default_ulimits = ["nofile=$HN:$HN", "nproc=32768:32768"]
[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$WORK/events.log"
tmp_dir = "$WORK/tmp"
runtime_supports_json = ["ocirt"]
[network]
network_backend = "netavark"
network_config_dir = "$WORK/net"
default_network = "$NET"
EOF
export CONTAINERS_CONF=$WORK/containers.conf
pm() { timeout -k 5 90 podman --root "$WORK/root" --runroot "$WORK/runroot" --storage-driver overlay \
  --runtime "$WORK/bin/ocirt" --cgroup-manager cgroupfs --events-backend file "$@"; }

cleanup() {
  trap - EXIT
  pm rm -af -t 0 >/dev/null 2>&1
  pm network rm -f "$NET" >/dev/null 2>&1
  pm rmi -af >/dev/null 2>&1
  ip link del "$BR" >/dev/null 2>&1
  awk -v w="$WORK/" 'index($5, w) == 1 {print $5}' /proc/self/mountinfo | sort -r | xargs -r -n1 umount -l 2>/dev/null
  [ "${E2E_KEEP:-0}" = 1 ] && echo "# kept $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# conmon (and so the runtime) inherits the cwd, and conmon drops an "oom" file there on v1 OOM events
cd "$WORK" || exit 2

# a private bridge network with a subnet no route uses yet
for i in $(seq 40); do SN=$(( RANDOM % 200 + 30 )); ip -4 route | grep -q "^10\.90\.$SN\." || break; done
cat > "$WORK/net/$NET.json" <<EOF
{"name":"$NET","id":"$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')","driver":"bridge","network_interface":"$BR",
 "created":"2024-01-01T00:00:00Z","subnets":[{"subnet":"10.90.$SN.0/24","gateway":"10.90.$SN.1"}],
 "ipv6_enabled":false,"internal":false,"dns_enabled":false,"ipam_options":{"driver":"host-local"}}
EOF

. "$E2E_LIB"
e2e_between() { pm rm -af -t 0 >/dev/null 2>&1; }
st() { pm inspect -f '{{.State.Status}}' "$1" 2>/dev/null; }
until_st() { local i; for i in $(seq 50); do [ "$(st "$1")" = "$2" ] && return 0; sleep 0.1; done; return 1; }
cgfile() { # cgfile CONTAINER CONTROLLER FILE(v1) FILE(v2): a cgroup file of a running container, v1 or v2
  local pid; pid=$(pm inspect -f '{{.State.Pid}}' "$1")
  local p; p=$(awk -F: -v c="$2" '$2 ~ "(^|,)"c"(,|$)" {print $3}' /proc/$pid/cgroup)
  if [ -n "$p" ]; then cat "/sys/fs/cgroup/$2$p/$3"; else p=$(awk -F: '$1 == 0 {print $3}' /proc/$pid/cgroup); cat "/sys/fs/cgroup$p/$4" 2>/dev/null || cat "/sys/fs/cgroup/unified$p/$4"; fi
}

s_image() {
  local r=$WORK/rootfs
  busybox_rootfs "$r" data
  tar --numeric-owner -C "$r" -cf "$WORK/rootfs.tar" . &&
  pm import -q --change 'CMD ["/bin/sh"]' --change 'ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin' "$WORK/rootfs.tar" "$IMG" >/dev/null ||
    fail "podman import failed"
}
t "setup: import a busybox image" s_image
pm image exists "$IMG" || { echo "Bail out! no image"; echo "$PASS passed, $((FAIL+1)) failed"; exit 1; }

s_run() {
  local o rc
  o=$(pm run --rm "$IMG" sh -c 'echo out; echo err >&2' 2>"$WORK/err") || fail "rc=$?"
  eq stdout "$o" out; eq stderr "$(cat "$WORK/err")" err
  pm run --rm "$IMG" sh -c 'exit 3'; eq "exit code" $? 3
  pm run --rm "$IMG" /no/such/cmd 2>/dev/null; eq "missing command" $? 127
  pm run --rm "$IMG" /etc/passwd 2>/dev/null; eq "non-executable command" $? 126
}
t "run: stdout, stderr, exit codes, 127/126" s_run

s_stdin() {
  head -c 1048576 /dev/urandom > "$WORK/blob"
  eq "md5 via -i" "$(pm run --rm -i "$IMG" md5sum < "$WORK/blob" | cut -d' ' -f1)" "$(md5sum < "$WORK/blob" | cut -d' ' -f1)"
}
t "run -i: 1 MiB of stdin and EOF" s_stdin

s_tty() {
  # script copies its stdin into the pty and, once podman is gone, still flushes what it queued
  # before exiting: an endless stdin from the caller (a CI runner's) would keep it alive for ever.
  # script runs the command with $SHELL -c; dash (SHELL=/bin/sh or unset) forks instead of
  # exec'ing, and timeout then moves itself into a background process group, where podman's
  # switch of the pty to raw mode stops it with SIGTTOU. `exec` and --foreground keep podman in
  # the pty's foreground group whatever the caller's shell.
  script -qefc "exec timeout --foreground -k 5 60 podman --root $WORK/root --runroot $WORK/runroot --runtime $WORK/bin/ocirt --cgroup-manager cgroupfs --events-backend file run --rm -t $IMG sh -c 'tty; exit 5'" /dev/null < /dev/null > "$WORK/tty"
  eq "exit" $? 5; has "tty" "$(tr -d '\r' < "$WORK/tty")" '^/dev/pts/[0-9]+'
}
t "run -t: a pty" s_tty

s_lifecycle() {
  trap 'pm rm -f -t 0 lc >/dev/null 2>&1' EXIT
  pm run -d --name lc "$IMG" sh -c 'trap "exit 0" TERM; while :; do sleep 0.1; done' >/dev/null || fail "run -d rc=$?"
  until_st lc running || fail "not running: $(st lc)"
  eq "exec" "$(pm exec lc echo in)" in
  pm exec lc sh -c 'exit 4'; eq "exec exit code" $? 4
  eq "exec -u -w -e" "$(pm exec -u 1000:1000 -w /tmp -e X=y lc sh -c 'echo $(id -u):$PWD:$X')" "1000:/tmp:y"
  pm exec lc /no/such/cmd 2>/dev/null; eq "exec missing command" $? 127
  pm pause lc >/dev/null || fail "pause rc=$?"; eq "paused" "$(st lc)" paused
  pm unpause lc >/dev/null || fail "unpause rc=$?"; eq "unpaused" "$(st lc)" running
  pm restart -t 2 lc >/dev/null || fail "restart rc=$?"; until_st lc running || fail "not running after restart"
  pm stop -t 5 lc >/dev/null || fail "stop rc=$?"; eq "stop exit (TERM trapped)" "$(pm inspect -f '{{.State.ExitCode}}' lc)" 0
  pm start lc >/dev/null && until_st lc running || fail "start again"
  pm kill lc >/dev/null; eq "wait after kill" "$(pm wait lc)" 137
  pm rm -f lc >/dev/null
}
t "detached run, exec, pause/unpause, restart, stop, kill, wait" s_lifecycle

s_exec_cgroup() {
  trap 'pm rm -f -t 0 ec >/dev/null 2>&1' EXIT
  pm run -d --name ec "$IMG" sleep 1000 >/dev/null && until_st ec running || fail "not running"
  local i; for i in $(seq 20); do pm exec -d ec sleep 1000 >/dev/null || fail "exec -d rc=$?"; done
  # every process of the container (the checking shell included) is in pid 1's cgroups, all controllers
  local o; o=$(pm exec ec sh -c 'for p in /proc/[0-9]*; do [ "$(cat $p/cgroup 2>/dev/null)" = "$(cat /proc/1/cgroup)" ] || { [ -e $p/cgroup ] && echo "${p#/proc/}:$(cat $p/comm)"; }; done')
  eq "processes outside the container's cgroups" "$(echo $o)" ""
}
t "exec'd processes join the container's cgroups (20 x exec -d)" s_exec_cgroup

s_oom() {
  pm run --rm --memory 32m "$IMG" sh -c 'tail /dev/zero' >/dev/null 2>&1; eq "OOM exit" $? 137
}
t "--memory 32m: OOM kill -> 137" s_oom

s_pids() {
  # each background sleep is one pid; the subshell records how far it got before fork failed
  local n; n=$(pm run --rm --pids-limit 20 "$IMG" sh -c '(i=0; while [ $i -lt 40 ]; do sleep 30 & i=$((i+1)); echo $i > /tmp/n; done) 2>/dev/null; cat /tmp/n')
  [ -n "$n" ] && [ "$n" -lt 20 ] || fail "started '$n' processes under pids-limit 20"
}
t "--pids-limit 20 enforced" s_pids

s_readonly() {
  local o; o=$(pm run --rm --read-only "$IMG" sh -c 'touch /x 2>&1; echo rc=$?; touch /tmp/y && echo tmp-ok')
  has "rootfs read-only" "$o" 'Read-only file system'; has "/tmp writable" "$o" tmp-ok
}
t "--read-only rootfs" s_readonly

s_user() { eq "id" "$(pm run --rm --user 1000:1000 "$IMG" sh -c 'echo $(id -u):$(id -g)')" 1000:1000; }
t "--user 1000:1000" s_user

s_caps() {
  eq "cap-drop ALL" "$(pm run --rm --cap-drop ALL "$IMG" awk '/^CapEff/ {print $2}' /proc/self/status)" 0000000000000000
  has "cap-add NET_ADMIN" "$(pm run --rm --network none --cap-add NET_ADMIN "$IMG" sh -c 'ip link set lo down && echo ok')" ok
  has "cap-drop CHOWN" "$(pm run --rm --cap-drop CHOWN "$IMG" sh -c 'chown 1000 /tmp 2>&1; echo rc=$?')" rc=1
}
t "capabilities: --cap-drop ALL, --cap-add, --cap-drop" s_caps

s_nnp() { eq NoNewPrivs "$(pm run --rm --security-opt no-new-privileges "$IMG" awk '/^NoNewPrivs/ {print $2}' /proc/self/status)" 1; }
t "--security-opt no-new-privileges" s_nnp

s_seccomp() {
  eq "default profile (filter mode)" "$(pm run --rm "$IMG" awk '/^Seccomp:/ {print $2}' /proc/self/status)" 2
  eq "unconfined" "$(pm run --rm --security-opt seccomp=unconfined "$IMG" awk '/^Seccomp:/ {print $2}' /proc/self/status)" 0
  printf '%s' '{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["mkdir","mkdirat"],"action":"SCMP_ACT_ERRNO","errnoRet":1}]}' > "$WORK/sc.json"
  has "custom profile: mkdir -> EPERM" "$(pm run --rm --security-opt seccomp="$WORK/sc.json" "$IMG" sh -c 'mkdir /tmp/d 2>&1')" 'Operation not permitted'
}
t "default seccomp profile active" s_seccomp

s_mounts() {
  echo host-data > "$WORK/host/f"
  eq "bind ro read" "$(pm run --rm -v "$WORK/host:/data:ro" "$IMG" cat /data/f)" host-data
  pm run --rm -v "$WORK/host:/data" "$IMG" sh -c 'echo back > /data/g' || fail "bind rw rc=$?"
  eq "bind rw write" "$(cat "$WORK/host/g")" back
  local o; o=$(pm run --rm --tmpfs /scratch:size=1m "$IMG" sh -c 'grep " /scratch " /proc/mounts; dd if=/dev/zero of=/scratch/z bs=1k count=2048 2>&1')
  has "tmpfs mounted" "$o" '^tmpfs /scratch tmpfs'; has "tmpfs size enforced" "$o" 'No space left'
}
t "bind and tmpfs mounts" s_mounts

s_net() {
  eq "none: interfaces" "$(pm run --rm --network none "$IMG" ls /sys/class/net | tr '\n' ' ')" "lo "
  # Addresses and routes only: no packet leaves the container (the workplace's network rules).
  local o; o=$(pm run --rm "$IMG" sh -c "ip -4 addr show eth0; ip -4 route")
  has "bridge: eth0 addressed" "$o" "inet 10\.90\.$SN\."; has "bridge: routed via the bridge" "$o" "^default via 10\.90\.$SN\.1 "
}
t "network none and bridge" s_net

s_rm() {
  local id; id=$(pm run -d "$IMG" sleep 100) || fail "run -d"
  trap 'pm rm -f -t 0 "$id" >/dev/null 2>&1' EXIT
  until_st "$id" running || fail "not running"
  pm rm -f -t 0 "$id" >/dev/null || fail "rm rc=$?"
  grep -q "$id" /proc/self/mountinfo && fail "mount left"
  find /sys/fs/cgroup -maxdepth 4 -type d -name "*$id*" 2>/dev/null | grep -q . && fail "cgroup left"
  "$OCIRT" state "$id" >/dev/null 2>&1 && fail "ocirt state left"
  pm run --rm "$IMG" true && eq "containers after --rm" "$(pm ps -aq | wc -l)" 0
}
t "--rm / rm leaves no mount, cgroup or state" s_rm

s_parallel() {
  local i bad=""
  local pids=()
  for i in $(seq 20); do ( o=$(pm run --rm "$IMG" echo p$i 2>&1); [ "$o" = p$i ] || { echo "$o" > "$WORK/par.$i"; exit 1; } ) & pids+=($!); done
  for i in $(seq 20); do wait "${pids[$((i-1))]}" || bad+=" $i"; done
  [ -z "$bad" ] || fail "failed:$bad: $(cat "$WORK/par.${bad##* }" | tr '\n' '|' | cut -c1-300)"
  eq "containers left" "$(pm ps -aq | wc -l)" 0
}
t "20 containers in parallel" s_parallel

e2e_summary
