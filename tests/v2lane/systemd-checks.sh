# The systemd lane's own checks, sourced by checks.sh (its helpers: check, ocirt, bundle) in a
# guest whose PID 1 is Debian's systemd on a pure cgroup v2 hierarchy. The checks above it ran
# here too: ocirt's cgroupfs driver beside systemd's slices.

# --- the host is what engines meet on most machines -----------------------------------------
ping=$(busctl call org.freedesktop.systemd1 /org/freedesktop/systemd1 org.freedesktop.DBus.Peer Ping 2>&1)
ping_status=$?
check "systemd host" "PID 1 $(cat /proc/1/comm), /sys/fs/cgroup $(stat -fc %T /sys/fs/cgroup), systemd over D-Bus: $([ "$ping_status" = 0 ] && echo answers || echo "$ping"), state $(systemctl is-system-running 2>&1)" \
    eval '[ "$(cat /proc/1/comm)" = systemd ] && [ "$(stat -fc %T /sys/fs/cgroup)" = cgroup2fs ] && [ "$ping_status" = 0 ]'

# --- the systemd cgroup driver is not there yet: refused by name, and nothing left ----------
bundle sd 'true' '{}'
sed -i 's|"linux": {|"linux": {"cgroupsPath": "system.slice:ocirt:sd",|' "$work/sd/config.json"
out=$("$ocirt_bin" --root "$root" --systemd-cgroup run --bundle "$work/sd" sd 2>&1 </dev/null)
sd_status=$?
units=$(systemctl list-units --all --no-legend 'ocirt-sd*' 2>/dev/null | wc -l)
sd_cgroups=$(find $cg -type d \( -name ocirt-sd.scope -o -name sd \) | tr '\n' ' ')
check "--systemd-cgroup refused" "exit $sd_status: $out; state $([ -e "$root/sd" ] && echo kept || echo gone), units ocirt-sd*: $units, cgroups: ${sd_cgroups:-none}" \
    eval '[ "$sd_status" = 1 ] && echo "$out" | grep -q "systemd cgroup driver is not supported yet" && [ ! -e "$root/sd" ] && [ "$units" = 0 ] && [ -z "$sd_cgroups" ]'
