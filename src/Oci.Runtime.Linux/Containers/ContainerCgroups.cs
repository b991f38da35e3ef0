using Microsoft.Extensions.Logging;
using Oci.Runtime.Cgroups;
using Oci.Runtime.Lifecycle;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Linux.Containers;

/// <summary>A container's cgroup, opened from what its record says, with cgroupfs errors turned into ocirt's.</summary>
public static class ContainerCgroups
{
    public static ICgroupManager Open(ContainerRecord record, ILogger? log = null)
    {
        var manager = Guard(() => CgroupManagers.Open(
            new CgroupRequest(record.Id, record.CgroupsPath, record.SystemdCgroup, record.CgroupDirectories), log: log));
        return record.NoCgroup ? new AbsentCgroup(manager.Mode) : manager;
    }

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

    /// <summary>
    /// Creates the cgroup and applies linux.resources with runc's default device rules; returns
    /// the container's cgroup. Rootless, a hierarchy the caller may not write to is not an
    /// error while the config asks for no limits (device rules aside, as runc has it: an
    /// unprivileged container cannot reach a device node it was not given anyway): the
    /// container then has no cgroup of its own. Asked-for limits that cannot be applied are.
    /// </summary>
    public static ICgroupManager Create(ICgroupManager manager, Spec.Spec spec, ContainerRecord record, bool rootless, ILogger log)
    {
        var resources = spec.Linux?.Resources ?? new LinuxResources();
        try
        {
            manager.Create();
        }
        catch (Exception e) when (rootless && IsRefusal(e))
        {
            var why = e is OcirtException ? e.Message : $"cgroups: {e.Message}";
            if (ResourceNames.Asked(resources, countDevices: false) is { Count: > 0 } asked)
                throw new OcirtException($"{why}: running rootless without a delegated cgroup, {string.Join(", ", asked)} cannot be applied (remove them, or run where the cgroup is delegated to this user)");
            Guard(manager.Destroy);
            log.LogDebug("{Why}: rootless, and no limits asked for: the container stays in the caller's cgroup", why);
            record.NoCgroup = true;
            record.CgroupDirectories = [];
            return new AbsentCgroup(manager.Mode);
        }
        catch (CgroupFsException e)
        {
            throw new OcirtException($"cgroups: {e.Message}");
        }
        record.CgroupDirectories = [.. manager.CreatedDirectories];
        var devices = DeviceRules.WithRuncDefaults(resources.Devices, spec.Linux?.Devices);
        if (!rootless)
        {
            resources.Devices = devices;
            Guard(() => manager.Apply(resources));
            return manager;
        }
        // Rootless in a delegated cgroup: the limits apply, but the v2 device filter is a BPF
        // program a user may not attach (and a user cannot reach a device it was not given
        // anyway), so refused device rules are left out, as runc does.
        resources.Devices = null;
        Guard(() => manager.Apply(resources));
        try
        {
            manager.Apply(new LinuxResources { Devices = devices });
        }
        catch (Exception e) when (IsRefusal(e))
        {
            log.LogDebug("cgroups: {Message}: rootless: the device rules are not applied", e.Message);
        }
        catch (CgroupFsException e)
        {
            throw new OcirtException($"cgroups: {e.Message}");
        }
        return manager;
    }

    /// <summary>The kernel's no to an unprivileged mkdir in a cgroup hierarchy (some backends wrap the cgroupfs error in ocirt's).</summary>
    private static bool IsRefusal(Exception e) =>
        (e as CgroupFsException ?? e.InnerException as CgroupFsException)?.Errno is Errno.EACCES or Errno.EPERM or Errno.EROFS;

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
