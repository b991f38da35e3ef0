namespace Oci.Runtime.Spec;

// Mount option policy. Options are fstab-style: the runtime interprets the flags it knows
// (KnownNames.MountOptions) and passes everything else to mount(2) as filesystem data.
// So, per mount:
// - an empty option is ignored, as by runc: buildah writes `-v HOST:CTR` as ["", "rw", ...];
// - "key=value" options are always accepted: they are data (size=64k, mode=755, context=...);
// - an unknown plain word is accepted for a real filesystem (e.g. "newinstance" for devpts)
//   because only that filesystem can judge it, and for a bind mount, where the kernel ignores
//   data: engines pass their own words through (podman's and buildah's "z", "Z", "U"), and
//   runc and crun run those mounts. What is ignored is named in a debug line at create
//   (MountOptionNotes), never an error an engine cannot avoid;
// - propagation flags are applied in order, so "shared" with "slave" is a valid (slave and
//   shared) combination, but "private" or "unbindable" next to a different mode undoes it,
//   which is an error; "private" with "rprivate" is the same mode and fine;
// - "ro" with "rw" and similar pairs are accepted: last one wins, as with mount(8).
// Relative destinations are accepted: config.md deprecates them but still requires
// runtimes to resolve them against "/", and runc only warns.
public static partial class SpecValidator
{
    private static void CheckMounts(Spec spec, ProblemList problems)
    {
        var hasUserNamespace = HasNamespace(spec.Linux, NamespaceTypes.User);
        for (var i = 0; i < spec.Mounts?.Count; i++)
        {
            var at = SpecPath.Index("mounts", i);
            var mount = spec.Mounts[i];
            if (mount.Destination.Length == 0)
                problems.Add(SpecPath.Member(at, "destination"), "required");
            CheckPropagationConflict(at, mount.Options, problems);
            CheckMountIdMapping(at, mount, hasUserNamespace, problems);
        }
    }

    private static void CheckPropagationConflict(string at, List<string>? options, ProblemList problems)
    {
        var propagations = options?.Where(KnownNames.Propagations.Contains).ToList() ?? [];
        static string Mode(string option) => option.StartsWith('r') ? option[1..] : option;
        foreach (var first in propagations)
        {
            var conflicting = propagations.FirstOrDefault(other =>
                Mode(other) != Mode(first) && (Mode(first) is "private" or "unbindable" || Mode(other) is "private" or "unbindable"));
            if (conflicting is not null)
            {
                problems.Add(SpecPath.Member(at, "options"), $"conflicting propagation options \"{first}\" and \"{conflicting}\"");
                return;
            }
        }
    }

    private static void CheckMountIdMapping(string at, Mount mount, bool hasUserNamespace, ProblemList problems)
    {
        CheckIdMappings(SpecPath.Member(at, "uidMappings"), mount.UidMappings, problems);
        CheckIdMappings(SpecPath.Member(at, "gidMappings"), mount.GidMappings, problems);
        var hasUid = mount.UidMappings is { Count: > 0 };
        var hasGid = mount.GidMappings is { Count: > 0 };
        if (hasUid != hasGid)
            problems.Add(at, "uidMappings and gidMappings must be given together");
        // config.md: idmap without mappings on the mount borrows the container's user
        // namespace mapping, and is an error when there is none.
        for (var i = 0; i < mount.Options?.Count; i++)
        {
            if (mount.Options[i] is "idmap" or "ridmap" && !hasUid && !hasGid && !hasUserNamespace)
                problems.Add(SpecPath.Index(SpecPath.Member(at, "options"), i),
                    $"\"{mount.Options[i]}\" needs uidMappings and gidMappings on the mount or a user namespace");
        }
    }

    private static void CheckIdMappings(string path, List<LinuxIdMapping>? mappings, ProblemList problems)
    {
        for (var i = 0; i < mappings?.Count; i++)
            if (mappings[i].Size == 0)
                problems.Add(SpecPath.Member(SpecPath.Index(path, i), "size"), "must be greater than 0");
    }
}
