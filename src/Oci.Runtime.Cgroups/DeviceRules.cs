using Oci.Runtime.Spec;

namespace Oci.Runtime.Cgroups;

/// <summary>One device cgroup rule after defaults: type 'a', 'b' or 'c'; -1 is a wildcard
/// major or minor; access a non-empty subset of "rwm".</summary>
public readonly record struct DeviceRule(bool Allow, char Type, long Major, long Minor, string Access)
{
    /// <summary>The line devices.allow/devices.deny take: "c 1:3 rwm", "a *:* rwm".</summary>
    public string ToCgroupString() =>
        $"{Type} {(Major < 0 ? "*" : Major.ToString(System.Globalization.CultureInfo.InvariantCulture))}:{(Minor < 0 ? "*" : Minor.ToString(System.Globalization.CultureInfo.InvariantCulture))} {Access}";
}

/// <summary>linux.resources.devices turned into rules, and runc's default rules.</summary>
public static class DeviceRules
{
    /// <summary>Rules in spec order with the spec's defaults filled in: type "a", any major and
    /// minor, access "rwm" (as crun; runc refuses an absent access).</summary>
    public static List<DeviceRule> FromSpec(IReadOnlyList<LinuxDeviceCgroup> rules)
    {
        var result = new List<DeviceRule>(rules.Count);
        for (int i = 0; i < rules.Count; i++)
        {
            var r = rules[i];
            string field = $"linux.resources.devices[{i}]";
            char type = (r.Type ?? "a") switch
            {
                "a" => 'a',
                "b" => 'b',
                "c" => 'c',
                var t => throw new OcirtException($"{field}.type: \"{t}\" is not a device cgroup type (a, b or c)"),
            };
            // Letters but r, w and m are ignored, as runc does; a rule left with none allows or denies nothing.
            string access = DeviceAccess.Known(r.Access ?? "rwm");
            if (access.Length > 0)
                result.Add(new DeviceRule(r.Allow, type, r.Major ?? -1, r.Minor ?? -1, access));
        }
        return result;
    }

    /// <summary>
    /// runc appends these allow rules after the spec's (specconv AllowedDevices): mknod of any
    /// char or block device, /dev/null, random, full, tty, zero, urandom, the pty master and
    /// /dev/pts/*, and /dev/net/tun (kept by runc for compatibility). A default that names a
    /// path the spec also lists in linux.devices is dropped, the spec's entry taking priority.
    /// </summary>
    public static List<LinuxDeviceCgroup> WithRuncDefaults(IReadOnlyList<LinuxDeviceCgroup>? specRules, IReadOnlyList<LinuxDevice>? linuxDevices)
    {
        var paths = new HashSet<string>(linuxDevices?.Select(d => d.Path) ?? [], StringComparer.Ordinal);
        var result = new List<LinuxDeviceCgroup>(specRules ?? []);
        foreach (var (path, type, major, minor, access) in RuncDefaults)
        {
            if (path is not null && paths.Contains(path)) continue;
            result.Add(new LinuxDeviceCgroup { Allow = true, Type = type, Major = major, Minor = minor, Access = access });
        }
        return result;
    }

    private static readonly (string? Path, string Type, long? Major, long? Minor, string Access)[] RuncDefaults =
    [
        (null, "c", null, null, "m"),
        (null, "b", null, null, "m"),
        ("/dev/null", "c", 1, 3, "rwm"),
        ("/dev/random", "c", 1, 8, "rwm"),
        ("/dev/full", "c", 1, 7, "rwm"),
        ("/dev/tty", "c", 5, 0, "rwm"),
        ("/dev/zero", "c", 1, 5, "rwm"),
        ("/dev/urandom", "c", 1, 9, "rwm"),
        (null, "c", 136, null, "rwm"),
        (null, "c", 5, 2, "rwm"),
        (null, "c", 10, 200, "rwm"),
    ];
}
