using System.Globalization;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Linux.Containers;

/// <summary>What the compiler needs to know about the host, read once per create.</summary>
public static class HostFacts
{
    /// <summary>/proc/sys/kernel/cap_last_cap; 40 (CAP_CHECKPOINT_RESTORE) if unreadable.</summary>
    public static int LastCapability()
    {
        try
        {
            return int.Parse(SmallFile.ReadText("/proc/sys/kernel/cap_last_cap").Trim(), CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            return 40;
        }
    }

    /// <summary>
    /// The capabilities a container of this host can be given: those of this kernel that are
    /// in ocirt's own bounding set (a bounding set only ever shrinks, also across a new user
    /// namespace, so a capability missing here cannot be granted by anything ocirt does).
    /// </summary>
    public static ulong GrantableCapabilities()
    {
        var onThisKernel = Spec.CapabilityGrants.Through(Math.Min(LastCapability(), Spec.Capabilities.Last));
        try
        {
            foreach (var line in SmallFile.ReadText("/proc/self/status").Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                if (line.StartsWith("CapBnd:", StringComparison.Ordinal)
                    && ulong.TryParse(line.AsSpan(7).Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var bounding))
                    return onThisKernel & bounding;
            }
        }
        catch (IOException)
        {
            // No /proc/self/status: the kernel's list alone.
        }
        return onThisKernel;
    }

    /// <summary>ocirt runs in a user namespace other than the initial one (rootless podman's): its uid_map is not the whole range mapped onto itself.</summary>
    public static bool InUserNamespace()
    {
        try
        {
            var map = SmallFile.ReadText("/proc/self/uid_map").Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return map is not ["0", "0", "4294967295"];
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// A uid or gid the process's user namespace does not map cannot be taken (setresuid says
    /// only EINVAL): said up front, with the map, as a rootless container maps few ids.
    /// </summary>
    public static void RefuseUnmapped(int pid, uint uid, uint gid)
    {
        Check($"/proc/{pid}/uid_map", uid, "process.user.uid");
        Check($"/proc/{pid}/gid_map", gid, "process.user.gid");

        static void Check(string map, uint id, string field)
        {
            string text;
            try
            {
                text = SmallFile.ReadText(map);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return; // the setup program's own error will say what is wrong
            }
            var ranges = text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Where(f => f.Length == 3)
                .Select(f => (Inside: ulong.Parse(f[0], CultureInfo.InvariantCulture), Size: ulong.Parse(f[2], CultureInfo.InvariantCulture)));
            if (!ranges.Any(r => id >= r.Inside && id < r.Inside + r.Size))
                throw new Spec.OcirtException($"{field}: {id} is not mapped in the container's user namespace ({map}: {string.Join(", ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries))))})");
        }
    }

    /// <summary>Whether setgroups(2) is denied in the user namespace of a process (a rootless container's).</summary>
    public static bool DeniesSetgroups(int pid)
    {
        try
        {
            return SmallFile.ReadText($"/proc/{pid}/setgroups").Trim() == "deny";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static bool HasKcore() => File.Exists("/proc/kcore");

    /// <summary>
    /// $LISTEN_FDS (socket activation): fds 3..3+N-1 that systemd handed to this very process, as
    /// sd_listen_fds(3) decides it: only when $LISTEN_PID is our own pid. A LISTEN_FDS inherited
    /// from a socket-activated ancestor names fds that are not sockets meant for the container
    /// (they may be anything the caller has open), so passing them would leak them in.
    /// </summary>
    public static int ListenFds() => ListenFds(
        Environment.GetEnvironmentVariable("LISTEN_FDS"), Environment.GetEnvironmentVariable("LISTEN_PID"), Environment.ProcessId);

    public static int ListenFds(string? listenFds, string? listenPid, int ownPid) =>
        int.TryParse(listenPid, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid == ownPid
        && int.TryParse(listenFds, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;

    /// <summary>HOME for a uid from the container's /etc/passwd (a symlinked passwd is not followed out of the rootfs).</summary>
    public static string HomeOf(string rootfs, uint uid)
    {
        var passwd = Path.Combine(rootfs, "etc", "passwd");
        try
        {
            if (new FileInfo(passwd).LinkTarget is not null)
                return "/";
            var wanted = uid.ToString(CultureInfo.InvariantCulture);
            foreach (var line in SmallFile.ReadText(passwd).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var fields = line.Split(':');
                if (fields.Length > 5 && fields[2] == wanted && fields[5].Length > 0)
                    return fields[5];
            }
        }
        catch (IOException)
        {
            // No passwd in the image: "/" as runc uses.
        }
        return "/";
    }
}
