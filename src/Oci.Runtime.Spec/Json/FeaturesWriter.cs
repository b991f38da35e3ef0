using System.Text.Json;
using static Oci.Runtime.Spec.Json.JsonFields;

namespace Oci.Runtime.Spec.Json;

/// <summary>
/// The document `features` prints (specs-go/features), by hand (see
/// <see cref="SpecDocumentWriter"/> for why): its property order, every null left out.
/// </summary>
public static class FeaturesWriter
{
    public static void Write(Utf8JsonWriter w, Features features)
    {
        w.WriteStartObject();
        String(w, "ociVersionMin", features.OciVersionMin);
        String(w, "ociVersionMax", features.OciVersionMax);
        Strings(w, "hooks", features.Hooks);
        Strings(w, "mountOptions", features.MountOptions);
        if (features.Linux is { } linux)
        {
            w.WriteStartObject("linux");
            Strings(w, "namespaces", linux.Namespaces);
            Strings(w, "capabilities", linux.Capabilities);
            if (linux.Cgroup is { } cgroup)
            {
                w.WriteStartObject("cgroup");
                Bool(w, "v1", cgroup.V1);
                Bool(w, "v2", cgroup.V2);
                Bool(w, "systemd", cgroup.Systemd);
                Bool(w, "systemdUser", cgroup.SystemdUser);
                Bool(w, "rdma", cgroup.Rdma);
                w.WriteEndObject();
            }
            if (linux.Seccomp is { } seccomp)
            {
                w.WriteStartObject("seccomp");
                Bool(w, "enabled", seccomp.Enabled);
                Strings(w, "actions", seccomp.Actions);
                Strings(w, "operators", seccomp.Operators);
                Strings(w, "archs", seccomp.Archs);
                Strings(w, "knownFlags", seccomp.KnownFlags);
                Strings(w, "supportedFlags", seccomp.SupportedFlags);
                w.WriteEndObject();
            }
            Enabled(w, "apparmor", linux.Apparmor);
            Enabled(w, "selinux", linux.Selinux);
            if (linux.IntelRdt is { } rdt)
            {
                w.WriteStartObject("intelRdt");
                Bool(w, "enabled", rdt.Enabled);
                Bool(w, "schemata", rdt.Schemata);
                Bool(w, "monitoring", rdt.Monitoring);
                w.WriteEndObject();
            }
            if (linux.MemoryPolicy is { } policy)
            {
                w.WriteStartObject("memoryPolicy");
                Strings(w, "modes", policy.Modes);
                Strings(w, "flags", policy.Flags);
                w.WriteEndObject();
            }
            if (linux.MountExtensions is { } extensions)
            {
                w.WriteStartObject("mountExtensions");
                Enabled(w, "idmap", extensions.IdMap);
                w.WriteEndObject();
            }
            Enabled(w, "netDevices", linux.NetDevices);
            w.WriteEndObject();
        }
        StringMap(w, "annotations", features.Annotations);
        Strings(w, "potentiallyUnsafeConfigAnnotations", features.PotentiallyUnsafeConfigAnnotations);
        w.WriteEndObject();
    }

    private static void Enabled(Utf8JsonWriter w, string name, EnabledFeature? feature)
    {
        if (feature is null)
            return;
        w.WriteStartObject(name);
        Bool(w, "enabled", feature.Enabled);
        w.WriteEndObject();
    }
}
