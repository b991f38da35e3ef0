using Oci.Runtime.Spec;
using Oci.Runtime.Spec.Json;

namespace Oci.Runtime.Lifecycle;

/// <summary>
/// What ocirt keeps about a container in &lt;root&gt;/&lt;id&gt;/state.json. The status is the
/// last one a verb recorded; <see cref="StatusResolver"/> turns it into the live one.
/// <see cref="ContainerRecordJson"/> reads and writes it.
/// </summary>
public sealed class ContainerRecord
{
    public string OciVersion { get; set; } = "";
    public string Id { get; set; } = "";
    public string Status { get; set; } = "";
    public int Pid { get; set; }

    /// <summary>Field 22 of /proc/&lt;pid&gt;/stat when the init started: tells a reused pid apart.</summary>
    public ulong PidStartTime { get; set; }

    public string Bundle { get; set; } = "";
    public string Rootfs { get; set; } = "";

    /// <summary>RFC 3339 with nanoseconds, UTC, as runc prints it.</summary>
    public string Created { get; set; } = "";

    public Dictionary<string, string>? Annotations { get; set; }

    /// <summary>linux.cgroupsPath and --systemd-cgroup as create saw them: later verbs find the cgroup from these.</summary>
    public string? CgroupsPath { get; set; }

    public bool SystemdCgroup { get; set; }

    /// <summary>
    /// Rootless, and the cgroup could not be created (not delegated to the caller) while the
    /// config asked for no limits: the container runs in its caller's cgroup, as with runc.
    /// </summary>
    public bool NoCgroup { get; set; }

    /// <summary>The cgroup directories create made, so delete removes exactly those.</summary>
    public List<string>? CgroupDirectories { get; set; }

    /// <summary>linux.resources as `update` last set them, merged over what was recorded before;
    /// kept so the next update can pair a lone CPU quota or period with the other half.</summary>
    public LinuxResources? Resources
    {
        get => ResourcesJson.Value;
        set => ResourcesJson = new(ResourcesType, value);
    }

    /// <summary>The config's hooks: start runs startContainer and poststart, delete runs poststop, long after create read the config.</summary>
    public Hooks? Hooks
    {
        get => HooksJson.Value;
        set => HooksJson = new(HooksType, value);
    }

    /// <summary>linux.namespaces types, so hooks that run in the container know which namespaces to join.</summary>
    public List<string>? Namespaces { get; set; }

    internal static readonly SpecPart<LinuxResources> ResourcesType = new(SpecReader.ReadResources, SpecPartsWriter.WriteResources);
    internal static readonly SpecPart<Hooks> HooksType = new(SpecReader.ReadHooks, SpecPartsWriter.WriteHooks);

    internal LazyJson<LinuxResources> ResourcesJson = new(ResourcesType, (LinuxResources?)null);
    internal LazyJson<Hooks> HooksJson = new(HooksType, (Hooks?)null);
}
