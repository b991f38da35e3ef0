#!/usr/bin/env bash
# Installs the Debian packages ocirt's build and tests need on a fresh Debian 12 machine
# that already has the .NET SDK: the NativeAOT linker's toolchain, busybox for test
# rootfs trees, runc so the tests can compare `ocirt spec` with `runc spec`, and
# containers-common's seccomp profile (podman's default) for the seccomp compiler's tests;
# and for the cgroup v2 lane (tests/v2lane, x86_64), QEMU, a kernel in /boot with its modules,
# cpio for the guest's initramfs, kmod to list module dependencies, xz for compressed modules,
# and systemd with D-Bus for the systemd lane's guest (the host root booted with systemd as PID 1);
# and for the end-to-end tests (tests/e2e), podman with conmon and its network stack (uidmap's
# newuidmap/newgidmap for rootless podman, and for the rootless tests), containerd,
# docker.io and buildah, and script(1) for a terminal.
# With arguments, installs those packages instead (bench/run.sh: hyperfine, crun, GNU time).
set -euo pipefail
default_packages=(make gcc libc6-dev zlib1g-dev busybox-static runc golang-github-containers-common
    qemu-system-x86 linux-image-amd64 cpio kmod xz-utils systemd dbus
    podman conmon netavark aardvark-dns catatonit slirp4netns uidmap fuse-overlayfs iptables
    containerd bsdutils man-db docker.io buildah)
if [ $# -gt 0 ]; then packages=("$@"); else packages=("${default_packages[@]}"); fi
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: missing ${missing[*]}; run as root" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=600 update -qq
apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}"
