namespace Oci.Runtime.Linux.Containers;

/// <summary>
/// Where a path of the rootfs leads through the image's symlinks, every one read as if the
/// rootfs were "/" (an absolute target and ".." stop at the rootfs, as securejoin does for
/// runc). Used to create the target of a mount whose destination is a dangling symlink:
/// runc and crun create what the symlink names. This only chooses what to create; the child
/// still creates and opens every path with openat2(RESOLVE_IN_ROOT) from the rootfs's fd, so
/// a symlink swapped in later cannot lead outside the rootfs (CVE-2021-30465).
/// </summary>
public static class RootfsSymlinks
{
    /// <summary>Linux's limit on symlinks followed in one lookup (MAXSYMLINKS).</summary>
    private const int MaxLinks = 40;

    /// <param name="relative">A cleaned path relative to the rootfs ("etc/localtime").</param>
    /// <param name="mountedOver">Destinations (relative) of the config's earlier mounts: the image's
    /// content under them is hidden in the container, so resolution stops at them.</param>
    /// <returns>The resolved path, relative to the rootfs; <paramref name="relative"/> when no symlink is in the way (or they loop).</returns>
    public static string Resolve(string rootfs, string relative, IReadOnlyCollection<string> mountedOver)
    {
        var resolved = new List<string>();
        var pending = new LinkedList<string>(relative.Split('/', StringSplitOptions.RemoveEmptyEntries));
        var links = 0;
        var lexical = false;
        while (pending.First is { } first)
        {
            var part = first.Value;
            pending.RemoveFirst();
            if (part == ".")
                continue;
            if (part == "..")
            {
                if (resolved.Count > 0)
                    resolved.RemoveAt(resolved.Count - 1);
                continue;
            }
            resolved.Add(part);
            if (lexical)
                continue;
            var candidate = string.Join('/', resolved);
            if (mountedOver.Any(m => m.Length == 0 || candidate == m || candidate.StartsWith(m + "/", StringComparison.Ordinal)))
            {
                lexical = true;
                continue;
            }
            var onHost = Path.Combine(rootfs, candidate);
            if (LinkTarget(onHost) is not { } target)
            {
                // Nothing below a missing name can be a symlink: the rest is taken as it is.
                lexical = !Path.Exists(onHost);
                continue;
            }
            // A loop: left to the child, whose lookup fails with ELOOP naming the mount.
            if (++links > MaxLinks)
                return relative;
            resolved.RemoveAt(resolved.Count - 1);
            if (target.StartsWith('/'))
                resolved.Clear();
            foreach (var linkPart in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
                pending.AddFirst(linkPart);
        }
        var result = string.Join('/', resolved);
        return result == relative ? relative : result;
    }

    private static string? LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
