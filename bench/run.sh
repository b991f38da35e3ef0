#!/usr/bin/env bash
# bench/run.sh [OCIRT] — ocirt against runc and crun, in one run, on one machine.
#
# Every runtime gets the same busybox bundle and its own --root. For each runtime it times, with
# hyperfine, `--version`, `state` of a created container, `exec` of `true` into a running one and
# a whole foreground `run` of `true` (create, start, wait, delete), back to back and with a pause
# between runs, then measures the peak RSS of `run` with GNU time (the largest process of the
# runtime's tree). It prints means and ratios to crun. Speed targets are judged on these ratios,
# never on absolute times.
#
# crun 1.8 refuses a hybrid cgroup host (v1 controllers plus a cgroup2 mount at
# /sys/fs/cgroup/unified), so on such a host the whole run happens in a private mount namespace
# with that mount hidden: every runtime sees the same, v1-only, host.
#
# Env: BENCH_RUNS (hyperfine runs per command, default 200), BENCH_RSS_RUNS (default 20).
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."
OCIRT=$(readlink -f "${1:-out/bin/ocirt}")
RUNS=${BENCH_RUNS:-200}
RSS_RUNS=${BENCH_RSS_RUNS:-20}

[ "$(id -u)" = 0 ] || { echo "bench: run as root" >&2; exit 2; }
[ -x "$OCIRT" ] || { echo "bench: no ocirt at $OCIRT (make build)" >&2; exit 2; }
for tool in hyperfine runc crun busybox; do
    command -v "$tool" >/dev/null || { echo "bench: $tool missing (apt-get install hyperfine runc crun busybox-static time)" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "bench: GNU time missing (apt-get install time)" >&2; exit 2; }

if [ -z "${OCIRT_BENCH_PRIVATE_MOUNTS:-}" ]; then
    exec env OCIRT_BENCH_PRIVATE_MOUNTS=1 unshare --mount --propagation private "$0" "$OCIRT"
fi
if [ "$(stat -fc %T /sys/fs/cgroup)" = tmpfs ] && mountpoint -q /sys/fs/cgroup/unified; then
    umount /sys/fs/cgroup/unified
fi

WORK=$(mktemp -d /tmp/ocirt-bench.XXXXXX)
RUNTIMES=(ocirt runc crun)
declare -A BIN=([ocirt]=$OCIRT [runc]=$(command -v runc) [crun]=$(command -v crun))
rt() { local name=$1; shift; "${BIN[$name]}" --root "$WORK/root-$name" "$@"; }

cleanup() {
    for name in "${RUNTIMES[@]}"; do
        for id in created running; do rt "$name" delete --force "bench-$id-$$" >/dev/null 2>&1 || true; done
    done
    rm -rf "$WORK"
}
trap cleanup EXIT

# One rootfs, two bundles: `true` (run, and the created container for state) and `sleep` (exec).
mkdir -p "$WORK/rootfs"/{bin,proc,sys,dev,tmp,etc}
cp "$(command -v busybox)" "$WORK/rootfs/bin/busybox"
for applet in sh true sleep; do ln -s busybox "$WORK/rootfs/bin/$applet"; done
bundle() { # bundle NAME ARG...: a config from `ocirt spec`, no terminal, ociVersion crun 1.8 accepts
    local dir=$WORK/$1; shift
    mkdir -p "$dir"
    (cd "$dir" && "$OCIRT" spec)
    local args; args=$(printf '"%s", ' "$@"); args=${args%, }
    sed -i -e 's/"ociVersion": "[^"]*"/"ociVersion": "1.0.2"/' -e 's/"terminal": true/"terminal": false/' \
        -e "s|\"path\": \"rootfs\"|\"path\": \"$WORK/rootfs\"|" -e '/"args": \[/,/\]/c\		"args": ['"$args"'],' \
        "$dir/config.json"
    "$OCIRT" validate --bundle "$dir" >/dev/null
}
bundle true-bundle true
bundle sleep-bundle sleep 1000000

for name in "${RUNTIMES[@]}"; do
    rt "$name" create --bundle "$WORK/true-bundle" "bench-created-$$"
    rt "$name" run --detach --bundle "$WORK/sleep-bundle" "bench-running-$$"
done

declare -A MEAN SD
measure() { # measure LABEL [hyperfine options --] ARGS...: hyperfine of ARGS under every runtime, in one run
    local label=$1; shift
    local options=()
    if [ "${1:-}" = --prepare ]; then options=("$1" "$2"); shift 3; fi
    local commands=() name
    for name in "${RUNTIMES[@]}"; do
        commands+=(-n "$name" "${BIN[$name]} --root $WORK/root-$name $*")
    done
    hyperfine -N --style none --warmup 20 -r "$RUNS" "${options[@]}" --export-csv "$WORK/$label.csv" "${commands[@]}" >/dev/null
    while IFS=, read -r name mean sd _; do
        MEAN[$label,$name]=$mean SD[$label,$name]=$sd
    done < <(tail -n +2 "$WORK/$label.csv")
}
measure version --version
measure state state "bench-created-$$"
measure exec exec "bench-running-$$" true
measure run run --bundle "$WORK/true-bundle" "bench-run-$$"
# Back to back, a runtime that writes a pid to a v1 cgroup.procs often finds the kernel's
# rcu_sync still warm from its previous run; engines rarely start containers every few ms.
# "run-paced" leaves 50 ms between runs (not timed).
measure run-paced --prepare "sleep 0.05" -- run --bundle "$WORK/true-bundle" "bench-run-$$"

declare -A RSS
for name in "${RUNTIMES[@]}"; do
    peak=0
    for _ in $(seq "$RSS_RUNS"); do
        /usr/bin/time -o "$WORK/rss" -f '%M' "${BIN[$name]}" --root "$WORK/root-$name" run --bundle "$WORK/true-bundle" "bench-rss-$$" >/dev/null 2>&1
        kib=$(tail -1 "$WORK/rss")
        [ "$kib" -gt "$peak" ] && peak=$kib
    done
    RSS[$name]=$peak
done

ms() { awk -v s="$1" 'BEGIN { printf "%.2f", s * 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "ocirt $("$OCIRT" --version | head -1 | awk '{print $3}') $(git rev-parse --short HEAD 2>/dev/null), $(runc --version | head -1), $(crun --version | head -1); $(nproc) CPUs, kernel $(uname -r); hyperfine -N -r $RUNS"
printf '%-12s %20s %20s %20s %14s %14s\n' command ocirt runc crun ocirt/crun runc/crun
for label in version state exec run run-paced; do
    row=()
    for name in "${RUNTIMES[@]}"; do row+=("$(ms "${MEAN[$label,$name]}") ± $(ms "${SD[$label,$name]}") ms"); done
    printf '%-12s %20s %20s %20s %14s %14s\n' "$label" "${row[@]}" \
        "$(ratio "${MEAN[$label,ocirt]}" "${MEAN[$label,crun]}")" "$(ratio "${MEAN[$label,runc]}" "${MEAN[$label,crun]}")"
done
printf '%-12s %20s %20s %20s %14s %14s\n' "run peakRSS" "${RSS[ocirt]} KiB" "${RSS[runc]} KiB" "${RSS[crun]} KiB" \
    "$(ratio "${RSS[ocirt]}" "${RSS[crun]}")" "$(ratio "${RSS[runc]}" "${RSS[crun]}")"
