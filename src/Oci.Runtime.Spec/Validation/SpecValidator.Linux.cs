namespace Oci.Runtime.Spec;

public static partial class SpecValidator
{
    private static void CheckLinux(LinuxConfig linux, ProblemList problems)
    {
        CheckNamespaces(linux.Namespaces, problems);
        CheckUserNamespace(linux, problems);
        CheckTimeNamespace(linux, problems);
        CheckSysctl(linux.Sysctl, problems);
        CheckResources(linux.Resources, problems);
        CheckCgroupsPath(linux.CgroupsPath, problems);
        CheckDevices(linux.Devices, problems);
        CheckNetDevices(linux, problems);
        CheckSeccomp(linux.Seccomp, problems);
        if (linux.RootfsPropagation is { } propagation)
            problems.RequireKnown("linux.rootfsPropagation", propagation, KnownNames.Propagations, "propagation");
        CheckAbsolutePaths("linux.maskedPaths", linux.MaskedPaths, problems);
        CheckAbsolutePaths("linux.readonlyPaths", linux.ReadonlyPaths, problems);
        CheckMemoryPolicy(linux.MemoryPolicy, problems);
        if (linux.Personality is { } personality)
            problems.RequireKnown("linux.personality.domain", personality.Domain, KnownNames.PersonalityDomains, "personality domain");
    }

    private static void CheckNamespaces(List<LinuxNamespace>? namespaces, ProblemList problems)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < namespaces?.Count; i++)
        {
            var at = SpecPath.Index("linux.namespaces", i);
            var ns = namespaces[i];
            problems.RequireKnown(SpecPath.Member(at, "type"), ns.Type, NamespaceTypes.All, "namespace");
            if (NamespaceTypes.All.Contains(ns.Type) && !seen.TryAdd(ns.Type, i))
                problems.Add(SpecPath.Member(at, "type"), $"duplicate namespace \"{ns.Type}\" (also at linux.namespaces[{seen[ns.Type]}])");
            if (ns.Path is not null)
                problems.RequireAbsolute(SpecPath.Member(at, "path"), ns.Path);
        }
    }

    // Mappings only make sense for a user namespace; a new one without them would leave
    // every id unmapped (runc refuses it too). Joining one brings its own mappings.
    private static void CheckUserNamespace(LinuxConfig linux, ProblemList problems)
    {
        CheckIdMappings("linux.uidMappings", linux.UidMappings, problems);
        CheckIdMappings("linux.gidMappings", linux.GidMappings, problems);
        var userNs = FindNamespace(linux, NamespaceTypes.User);
        var hasUid = linux.UidMappings is { Count: > 0 };
        var hasGid = linux.GidMappings is { Count: > 0 };
        if (userNs is null)
        {
            if (hasUid)
                problems.Add("linux.uidMappings", NeedsNamespace(NamespaceTypes.User));
            if (hasGid)
                problems.Add("linux.gidMappings", NeedsNamespace(NamespaceTypes.User));
            return;
        }
        if (!string.IsNullOrEmpty(userNs.Path))
            return;
        if (!hasUid)
            problems.Add("linux.uidMappings", "required for a new user namespace");
        if (!hasGid)
            problems.Add("linux.gidMappings", "required for a new user namespace");
    }

    private static void CheckTimeNamespace(LinuxConfig linux, ProblemList problems)
    {
        if (linux.TimeOffsets is not { Count: > 0 } offsets)
            return;
        var timeNs = FindNamespace(linux, NamespaceTypes.Time);
        if (timeNs is null)
            problems.Add("linux.timeOffsets", NeedsNamespace(NamespaceTypes.Time));
        else if (!string.IsNullOrEmpty(timeNs.Path))
            problems.Add("linux.timeOffsets", "cannot be set when joining an existing time namespace");
        foreach (var (clock, offset) in offsets)
        {
            var at = SpecPath.Key("linux.timeOffsets", clock);
            if (!KnownNames.TimeOffsetClocks.Contains(clock))
                problems.Add(at, $"unknown clock \"{clock}\" (want monotonic or boottime)");
            if (offset.Nanosecs >= 1_000_000_000)
                problems.Add(SpecPath.Member(at, "nanosecs"), $"must be less than 1000000000, got {offset.Nanosecs}");
        }
    }

    private static void CheckSysctl(Dictionary<string, string>? sysctl, ProblemList problems)
    {
        if (sysctl?.ContainsKey("") == true)
            problems.Add("linux.sysctl", "empty key");
    }

    // Absolute or relative, cgroupfs style, or "slice:prefix:name" for systemd; either
    // way a ".." component would escape the cgroup tree the runtime manages.
    private static void CheckCgroupsPath(string? cgroupsPath, ProblemList problems)
    {
        if (cgroupsPath?.Split('/', ':').Contains("..") == true)
            problems.Add("linux.cgroupsPath", $"must not contain \"..\", got \"{cgroupsPath}\"");
    }

    private static void CheckDevices(List<LinuxDevice>? devices, ProblemList problems)
    {
        for (var i = 0; i < devices?.Count; i++)
        {
            var at = SpecPath.Index("linux.devices", i);
            var device = devices[i];
            problems.RequireAbsolute(SpecPath.Member(at, "path"), device.Path);
            if (device.Type is not ("c" or "u" or "b" or "p"))
            {
                problems.Add(SpecPath.Member(at, "type"), device.Type.Length == 0
                    ? "required"
                    : $"unknown device type \"{device.Type}\" (want c, u, b or p)");
                continue;
            }
            if (device.Type == "p")
                continue;
            if (device.Major is null)
                problems.Add(SpecPath.Member(at, "major"), $"required for device type \"{device.Type}\"");
            if (device.Minor is null)
                problems.Add(SpecPath.Member(at, "minor"), $"required for device type \"{device.Type}\"");
        }
    }

    private static void CheckNetDevices(LinuxConfig linux, ProblemList problems)
    {
        if (linux.NetDevices is not { Count: > 0 } netDevices)
            return;
        if (!HasNamespace(linux, NamespaceTypes.Network))
            problems.Add("linux.netDevices", NeedsNamespace(NamespaceTypes.Network));
        foreach (var (hostName, device) in netDevices)
        {
            var at = SpecPath.Key("linux.netDevices", hostName);
            if (!IsValidInterfaceName(hostName))
                problems.Add(at, $"invalid network device name \"{hostName}\"");
            if (device.Name is { } name && !IsValidInterfaceName(name))
                problems.Add(SpecPath.Member(at, "name"), $"invalid network device name \"{name}\"");
        }
    }

    // The kernel's dev_valid_name(): at most IFNAMSIZ-1 bytes, not "." or "..", no '/', ':' or whitespace.
    private static bool IsValidInterfaceName(string name) =>
        name.Length is > 0 and < 16 && name is not ("." or "..") && !name.Any(c => c is '/' or ':' || char.IsWhiteSpace(c));

    private static void CheckAbsolutePaths(string path, List<string>? paths, ProblemList problems)
    {
        for (var i = 0; i < paths?.Count; i++)
            problems.RequireAbsolute(SpecPath.Index(path, i), paths[i]);
    }

    private static void CheckMemoryPolicy(LinuxMemoryPolicy? policy, ProblemList problems)
    {
        if (policy is null)
            return;
        problems.RequireKnown("linux.memoryPolicy.mode", policy.Mode, KnownNames.MemoryPolicyModes, "memory policy mode");
        problems.RequireAllKnown("linux.memoryPolicy.flags", policy.Flags, KnownNames.MemoryPolicyFlags, "memory policy flag");
    }
}
