using Microsoft.Extensions.Logging;
using Oci.Runtime.Cgroups;
using Oci.Runtime.Lifecycle;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Linux.Containers;

/// <summary>A container's cgroup, opened from what its record says, with cgroupfs errors turned into ocirt's.</summary>
public static class ContainerCgroups
{
    public static ICgroupManager Open(ContainerRecord record, ILogger? log = null) =>
        Guard(() => CgroupManagers.Open(
            new CgroupRequest(record.Id, record.CgroupsPath, record.SystemdCgroup, record.CgroupDirectories), log: log));

    /// <summary>Creates the cgroup and applies linux.resources with runc's default device rules.</summary>
    /// <summary>
    /// runc's "container's cgroup unexpectedly frozen": an init placed in a frozen cgroup stops
    /// before its first instruction and create would wait on it forever. Checked before
    /// anything is made, so the refusal leaves the host as it was (the frozen cgroup included).
    /// </summary>
    public static void RefuseFrozen(ICgroupManager manager)
    {
        if (Guard(manager.FrozenBecause) is { } frozen)
            throw new OcirtException($"cgroups: container's cgroup is frozen: {frozen}: thaw it or choose another linux.cgroupsPath");
    }

    public static void Create(ICgroupManager manager, Spec.Spec spec, ContainerRecord record)
    {
        Guard(() =>
        {
            manager.Create();
            record.CgroupDirectories = [.. manager.CreatedDirectories];
            var resources = spec.Linux?.Resources ?? new LinuxResources();
            resources.Devices = DeviceRules.WithRuncDefaults(resources.Devices, spec.Linux?.Devices);
            manager.Apply(resources);
            return manager;
        });
    }

    /// <summary>Opens the files the setup process writes itself into the cgroup through (<see cref="ICgroupManager.JoinFiles"/>).</summary>
    public static IReadOnlyList<(int Fd, string Path)> OpenJoinFiles(ICgroupManager manager, OpenFds fds) =>
        manager.JoinFiles.Select(path => (fds.Open(path, OpenFds.WriteOnly, "cgroups: join the container's cgroup"), path)).ToList();

    public static T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (CgroupFsException e)
        {
            throw new OcirtException($"cgroups: {e.Message}");
        }
    }

    public static void Guard(Action action) => Guard(() => { action(); return 0; });
}
