using Microsoft.Extensions.Logging;
using Oci.Runtime.Spec;
using static Oci.Runtime.Linux.Setup.LinuxConstants;

namespace Oci.Runtime.Linux.Containers;

/// <summary>
/// A container without a mount namespace shares the runtime's (runtime-spec: the namespace is
/// inherited), so its mounts land on the host. The init makes every one of them on its bind of
/// the rootfs onto itself; `delete`, or a failed `create`, detaches that bind and with it all
/// of them. runc and crun leave them on the host. Mounts that were on the rootfs before create
/// (an overlay an engine mounted, say) are told apart by the ids noted before the init ran, and
/// never touched.
/// </summary>
public static class HostMountsMade
{
    /// <summary>In the state directory: the ids of the mounts at the rootfs before create.</summary>
    public const string NoteFile = "rootfs-mounts-before";

    private const int UMOUNT_NOFOLLOW = 8;

    public static bool Apply(IEnumerable<string>? namespaces) => namespaces?.Contains(NamespaceTypes.Mount) != true;

    /// <summary>Before the init runs: the mounts already at the rootfs, which are not the container's.</summary>
    public static void NoteBefore(string directory, string rootfs)
    {
        using var file = new FileStream(Path.Combine(directory, NoteFile), new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        using var writer = new StreamWriter(file);
        foreach (var id in MountTable.IdsAt(Canonical(rootfs)))
            writer.WriteLine(id);
    }

    /// <summary>Detaches every mount at the rootfs made since <see cref="NoteBefore"/>, newest first.</summary>
    public static void Undo(string directory, string rootfs, ILogger log)
    {
        var note = Path.Combine(directory, NoteFile);
        if (!File.Exists(note) || !Directory.Exists(rootfs))
            return;
        if (ReadNote(note, log) is not { } before)
            return;
        var point = Canonical(rootfs);
        // Each umount2 takes the topmost mount there; a mount of the container's always sits
        // above the ones noted, so it is never one of those that goes.
        for (var made = Made(point, before); made > 0; made--)
        {
            var result = Syscalls.Umount2(point, MNT_DETACH | UMOUNT_NOFOLLOW);
            if (result < 0)
            {
                log.LogWarning("root.path: detach the container's mounts on \"{Rootfs}\": umount2: {Reason}", point, Errno.Describe((int)-result));
                return;
            }
        }
    }

    /// <summary>
    /// The noted ids, or null when the note cannot be read or trusted: then nothing is detached,
    /// since an unknown mount at the rootfs may be an engine's (its image's overlay) and not ours.
    /// </summary>
    private static HashSet<int>? ReadNote(string note, ILogger log)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(note);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.LogWarning("read \"{Note}\": cannot be read; the container's mounts on the host are left in place", note);
            return null;
        }
        var ids = new HashSet<int>();
        foreach (var line in lines)
        {
            if (!int.TryParse(line, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
            {
                log.LogWarning("read \"{Note}\": not a mount id: \"{Line}\"; the container's mounts on the host are left in place", note, line);
                return null;
            }
            ids.Add(id);
        }
        return ids;
    }

    private static int Made(string point, HashSet<int> before) => MountTable.IdsAt(point).Count(id => !before.Contains(id));

    /// <summary>The rootfs as mountinfo names it: with every symlink of the bundle's path resolved.</summary>
    private static string Canonical(string rootfs)
    {
        var fd = Syscalls.Open(rootfs, (int)(O_PATH | O_DIRECTORY | O_CLOEXEC));
        if (fd < 0)
            throw new OcirtException($"root.path: open \"{rootfs}\": {Errno.Describe((int)-fd)}");
        try
        {
            return new FileInfo($"/proc/self/fd/{fd}").LinkTarget ?? rootfs;
        }
        finally
        {
            Syscalls.Close((int)fd);
        }
    }
}
