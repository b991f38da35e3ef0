using System.Globalization;
using System.Text;
using Oci.Runtime.Spec;
using static Oci.Runtime.Linux.Setup.LinuxConstants;

namespace Oci.Runtime.Linux.Containers;

/// <summary>
/// Writes linux.uidMappings and gidMappings for a child in a new user namespace. The parent
/// does it: only a process with CAP_SETUID/CAP_SETGID in the parent namespace may map ids
/// other than its own. An unprivileged parent may map its own ids only, and its gid only once
/// setgroups is denied in the namespace (user_namespaces(7)), which it does first.
/// </summary>
public static class IdMaps
{
    public static void Write(int pid, Spec.Spec spec, bool unprivileged)
    {
        Write(pid, "uid_map", spec.Linux?.UidMappings, "linux.uidMappings", unprivileged);
        if (unprivileged && spec.Linux?.GidMappings is { Count: > 0 })
            WriteFile($"/proc/{pid}/setgroups", "deny", "linux.gidMappings", "");
        Write(pid, "gid_map", spec.Linux?.GidMappings, "linux.gidMappings", unprivileged);
    }

    public static string Format(IEnumerable<LinuxIdMapping> mappings) =>
        string.Concat(mappings.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.ContainerId} {m.HostId} {m.Size}\n")));

    private static void Write(int pid, string file, List<LinuxIdMapping>? mappings, string field, bool unprivileged)
    {
        if (mappings is not { Count: > 0 })
            return;
        var hint = unprivileged
            ? "; as an unprivileged user ocirt can map only its own id, one mapping of size 1"
            : "";
        WriteFile($"/proc/{pid}/{file}", Format(mappings), field, hint);
    }

    /// <summary>One write(2): the kernel accepts a map only whole and only once.</summary>
    private static void WriteFile(string path, string text, string field, string hint)
    {
        var fd = Syscalls.Open(path, (int)(O_WRONLY | O_CLOEXEC));
        if (fd < 0)
            throw new OcirtException($"{field}: open {path}: {Errno.Describe((int)-fd)}{hint}");
        try
        {
            var written = Syscalls.Write((int)fd, Encoding.ASCII.GetBytes(text));
            if (written < 0)
                throw new OcirtException($"{field}: write {path}: {Errno.Describe((int)-written)}{hint}");
        }
        finally
        {
            Syscalls.Close((int)fd);
        }
    }
}
