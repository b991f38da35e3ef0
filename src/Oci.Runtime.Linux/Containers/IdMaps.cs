using System.Globalization;
using System.Text;
using Oci.Runtime.Linux.Hooks;
using Oci.Runtime.Spec;
using static Oci.Runtime.Linux.Setup.LinuxConstants;

namespace Oci.Runtime.Linux.Containers;

/// <summary>
/// Writes linux.uidMappings and gidMappings for a child in a new user namespace. The parent
/// does it: only a process with CAP_SETUID/CAP_SETGID in the parent namespace may map ids
/// other than its own. An unprivileged parent writes a map of its own id alone itself (for the
/// gid, once setgroups is denied there, as user_namespaces(7) demands); any wider map goes
/// through uidmap's setuid newuidmap/newgidmap, which allow the ranges /etc/subuid and
/// /etc/subgid give the user, as runc and crun do.
/// </summary>
public static class IdMaps
{
    private const int MapperTimeoutSeconds = 10;

    public static void Write(int pid, Spec.Spec spec, bool unprivileged)
    {
        var uids = spec.Linux?.UidMappings;
        var gids = spec.Linux?.GidMappings;
        if (uids is { Count: > 0 })
        {
            if (!unprivileged || IsOwnIdOnly(uids, EffectiveIds.Uid()))
                WriteFile($"/proc/{pid}/uid_map", Format(uids), "linux.uidMappings");
            else
                RunMapper("newuidmap", pid, uids, "linux.uidMappings");
        }
        if (gids is { Count: > 0 })
        {
            if (!unprivileged)
                WriteFile($"/proc/{pid}/gid_map", Format(gids), "linux.gidMappings");
            else if (IsOwnIdOnly(gids, EffectiveIds.Gid()))
            {
                WriteFile($"/proc/{pid}/setgroups", "deny", "linux.gidMappings");
                WriteFile($"/proc/{pid}/gid_map", Format(gids), "linux.gidMappings");
            }
            else
                RunMapper("newgidmap", pid, gids, "linux.gidMappings");
        }
    }

    /// <summary>Maps written by a privileged parent (the user namespace of an idmapped mount).</summary>
    public static void WriteAsRoot(int pid, IReadOnlyList<LinuxIdMapping> uids, IReadOnlyList<LinuxIdMapping> gids, string field)
    {
        WriteFile($"/proc/{pid}/uid_map", Format(uids), field + ".uidMappings");
        WriteFile($"/proc/{pid}/gid_map", Format(gids), field + ".gidMappings");
    }

    /// <summary>Whether the unprivileged runtime writes this map itself (and so denies setgroups for a gid map).</summary>
    public static bool IsOwnIdOnly(IReadOnlyList<LinuxIdMapping>? mappings, uint ownId) =>
        mappings is [{ Size: 1 } only] && only.HostId == ownId;

    public static string Format(IEnumerable<LinuxIdMapping> mappings) =>
        string.Concat(mappings.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.ContainerId} {m.HostId} {m.Size}\n")));

    private static void RunMapper(string mapper, int pid, IReadOnlyList<LinuxIdMapping> mappings, string field)
    {
        var path = FindOnPath(mapper) ?? throw new OcirtException(
            $"{field}: {mapper} not found in $PATH: an unprivileged user maps more than its own id only through it (Debian's uidmap package)");
        var args = new List<string> { mapper, pid.ToString(CultureInfo.InvariantCulture) };
        foreach (var m in mappings)
            args.AddRange([.. new[] { m.ContainerId, m.HostId, m.Size }.Select(v => v.ToString(CultureInfo.InvariantCulture))]);
        HookRunner.RunHelper(path, args, field, MapperTimeoutSeconds);
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") is { Length: > 0 } path ? path : "/usr/local/bin:/usr/bin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    /// <summary>One write(2): the kernel accepts a map only whole and only once.</summary>
    private static void WriteFile(string path, string text, string field)
    {
        var fd = Syscalls.Open(path, (int)(O_WRONLY | O_CLOEXEC));
        if (fd < 0)
            throw new OcirtException($"{field}: open {path}: {Errno.Describe((int)-fd)}");
        try
        {
            var written = Syscalls.Write((int)fd, Encoding.ASCII.GetBytes(text));
            if (written < 0)
                throw new OcirtException($"{field}: write {path}: {Errno.Describe((int)-written)}");
        }
        finally
        {
            Syscalls.Close((int)fd);
        }
    }
}
