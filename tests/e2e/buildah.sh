#!/usr/bin/env bash
# tests/e2e/buildah.sh [RUNTIME]
#
# buildah with `--runtime` = RUNTIME (default: the built ocirt), OCI isolation, its own storage
# under one mktemp dir, and a busybox base image built here from a static-busybox rootfs
# (`FROM scratch` + `ADD` of a tarball: no registry). Builds run with `--network none` or the
# host's network: no network is made, and no packet leaves the machine. Prints
# "ok/not ok N - name" lines and ends with exactly "N passed, M failed"; exit status 0 iff M == 0.
# Env: E2E_ONLY=regex (run matching scenarios), E2E_KEEP=1 (keep the work dir).
set -u
export LC_ALL=C
cd "$(dirname "$0")/../.." || exit 2
E2E_LIB=$PWD/tests/e2e/lib.sh
RT=$(readlink -f "${1:-out/bin/ocirt}")
[ "$(id -u)" = 0 ] || { echo "Bail out! run as root"; exit 2; }
[ -x "$RT" ] || { echo "Bail out! no runtime at $RT (make build)"; exit 2; }
command -v buildah >/dev/null || { echo "Bail out! buildah missing (scripts/install-deps.sh installs it)"; exit 2; }
BUSYBOX=$(command -v busybox) || { echo "Bail out! busybox missing"; exit 2; }
ldd "$BUSYBOX" >/dev/null 2>&1 && { echo "Bail out! $BUSYBOX is dynamic: install busybox-static"; exit 2; }

WORK=$(mktemp -d /tmp/ocirt-buildah.XXXXXX); chmod 755 "$WORK"
BASE=localhost/ocirt-e2e-busybox:latest
mkdir -p "$WORK"/{root,runroot,tmp,host,ctx}
# Root here may lack CAP_SYS_RESOURCE: a default nofile of 1048576 would not apply.
HN=$(ulimit -Hn); [ "$HN" = unlimited ] && HN=1048576; [ "$HN" -gt 1048576 ] && HN=1048576
cat > "$WORK/containers.conf" <<EOF
[containers]
default_ulimits = ["nofile=$HN:$HN"]
[engine]
cgroup_manager = "cgroupfs"
tmp_dir = "$WORK/tmp"
EOF
export CONTAINERS_CONF=$WORK/containers.conf BUILDAH_ISOLATION=oci TMPDIR=$WORK/tmp
bh() { timeout -k 5 120 buildah --root "$WORK/root" --runroot "$WORK/runroot" --storage-driver overlay "$@"; }
# the runtime, and its state root under the work dir, go on every verb that runs a container
# (bud and run take them; from only records them)
RTF=(--runtime "$RT" --runtime-flag "root=$WORK/rtroot")
bud() { bh bud "${RTF[@]}" --layers=false "$@"; }
brun() { bh run "${RTF[@]}" "$@"; }

cleanup() {
  trap - EXIT
  bh rm -a >/dev/null 2>&1
  bh rmi -af >/dev/null 2>&1
  awk -v w="$WORK/" 'index($5, w) == 1 {print $5}' /proc/self/mountinfo | sort -r | xargs -r -n1 umount -l 2>/dev/null
  [ "${E2E_KEEP:-0}" = 1 ] && echo "# kept $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
cd "$WORK" || exit 2

. "$E2E_LIB"
e2e_between() { bh rm -a >/dev/null 2>&1; }
# a file of an image, read through a working container made from it
img_cat() { local c; c=$(bh from -q --pull=never "$1") || return 1; brun --network none "$c" cat "$2"; bh rm "$c" >/dev/null; }

s_image() {
  local r=$WORK/rootfs
  busybox_rootfs "$r"
  mkdir -p "$WORK/base" && tar --numeric-owner -C "$r" -cf "$WORK/base/rootfs.tar" . &&
  printf 'FROM scratch\nADD rootfs.tar /\nENV PATH=/usr/sbin:/usr/bin:/sbin:/bin\nCMD ["/bin/sh"]\n' > "$WORK/base/Containerfile" &&
  bud -t "$BASE" "$WORK/base" >/dev/null || fail "base image build failed"
}
t "setup: build a busybox base image" s_image

s_which_runtime() {
  # a wrapper that notes its calls shows that buildah runs the runtime it was given
  printf '#!/bin/sh\necho "$*" >> %s/calls\nexec %s "$@"\n' "$WORK" "$RT" > "$WORK/rt-wrapper"; chmod +x "$WORK/rt-wrapper"
  local c; c=$(bh from -q --pull=never "$BASE") || fail "from rc=$?"
  eq "output" "$(bh run --runtime "$WORK/rt-wrapper" --runtime-flag "root=$WORK/rtroot" --network none "$c" echo via-wrapper)" via-wrapper
  has "the runtime's calls" "$(cat "$WORK/calls")" "^--root=$WORK/rtroot create .*--pid-file"
}
t "setup: buildah runs the runtime given by --runtime" s_which_runtime
bh inspect --type image "$BASE" >/dev/null 2>&1 || { echo "Bail out! no base image"; echo "$PASS passed, $((FAIL+1)) failed"; exit 1; }

s_multistep() {
  cat > "$WORK/ctx/Containerfile" <<EOF
FROM $BASE
RUN echo one > /one
RUN cat /one > /two && echo two >> /two
ENV FOO=bar
RUN echo "\$FOO" > /foo
WORKDIR /work
RUN pwd > /work/pwd
USER user
RUN id -u > /tmp/uid
USER root
RUN cat /two /foo /work/pwd /tmp/uid > /all
EOF
  bud --network none -t localhost/e2e-multi "$WORK/ctx" >/dev/null || fail "bud rc=$?"
  eq "RUN steps' results" "$(img_cat localhost/e2e-multi /all | tr '\n' ' ')" "one two bar /work 1000 "
}
t "bud: a multi-step build (RUN, ENV, WORKDIR, USER)" s_multistep

s_failing_step() {
  printf 'FROM %s\nRUN echo before\nRUN sh -c "exit 7"\nRUN echo after\n' "$BASE" > "$WORK/ctx/Containerfile"
  local o; o=$(bud --network none -t localhost/e2e-fail "$WORK/ctx" 2>&1) && fail "a failing RUN step built"
  has "the step's status" "$o" 'exit status 7'
  bh inspect --type image localhost/e2e-fail >/dev/null 2>&1 && fail "image made from a failed build"
  return 0
}
t "bud: a failing RUN step fails the build with its status" s_failing_step

s_network_none() {
  # loopback up in a new network namespace (issue 9 item 1): a RUN step that talks to 127.0.0.1
  cat > "$WORK/ctx/Containerfile" <<EOF
FROM $BASE
RUN ls /sys/class/net > /ifaces && (nc -l -p 9999 > /got &) && sleep 0.3 && echo hello | nc -w 2 127.0.0.1 9999 && sleep 0.2 && cat /got > /lo
EOF
  bud --network none -t localhost/e2e-none "$WORK/ctx" >/dev/null || fail "bud rc=$?"
  eq "interfaces" "$(img_cat localhost/e2e-none /ifaces | tr '\n' ' ')" "lo "
  eq "over loopback" "$(img_cat localhost/e2e-none /lo)" hello
  eq "host network" "$(printf 'FROM %s\nRUN ls /sys/class/net | wc -l > /n\n' "$BASE" > "$WORK/ctx/Containerfile"; bud --network host -t localhost/e2e-host "$WORK/ctx" >/dev/null && img_cat localhost/e2e-host /n)" "$(ls /sys/class/net | wc -l)"
}
t "bud --network none: lo is up; --network host" s_network_none

s_volumes() {
  echo host-data > "$WORK/host/f"
  local opt
  for opt in "" :z :Z :U :ro,z; do
    printf 'FROM %s\nRUN cat /data/f > /copied\n' "$BASE" > "$WORK/ctx/Containerfile"
    bud --network none -v "$WORK/host:/data$opt" -t localhost/e2e-vol "$WORK/ctx" >/dev/null || fail "bud -v HOST:CTR$opt rc=$?"
    eq "bud -v HOST:CTR$opt" "$(img_cat localhost/e2e-vol /copied)" host-data
  done
  has "ro refuses writes" "$(printf 'FROM %s\nRUN touch /data/x 2>&1 || true\n' "$BASE" > "$WORK/ctx/Containerfile"; bud --network none -v "$WORK/host:/data:ro,z" "$WORK/ctx" 2>&1)" 'Read-only file system'
}
t "bud -v HOST:CTR with no option, z, Z, U, ro,z" s_volumes

s_run_mount() {
  echo ctx-file > "$WORK/ctx/file"
  cat > "$WORK/ctx/Containerfile" <<EOF
FROM $BASE
RUN --mount=type=bind,source=file,target=/ctx/file cat /ctx/file > /bound
RUN --mount=type=tmpfs,target=/scratch grep -q " /scratch tmpfs " /proc/mounts && echo tmpfs > /tmpfs
RUN --mount=type=cache,target=/cache echo cached > /cache/c
RUN --mount=type=cache,target=/cache cat /cache/c > /fromcache
EOF
  bud --network none -t localhost/e2e-mount "$WORK/ctx" >/dev/null || fail "bud rc=$?"
  eq "bind" "$(img_cat localhost/e2e-mount /bound)" ctx-file
  eq "tmpfs" "$(img_cat localhost/e2e-mount /tmpfs)" tmpfs
  eq "cache kept across steps" "$(img_cat localhost/e2e-mount /fromcache)" cached
  # buildah leaves the mount point in the image, but not what was mounted on it
  [ "$(img_cat localhost/e2e-mount /ctx/file 2>/dev/null)" = ctx-file ] && fail "the bind mount's content stayed in the image"
  return 0
}
t "bud: RUN --mount bind, tmpfs, cache" s_run_mount

s_buildah_run() {
  local c; c=$(bh from -q --pull=never "$BASE") || fail "from rc=$?"
  eq "stdout" "$(brun --network none "$c" echo hi)" hi
  brun --network none "$c" sh -c 'exit 3'; eq "exit status" $? 3
  eq "--user" "$(brun --network none --user 1000:1000 "$c" id -u)" 1000
  eq "--workingdir" "$(brun --network none --workingdir /tmp "$c" pwd)" /tmp
  eq "-e" "$(brun --network none -e X=y "$c" sh -c 'echo $X')" y
  eq "-v :Z" "$(brun --network none -v "$WORK/host:/data:Z" "$c" cat /data/f)" host-data
  brun --network none "$c" sh -c 'echo kept > /kept' || fail "write rc=$?"
  eq "the working container keeps writes" "$(brun --network none "$c" cat /kept)" kept
  has "lo up" "$(brun --network none "$c" ip -o link show lo)" 'lo: <LOOPBACK,UP'
  has "a missing command" "$(brun --network none "$c" /no/such/cmd 2>&1)" 'no such file or directory'
  bh rm "$c" >/dev/null || fail "rm rc=$?"
  grep -q "$WORK/root/overlay-containers" /proc/self/mountinfo && fail "a working container's mount left"
  [ -z "$(ls -A "$WORK/rtroot")" ] || fail "runtime state left: $(ls "$WORK/rtroot")"
  return 0
}
t "buildah run: output, status, --user, --workingdir, -e, -v, lo" s_buildah_run

e2e_summary
