using Microsoft.Extensions.Logging;
using Oci.Runtime.Lifecycle;
using Oci.Runtime.Linux.Hooks;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Linux.Containers;

/// <summary>
/// Releases what a stopped container holds on the host (its cgroup directories, and without a
/// mount namespace its mounts), then runs its poststop hooks.
/// </summary>
public sealed class HostResources(StateStore store, ILogger log) : IContainerResources
{
    public void Release(ContainerRecord record)
    {
        if (HostMountsMade.Apply(record.Namespaces) && record.Rootfs is { Length: > 0 } rootfs)
            HostMountsMade.Undo(store.DirectoryOf(record.Id), rootfs, log);
        if (record.CgroupDirectories is { Count: > 0 })
        {
            var cgroup = ContainerCgroups.Open(record, log);
            ContainerCgroups.Guard(() => KillRemaining(cgroup));
            ContainerCgroups.Guard(cgroup.Destroy);
        }
        new HookRunner(log).RunWarning("poststop", record.Hooks?.Poststop, HookStates.Of(record, "stopped"));
    }

    /// <summary>
    /// Without its own PID namespace a container's processes outlive its init: SIGKILL whatever
    /// is left in the cgroup and wait for it to empty, so the cgroup can be removed (as runc does).
    /// </summary>
    private static void KillRemaining(Cgroups.ICgroupManager cgroup)
    {
        if (cgroup.Pids().Count == 0)
            return;
        cgroup.KillAll(9);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (cgroup.Pids().Count > 0 && DateTime.UtcNow < deadline)
            Thread.Sleep(10);
    }

    /// <summary>
    /// The saved config.json names the cgroup (linux.cgroupsPath, or the default from the id);
    /// everything in it is killed, as runc's delete --force kills every process of the cgroup,
    /// and its directories removed. Parents create made are not known, so they stay.
    /// </summary>
    public void Salvage(string id, string directory, string why)
    {
        log.LogWarning("delete --force \"{Id}\": {Why}: killing what is in its cgroup and removing it", id, why);
        string? cgroupsPath = null;
        try
        {
            cgroupsPath = SpecLoader.Parse(SmallFile.ReadBytes(Path.Combine(directory, ContainerCreator.ContainerConfig)), ContainerCreator.ContainerConfig).Linux?.CgroupsPath;
        }
        catch (Exception e) when (e is OcirtException or IOException or UnauthorizedAccessException)
        {
            log.LogWarning("delete --force \"{Id}\": its saved config cannot be read either: trying the default cgroup path", id);
        }
        var cgroup = ContainerCgroups.Open(new ContainerRecord { Id = id, CgroupsPath = cgroupsPath }, log);
        ContainerCgroups.Guard(() => KillRemaining(cgroup));
        ContainerCgroups.Guard(cgroup.Destroy);
    }

    public void Thaw(ContainerRecord record)
    {
        try
        {
            ContainerCgroups.Guard(ContainerCgroups.Open(record, log).Thaw);
        }
        catch (OcirtException e)
        {
            log.LogWarning("thaw container \"{Id}\": {Message}", record.Id, e.Message);
        }
    }
}
