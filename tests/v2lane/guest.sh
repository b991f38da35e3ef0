#!/bin/bash
# v2 lane guest, second stage: PID 1 on the host's read-only root, or, in the systemd lane, a
# unit of systemd's. As PID 1 it makes the mounts a cgroup v2 host has; in both it enables
# every controller for child cgroups (as systemd does for a delegated cgroup), then runs
# checks.sh (and, under systemd, systemd-checks.sh first); the exit status goes to the shared
# directory before the guest powers off.
here=$(dirname "$0")
lane=v2lane
if [ "$(cat /proc/1/comm)" = systemd ]; then
    lane=systemd
else
    mount -t tmpfs -o mode=1777 tmpfs /tmp
    mount -t tmpfs -o mode=755 tmpfs /run
    mount -t cgroup2 cgroup2 /sys/fs/cgroup
fi
for controller in $(cat /sys/fs/cgroup/cgroup.controllers); do
    echo "+$controller" >/sys/fs/cgroup/cgroup.subtree_control
done
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root
# The binary is run hundreds of times: a copy in the guest's tmpfs spares a 9p read each time.
install -m 0755 "$(sed -n 's/.*v2lane\.ocirt=\([^ ]*\).*/\1/p' /proc/cmdline)" /run/ocirt-under-test
LANE=$lane bash "$here/checks.sh" /run/ocirt-under-test
echo $? >/mnt/rc
sync
if [ "$lane" = systemd ]; then systemctl poweroff --force --force; else busybox poweroff -f; fi
