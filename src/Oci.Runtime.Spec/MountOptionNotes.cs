namespace Oci.Runtime.Spec;

/// <summary>
/// Mount options ocirt accepts and that have no effect, named so they are visible (a debug
/// line at create, a note from `validate`): an empty option (buildah writes one for every
/// `-v`), and a plain word on a bind mount that is not a mount flag, such as the "z", "Z" and
/// "U" that podman and buildah pass through. runc hands such words to the kernel as mount
/// data, which a bind mount ignores; ocirt drops them itself.
/// </summary>
public static class MountOptionNotes
{
    public static bool IsBind(Mount mount) =>
        mount.Type == "bind" || mount.Options?.Any(o => o is "bind" or "rbind") == true;

    /// <summary>Whether mount(2) would be given <paramref name="option"/> as data only to ignore it.</summary>
    public static bool IsIgnored(Mount mount, string option) =>
        option.Length == 0 || (IsBind(mount) && !option.Contains('=') && !KnownNames.MountOptions.Contains(option));

    public static IEnumerable<string> Ignored(IReadOnlyList<Mount>? mounts)
    {
        for (var i = 0; i < mounts?.Count; i++)
        {
            for (var j = 0; j < mounts[i].Options?.Count; j++)
            {
                var option = mounts[i].Options![j];
                if (!IsIgnored(mounts[i], option))
                    continue;
                var why = option.Length == 0 ? "an empty option" : "not a mount flag, and a bind mount takes no filesystem data";
                yield return $"mounts[{i}].options[{j}]: \"{option}\" is ignored: {why}";
            }
        }
    }
}
