#!/usr/bin/env bash
# The README's demo, as root: a busybox container run by ocirt prints its hostname and that
# it is PID 1; then ocirt shows how it reports a broken config, leaving nothing behind.
set -uo pipefail
ocirt=$(realpath "${1:-out/bin/ocirt}")
busybox=$(command -v busybox) || { echo "demo: needs busybox (Debian's busybox-static)" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/ocirt-demo.XXXXXX")
root="$work/state"
trap '"$ocirt" --root "$root" delete --force demo >/dev/null 2>&1; rm -rf "$work"' EXIT
show() { echo "\$ $*"; "$@"; echo "(exit $?)"; echo; }

# A rootfs with a static busybox and its applets.
mkdir -p "$work/bundle/rootfs/bin"
cp "$busybox" "$work/bundle/rootfs/bin/busybox"
for applet in $("$busybox" --list); do [ "$applet" = busybox ] || ln -s busybox "$work/bundle/rootfs/bin/$applet"; done

show "$ocirt" --version
show "$ocirt" spec --bundle "$work/bundle"
# runc's default config, with no terminal and a command that reports where it runs.
sed -i -e 's/"terminal": true/"terminal": false/' \
       -e 's|^\t\t\t"sh"$|\t\t\t"sh", "-c", "echo hostname: $(hostname); echo pid: $$; cat /proc/1/cmdline \| tr \\"\\\\0\\" \\" \\"; echo"|' \
       "$work/bundle/config.json"
show "$ocirt" validate --bundle "$work/bundle"
show "$ocirt" --root "$root" run --bundle "$work/bundle" demo

# Broken: an unknown namespace, a relative cwd, a misspelt capability.
sed -i -e 's/"type": "uts"/"type": "utc"/' -e 's/"cwd": "\/"/"cwd": "tmp"/' -e 's/"CAP_KILL"/"CAP_KILLALL"/' "$work/bundle/config.json"
show "$ocirt" --root "$root" create --bundle "$work/bundle" demo
echo "\$ ls -A $root   # nothing left behind"; ls -A "$root"
