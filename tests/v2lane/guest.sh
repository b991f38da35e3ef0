#!/bin/bash
# v2 lane guest, second stage (PID 1 on the host's read-only root): the mounts a cgroup v2
# host has, every controller enabled for child cgroups as systemd does, then checks.sh; its
# exit status goes to the shared directory before the guest powers off.
mount -t tmpfs -o mode=1777 tmpfs /tmp
mount -t tmpfs -o mode=755 tmpfs /run
mount -t cgroup2 cgroup2 /sys/fs/cgroup
for controller in $(cat /sys/fs/cgroup/cgroup.controllers); do
    echo "+$controller" >/sys/fs/cgroup/cgroup.subtree_control
done
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root
# The binary is run hundreds of times: a copy in the guest's tmpfs spares a 9p read each time.
install -m 0755 "$(sed -n 's/.*v2lane\.ocirt=\([^ ]*\).*/\1/p' /proc/cmdline)" /run/ocirt-under-test
bash "$(dirname "$0")/checks.sh" /run/ocirt-under-test
echo $? >/mnt/rc
sync
busybox poweroff -f
