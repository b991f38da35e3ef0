#!/usr/bin/env bash
# The cgroup v2 lane: boots a throwaway cgroup-v2-only guest (QEMU, this host's Debian kernel
# from /boot) and runs checks.sh in it against the built ocirt. The guest sees this host's root
# read-only over 9p, so it runs the same binary, busybox and bash; it writes only to its own
# tmpfs mounts and to one shared directory that carries the exit status back.
# With --systemd, the guest boots Debian's systemd as PID 1 instead (the host root under an
# overlay whose upper layer is a tmpfs, so systemd may write /etc and /var), with D-Bus, and
# the checks run as a unit of it: a systemd host on a pure cgroup v2 hierarchy.
# Usage: tests/v2lane/run.sh [--systemd] [OCIRT_BINARY]   (default out/bin/ocirt; needs root)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd -P)
lane=v2lane modules=(virtio_pci 9pnet_virtio 9p virtio_rng)
if [ "${1:-}" = --systemd ]; then lane=systemd modules+=(overlay); shift; fi
ocirt=$(realpath "${1:-$here/../../out/bin/ocirt}")
lane_timeout=${V2LANE_TIMEOUT:-420}

die() { echo "$lane: $*" >&2; exit 1; }
[ "$(uname -m)" = x86_64 ] || die "x86_64 only: it boots Debian's amd64 kernel in qemu-system-x86_64"
[ "$(id -u)" -eq 0 ] || die "needs root (QEMU's 9p export of / and the guest's cgroups)"
[ -x "$ocirt" ] || die "no ocirt binary at $ocirt (make build)"
for tool in qemu-system-x86_64 cpio modprobe; do
    command -v "$tool" >/dev/null || die "missing $tool (scripts/install-deps.sh installs it)"
done
[ -x /bin/busybox ] || die "missing /bin/busybox (busybox-static)"
kernel=$(ls /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n 1)
[ -n "$kernel" ] || die "no kernel in /boot (linux-image-amd64)"
kver=${kernel#/boot/vmlinuz-}
[ -f "/lib/modules/$kver/modules.dep" ] || die "no modules for $kver in /lib/modules"

work=$(mktemp -d "${TMPDIR:-/tmp}/ocirt-v2lane.XXXXXX")
qemu_pid=
cleanup() {
    if [ -n "$qemu_pid" ]; then kill "$qemu_pid" 2>/dev/null || true; wait "$qemu_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The initramfs: static busybox, the modules that reach the host root (virtio PCI, 9p) and
# virtio-rng (the .NET runtime's getrandom would otherwise wait for entropy under emulation);
# overlayfs for the systemd guest's writable root.
mkdir -p "$work/initramfs/bin" "$work/initramfs/lib/modules" "$work/shared"
cp /bin/busybox "$work/initramfs/bin/busybox"
cp "$here/init" "$work/initramfs/init"
for module in $(modprobe -S "$kver" --show-depends -a "${modules[@]}" | awk '$1 == "insmod" && !seen[$2]++ { print $2 }'); do
    name=$(basename "$module")
    case $module in
        *.xz) xz -dc "$module" >"$work/initramfs/lib/modules/${name%.xz}"; name=${name%.xz};; # Debian 13's kernels
        *) cp "$module" "$work/initramfs/lib/modules/$name";;
    esac
    echo "$name" >>"$work/initramfs/lib/modules/order"
done
(cd "$work/initramfs" && find . | cpio -o -H newc --quiet -R 0:0) >"$work/initramfs.cpio"

# The guest mounts fresh tmpfs on /tmp and /run, which may hide where this checkout (or a CI
# clone) lives: the scripts and the binary travel in the shared directory, seen at /mnt.
cp "$here/guest.sh" "$here/checks.sh" "$here/systemd-checks.sh" "$work/shared/"
cp "$ocirt" "$work/shared/ocirt"

# KVM only with hardware virtualisation; otherwise TCG, whose default CPU model lacks the
# x86-64-v2 instructions NativeAOT code uses ("max"), minus fast rep movsb that TCG emulates slowly.
if [ -w /dev/kvm ] && grep -qwE 'vmx|svm' /proc/cpuinfo; then accel=(-accel kvm -cpu host -smp 2)
else accel=(-accel tcg -cpu max,-erms,-fsrm -smp 1); fi

started=$(date +%s)
echo "$lane: booting $kver (${accel[1]}) to run $here/checks.sh on $ocirt"
# cgroup_no_v1=all leaves only cgroup2; quiet consoles keep the kernel's OOM reports off the lane's output.
timeout -k 5 "$lane_timeout" qemu-system-x86_64 -M pc "${accel[@]}" -m 1G \
    -nodefaults -no-user-config -display none -no-reboot \
    -kernel "$kernel" -initrd "$work/initramfs.cpio" \
    -append "console=ttyS0 quiet loglevel=1 panic=-1 rdinit=/init cgroup_no_v1=all mitigations=off audit=0 tsc=reliable v2lane.checks=/mnt/checks.sh v2lane.ocirt=/mnt/ocirt v2lane.lane=$lane" \
    -chardev stdio,id=console,signal=off -serial chardev:console \
    -device virtio-rng-pci \
    -virtfs "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap" \
    -virtfs "local,path=$work/shared,mount_tag=shared,security_model=none,multidevs=remap" \
    </dev/null &
qemu_pid=$!
set +e
wait "$qemu_pid"
qemu_rc=$?
set -e
qemu_pid=
echo "$lane: guest ran $(($(date +%s) - started)) s"
[ "$qemu_rc" -ne 124 ] || die "timed out after $lane_timeout s"
[ -s "$work/shared/rc" ] || die "the guest stopped before the checks finished (qemu exit $qemu_rc)"
exit "$(cat "$work/shared/rc")"
