using System.Globalization;
using System.Text;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Linux.Containers;

/// <summary>
/// Writes linux.uidMappings and gidMappings for a child in a new user namespace. The parent
/// does it: only a process with CAP_SETUID/CAP_SETGID in the parent namespace may map ids
/// other than its own.
/// </summary>
public static class IdMaps
{
    public static void Write(int pid, Spec.Spec spec)
    {
        Write(pid, "uid_map", spec.Linux?.UidMappings, "linux.uidMappings");
        Write(pid, "gid_map", spec.Linux?.GidMappings, "linux.gidMappings");
    }

    public static string Format(IEnumerable<LinuxIdMapping> mappings) =>
        string.Concat(mappings.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.ContainerId} {m.HostId} {m.Size}\n")));

    private static void Write(int pid, string file, List<LinuxIdMapping>? mappings, string field)
    {
        if (mappings is not { Count: > 0 })
            return;
        var path = $"/proc/{pid}/{file}";
        try
        {
            // One write(2): the kernel accepts a map only whole and only once.
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
            stream.Write(Encoding.ASCII.GetBytes(Format(mappings)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OcirtException($"{field}: write {path}: {e.Message}");
        }
    }
}
