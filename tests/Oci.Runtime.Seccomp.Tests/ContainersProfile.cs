using System.Text.Json;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Seccomp.Tests;

/// <summary>
/// Turns a containers-common seccomp.json (moby's format: archMap, includes/excludes by
/// architecture and capability) into the linux.seccomp podman writes into config.json, the
/// way containers/common's seccomp.setupSeccomp does for one architecture and capability set.
/// </summary>
internal static class ContainersProfile
{
    public const string Path = "/usr/share/containers/seccomp.json";

    /// <summary>containers.conf's default_capabilities.</summary>
    public static readonly string[] PodmanCapabilities =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_NET_BIND_SERVICE",
        "CAP_SETFCAP", "CAP_SETGID", "CAP_SETPCAP", "CAP_SETUID", "CAP_SYS_CHROOT",
    ];

    public static LinuxSeccomp Load(string scmpArch, string goArch, IReadOnlyCollection<string> capabilities)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path));
        var root = json.RootElement;
        var profile = new LinuxSeccomp
        {
            DefaultAction = root.GetProperty("defaultAction").GetString()!,
            DefaultErrnoRet = root.TryGetProperty("defaultErrnoRet", out var errno) ? errno.GetUInt64() : null,
            Architectures = [],
            Syscalls = [],
        };
        foreach (var map in root.GetProperty("archMap").EnumerateArray())
        {
            if (map.GetProperty("architecture").GetString() != scmpArch)
                continue;
            profile.Architectures.Add(scmpArch);
            profile.Architectures.AddRange(map.GetProperty("subArchitectures").EnumerateArray().Select(a => a.GetString()!));
        }

        foreach (var call in root.GetProperty("syscalls").EnumerateArray())
        {
            if (call.TryGetProperty("includes", out var includes)
                && (!AllIn(includes, "arches", [goArch]) || !AllIn(includes, "caps", capabilities)))
                continue;
            if (call.TryGetProperty("excludes", out var excludes)
                && (AnyIn(excludes, "arches", [goArch]) || AnyIn(excludes, "caps", capabilities)))
                continue;
            var syscall = new LinuxSyscall
            {
                Names = [.. call.GetProperty("names").EnumerateArray().Select(n => n.GetString()!)],
                Action = call.GetProperty("action").GetString()!,
                ErrnoRet = call.TryGetProperty("errnoRet", out var ret) ? ret.GetUInt64() : null,
            };
            if (call.TryGetProperty("args", out var args) && args.ValueKind == JsonValueKind.Array)
            {
                syscall.Args = [.. args.EnumerateArray().Select(a => new LinuxSeccompArg
                {
                    Index = a.GetProperty("index").GetUInt64(),
                    Value = a.GetProperty("value").GetUInt64(),
                    ValueTwo = a.GetProperty("valueTwo").GetUInt64(),
                    Op = a.GetProperty("op").GetString()!,
                })];
            }
            profile.Syscalls.Add(syscall);
        }
        return profile;
    }

    // includes: arches lists the architectures a rule is for (any one matches), caps the
    // capabilities it needs (all of them); excludes: any listed one excludes.
    private static bool AllIn(JsonElement filter, string key, IReadOnlyCollection<string> have)
    {
        if (!filter.TryGetProperty(key, out var list) || list.GetArrayLength() == 0)
            return true;
        return key == "arches"
            ? list.EnumerateArray().Any(a => have.Contains(a.GetString()!))
            : list.EnumerateArray().All(c => have.Contains(c.GetString()!));
    }

    private static bool AnyIn(JsonElement filter, string key, IReadOnlyCollection<string> have) =>
        filter.TryGetProperty(key, out var list) && list.EnumerateArray().Any(a => have.Contains(a.GetString()!));
}
