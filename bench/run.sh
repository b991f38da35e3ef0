#!/usr/bin/env bash
# bench/run.sh [OCIRT] — ocirt against runc and crun, in one run, on one machine.
#
# Every runtime gets the same busybox bundle and its own --root. For each runtime it times, with
# hyperfine: `--version`; `state` of a created container; the verbs an engine calls one by one
# (`create`; `start` of a created container; `kill` of a running one; `delete` of a stopped one),
# each after an untimed step that puts the container where the verb finds it; `exec` of `true`
# into a running container; a whole foreground `run` of `true` (create, start, wait, delete),
# back to back and with a pause between runs; and 200 such runs by 2 parallel workers. Then the
# peak RSS of `run` with GNU time (the largest process of the runtime's tree). It prints means
# and ratios to crun. Speed targets are judged on these ratios, never on absolute times.
#
# crun 1.8 refuses a hybrid cgroup host (v1 controllers plus a cgroup2 mount at
# /sys/fs/cgroup/unified), so on such a host the whole run happens in a private mount namespace
# with that mount hidden: every runtime sees the same, v1-only, host.
#
# Env: BENCH_RUNS (hyperfine runs per command, default 200), BENCH_RSS_RUNS (default 20),
# BENCH_PARALLEL_RUNS (runs of the 200-container row, default 5).
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."
OCIRT=$(readlink -f "${1:-out/bin/ocirt}")
RUNS=${BENCH_RUNS:-200}
RSS_RUNS=${BENCH_RSS_RUNS:-20}
PARALLEL_RUNS=${BENCH_PARALLEL_RUNS:-5}

[ "$(id -u)" = 0 ] || { echo "bench: run as root" >&2; exit 2; }
[ -x "$OCIRT" ] || { echo "bench: no ocirt at $OCIRT (make build)" >&2; exit 2; }
scripts/install-deps.sh hyperfine runc crun busybox-static time

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
        for id in $(rt "$name" list -q 2>/dev/null); do rt "$name" delete --force "$id" >/dev/null 2>&1 || true; done
    done
    rm -rf "$WORK"
}
trap cleanup EXIT

# One rootfs, two bundles: `true` (run, and the created container for state) and `sleep` (exec, kill).
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

# $WORK/prepare BIN ROOT VERB: the untimed step before each timed run of VERB, so that every run
# finds the container in the same state: none (create), created (start), running (kill),
# stopped (delete).
cat > "$WORK/prepare" <<PREPARE
#!/bin/sh
bin=\$1 root=\$2 id=bench-\$3-$$
\$bin --root \$root delete --force \$id >/dev/null 2>&1
case \$3 in
start) \$bin --root \$root create --bundle $WORK/true-bundle \$id ;;
kill) \$bin --root \$root run --detach --bundle $WORK/sleep-bundle \$id ;;
delete)
    \$bin --root \$root run --detach --bundle $WORK/true-bundle \$id
    until \$bin --root \$root state \$id | grep -q '"stopped"'; do sleep 0.001; done ;;
esac
PREPARE
chmod +x "$WORK/prepare"

declare -A MEAN SD
# measure LABEL [--prepare CMD | --prepare-verb VERB] -- ARGS...: hyperfine of ARGS under every runtime, in one run
measure() {
    local label=$1; shift
    local options=() verb=
    if [ "${1:-}" = --prepare ]; then options=("$1" "$2"); shift 3; fi
    if [ "${1:-}" = --prepare-verb ]; then verb=$2; shift 3; fi
    local commands=() name
    for name in "${RUNTIMES[@]}"; do
        commands+=(-n "$name" "${BIN[$name]} --root $WORK/root-$name $*")
        if [ -n "$verb" ]; then options+=(--prepare "$WORK/prepare ${BIN[$name]} $WORK/root-$name $verb"); fi
    done
    hyperfine -N --style none --warmup 20 -r "$RUNS" "${options[@]}" --export-csv "$WORK/$label.csv" "${commands[@]}" >/dev/null 2>"$WORK/$label.err" \
        || { cat "$WORK/$label.err" >&2; exit 1; }
    while IFS=, read -r name mean sd _; do
        MEAN[$label,$name]=$mean SD[$label,$name]=$sd
    done < <(tail -n +2 "$WORK/$label.csv")
}
measure version --version
measure state state "bench-created-$$"
measure create --prepare-verb create -- create --bundle "$WORK/true-bundle" "bench-create-$$"
measure start --prepare-verb start -- start "bench-start-$$"
measure kill --prepare-verb kill -- kill "bench-kill-$$" KILL
measure delete --prepare-verb delete -- delete "bench-delete-$$"
measure exec exec "bench-running-$$" true
measure run run --bundle "$WORK/true-bundle" "bench-run-$$"
# Back to back, a runtime that writes a pid to a v1 cgroup.procs often finds the kernel's
# rcu_sync still warm from its previous run; engines rarely start containers every few ms.
# "run-paced" leaves 50 ms between runs (not timed).
measure run-paced --prepare "sleep 0.05" -- run --bundle "$WORK/true-bundle" "bench-run-$$"

# Engines start many containers at once: 200 foreground runs of `true` by 2 workers, timed whole.
commands=()
for name in "${RUNTIMES[@]}"; do
    commands+=(-n "$name" "seq 200 | xargs -P 2 -I{} ${BIN[$name]} --root $WORK/root-$name run --bundle $WORK/true-bundle bench-par-$$-{}")
done
hyperfine --style none --warmup 1 -r "$PARALLEL_RUNS" --export-csv "$WORK/parallel.csv" "${commands[@]}" >/dev/null 2>"$WORK/parallel.err" \
    || { cat "$WORK/parallel.err" >&2; exit 1; }
while IFS=, read -r name mean sd _; do
    MEAN[parallel,$name]=$mean SD[parallel,$name]=$sd
done < <(tail -n +2 "$WORK/parallel.csv")

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
# The binary's own commit (it may be an older build than this checkout).
echo "ocirt $("$OCIRT" --version | head -1 | awk '{print $3}') $("$OCIRT" --version | sed -n 's/^commit: \(.\{7\}\).*/\1/p'), $(runc --version | head -1), $(crun --version | head -1); $(nproc) CPUs, kernel $(uname -r); hyperfine -N -r $RUNS"
printf '%-12s %22s %22s %22s %11s %10s\n' command ocirt runc crun ocirt/crun runc/crun
for label in version state create start kill delete exec run run-paced parallel; do
    row=()
    for name in "${RUNTIMES[@]}"; do row+=("$(ms "${MEAN[$label,$name]}") ± $(ms "${SD[$label,$name]}") ms"); done
    shown=$label
    [ "$label" = parallel ] && shown="200 by 2"
    printf '%-12s %22s %22s %22s %11s %10s\n' "$shown" "${row[@]}" \
        "$(ratio "${MEAN[$label,ocirt]}" "${MEAN[$label,crun]}")" "$(ratio "${MEAN[$label,runc]}" "${MEAN[$label,crun]}")"
done
printf '%-12s %22s %22s %22s %11s %10s\n' "run peakRSS" "${RSS[ocirt]} KiB" "${RSS[runc]} KiB" "${RSS[crun]} KiB" \
    "$(ratio "${RSS[ocirt]}" "${RSS[crun]}")" "$(ratio "${RSS[runc]}" "${RSS[crun]}")"
