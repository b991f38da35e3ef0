using static Oci.Runtime.Linux.Setup.LinuxConstants;

using Oci.Runtime.Spec;

namespace Oci.Runtime.Linux.Setup.Steps;

/// <summary>
/// Paths inside the container's root, handled so that no symlink in the rootfs can send a
/// mount or mkdir to the host (CVE-2021-30465 and friends): every lookup is an openat2 with
/// RESOLVE_IN_ROOT from the root's fd, and every mkdir is relative to a parent fd so opened.
/// </summary>
public static class PathSteps
{
    public const long InRoot = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;

    /// <summary>"/a/../b/" → "b": lexical clean-up, relative to the root; "" is the root itself.</summary>
    public static string Relative(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".")
                continue;
            if (part == "..")
            {
                if (parts.Count > 0)
                    parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(part);
        }
        return string.Join('/', parts);
    }

    /// <summary>Creates every missing directory of <paramref name="relative"/> (and the last one as a file if asked).</summary>
    public static void MakeAll(SetupEmitter e, Register root, string relative, bool lastIsFile, string culprit)
    {
        if (relative.Length == 0)
            return;
        var parts = relative.Split('/');
        var parent = e.Reg("parent");
        for (var i = 0; i < parts.Length; i++)
        {
            var parentPath = string.Join('/', parts.Take(i));
            Arg parentArg;
            if (i == 0)
                parentArg = Arg.In(root);
            else
            {
                e.OpenAt2(Arg.In(root), parentPath, O_PATH | O_DIRECTORY | O_CLOEXEC, 0, InRoot, parent, culprit + $": open \"/{parentPath}\"");
                parentArg = Arg.In(parent);
            }
            var last = i == parts.Length - 1;
            if (last && lastIsFile)
            {
                // O_NOFOLLOW: an existing symlink stays as it is; the later lookup resolves it inside the root.
                var file = e.Reg("file");
                e.OpenAt2(parentArg, parts[i], O_CREAT | O_RDONLY | O_NOFOLLOW | O_CLOEXEC, 0x1a4, RESOLVE_BENEATH, file,
                    culprit + $": create file \"/{relative}\"");
                e.Then(file, alternateErrno: Errno.ELOOP, skipOnAlternate: 1);
                e.Close(file, culprit);
            }
            else
            {
                e.Syscall(Sys.Mkdirat, culprit + $": mkdir \"/{string.Join('/', parts.Take(i + 1))}\"", parentArg, e.Str(parts[i]), Arg.Octal(0x1ed));
                e.Then(alternateErrno: Errno.EEXIST);
            }
            if (i > 0)
                e.Close(parent, culprit);
        }
    }
}
