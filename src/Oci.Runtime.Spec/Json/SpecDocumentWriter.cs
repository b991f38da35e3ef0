using System.Text.Json;
using static Oci.Runtime.Spec.Json.JsonFields;
using static Oci.Runtime.Spec.Json.SpecPartsWriter;

namespace Oci.Runtime.Spec.Json;

/// <summary>
/// A whole config.json, by hand over <see cref="Utf8JsonWriter"/>: the spec's property order,
/// nulls left out, false and zero left out where the model says so (as the spec's Go types'
/// omitempty). Written by hand so that the binary carries no serializer at all: its generated
/// metadata for the spec model was a fifth of the image, and the image's pages are most of a
/// run's memory. Tests hold it to the source-generated serializer's output.
/// </summary>
public static class SpecDocumentWriter
{
    public static void Write(Utf8JsonWriter w, Spec spec)
    {
        w.WriteStartObject();
        w.WriteString("ociVersion", spec.OciVersion);
        if (spec.Process is { } process)
        {
            w.WritePropertyName("process");
            WriteProcess(w, process);
        }
        if (spec.Root is { } root)
        {
            w.WriteStartObject("root");
            w.WriteString("path", root.Path);
            if (root.Readonly)
                w.WriteBoolean("readonly", true);
            w.WriteEndObject();
        }
        String(w, "hostname", spec.Hostname);
        String(w, "domainname", spec.Domainname);
        if (spec.Mounts is { } mounts)
        {
            w.WriteStartArray("mounts");
            foreach (var mount in mounts)
                WriteMount(w, mount);
            w.WriteEndArray();
        }
        if (spec.Hooks is { } hooks)
        {
            w.WritePropertyName("hooks");
            WriteHooks(w, hooks);
        }
        StringMap(w, "annotations", spec.Annotations);
        if (spec.Linux is { } linux)
        {
            w.WritePropertyName("linux");
            WriteLinux(w, linux);
        }
        w.WriteEndObject();
    }

    private static void WriteProcess(Utf8JsonWriter w, Process p)
    {
        w.WriteStartObject();
        if (p.Terminal)
            w.WriteBoolean("terminal", true);
        if (p.ConsoleSize is { } box)
        {
            w.WriteStartObject("consoleSize");
            w.WriteNumber("height", box.Height);
            w.WriteNumber("width", box.Width);
            w.WriteEndObject();
        }
        w.WriteStartObject("user");
        w.WriteNumber("uid", p.User.Uid);
        w.WriteNumber("gid", p.User.Gid);
        Number(w, "umask", p.User.Umask);
        Numbers(w, "additionalGids", p.User.AdditionalGids);
        String(w, "username", p.User.Username);
        w.WriteEndObject();
        Strings(w, "args", p.Args);
        String(w, "commandLine", p.CommandLine);
        Strings(w, "env", p.Env);
        w.WriteString("cwd", p.Cwd);
        if (p.Capabilities is { } caps)
        {
            w.WriteStartObject("capabilities");
            Strings(w, "bounding", caps.Bounding);
            Strings(w, "effective", caps.Effective);
            Strings(w, "inheritable", caps.Inheritable);
            Strings(w, "permitted", caps.Permitted);
            Strings(w, "ambient", caps.Ambient);
            w.WriteEndObject();
        }
        if (p.Rlimits is { } rlimits)
        {
            w.WriteStartArray("rlimits");
            foreach (var rlimit in rlimits)
            {
                w.WriteStartObject();
                w.WriteString("type", rlimit.Type);
                w.WriteNumber("hard", rlimit.Hard);
                w.WriteNumber("soft", rlimit.Soft);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        if (p.NoNewPrivileges)
            w.WriteBoolean("noNewPrivileges", true);
        String(w, "apparmorProfile", p.ApparmorProfile);
        Number(w, "oomScoreAdj", p.OomScoreAdj);
        if (p.Scheduler is { } s)
        {
            w.WriteStartObject("scheduler");
            w.WriteString("policy", s.Policy);
            NonZero(w, "nice", s.Nice);
            NonZero(w, "priority", s.Priority);
            Strings(w, "flags", s.Flags);
            NonZero(w, "runtime", s.Runtime);
            NonZero(w, "deadline", s.Deadline);
            NonZero(w, "period", s.Period);
            w.WriteEndObject();
        }
        String(w, "selinuxLabel", p.SelinuxLabel);
        if (p.IOPriority is { } io)
        {
            w.WriteStartObject("ioPriority");
            w.WriteString("class", io.Class);
            w.WriteNumber("priority", io.Priority);
            w.WriteEndObject();
        }
        if (p.ExecCpuAffinity is { } affinity)
        {
            w.WriteStartObject("execCPUAffinity");
            String(w, "initial", affinity.Initial);
            String(w, "final", affinity.Final);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    private static void WriteMount(Utf8JsonWriter w, Mount mount)
    {
        w.WriteStartObject();
        w.WriteString("destination", mount.Destination);
        String(w, "type", mount.Type);
        String(w, "source", mount.Source);
        Strings(w, "options", mount.Options);
        IdMappings(w, "uidMappings", mount.UidMappings);
        IdMappings(w, "gidMappings", mount.GidMappings);
        w.WriteEndObject();
    }

    private static void WriteLinux(Utf8JsonWriter w, LinuxConfig linux)
    {
        w.WriteStartObject();
        IdMappings(w, "uidMappings", linux.UidMappings);
        IdMappings(w, "gidMappings", linux.GidMappings);
        StringMap(w, "sysctl", linux.Sysctl);
        if (linux.Resources is { } resources)
        {
            w.WritePropertyName("resources");
            WriteResources(w, resources);
        }
        String(w, "cgroupsPath", linux.CgroupsPath);
        if (linux.Namespaces is { } namespaces)
        {
            w.WriteStartArray("namespaces");
            foreach (var ns in namespaces)
            {
                w.WriteStartObject();
                w.WriteString("type", ns.Type);
                String(w, "path", ns.Path);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        if (linux.Devices is { } devices)
        {
            w.WriteStartArray("devices");
            foreach (var device in devices)
            {
                w.WriteStartObject();
                w.WriteString("path", device.Path);
                w.WriteString("type", device.Type);
                Number(w, "major", device.Major);
                Number(w, "minor", device.Minor);
                Number(w, "fileMode", device.FileMode);
                Number(w, "uid", device.Uid);
                Number(w, "gid", device.Gid);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        if (linux.NetDevices is { } netDevices)
        {
            w.WriteStartObject("netDevices");
            foreach (var (name, device) in netDevices)
            {
                w.WriteStartObject(name);
                String(w, "name", device.Name);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        if (linux.Seccomp is { } seccomp)
            WriteSeccomp(w, seccomp);
        String(w, "rootfsPropagation", linux.RootfsPropagation);
        Strings(w, "maskedPaths", linux.MaskedPaths);
        Strings(w, "readonlyPaths", linux.ReadonlyPaths);
        String(w, "mountLabel", linux.MountLabel);
        if (linux.IntelRdt is { } rdt)
        {
            w.WriteStartObject("intelRdt");
            String(w, "closID", rdt.ClosId);
            Strings(w, "schemata", rdt.Schemata);
            String(w, "l3CacheSchema", rdt.L3CacheSchema);
            String(w, "memBwSchema", rdt.MemBwSchema);
            if (rdt.EnableMonitoring)
                w.WriteBoolean("enableMonitoring", true);
            w.WriteEndObject();
        }
        if (linux.MemoryPolicy is { } policy)
        {
            w.WriteStartObject("memoryPolicy");
            w.WriteString("mode", policy.Mode);
            String(w, "nodes", policy.Nodes);
            Strings(w, "flags", policy.Flags);
            w.WriteEndObject();
        }
        if (linux.Personality is { } personality)
        {
            w.WriteStartObject("personality");
            w.WriteString("domain", personality.Domain);
            Strings(w, "flags", personality.Flags);
            w.WriteEndObject();
        }
        if (linux.TimeOffsets is { } offsets)
        {
            w.WriteStartObject("timeOffsets");
            foreach (var (clock, offset) in offsets)
            {
                w.WriteStartObject(clock);
                NonZero(w, "secs", offset.Secs);
                NonZero(w, "nanosecs", offset.Nanosecs);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    private static void WriteSeccomp(Utf8JsonWriter w, LinuxSeccomp seccomp)
    {
        w.WriteStartObject("seccomp");
        w.WriteString("defaultAction", seccomp.DefaultAction);
        Number(w, "defaultErrnoRet", seccomp.DefaultErrnoRet);
        Strings(w, "architectures", seccomp.Architectures);
        Strings(w, "flags", seccomp.Flags);
        String(w, "listenerPath", seccomp.ListenerPath);
        String(w, "listenerMetadata", seccomp.ListenerMetadata);
        if (seccomp.Syscalls is { } syscalls)
        {
            w.WriteStartArray("syscalls");
            foreach (var syscall in syscalls)
            {
                w.WriteStartObject();
                Strings(w, "names", syscall.Names);
                w.WriteString("action", syscall.Action);
                Number(w, "errnoRet", syscall.ErrnoRet);
                if (syscall.Args is { } args)
                {
                    w.WriteStartArray("args");
                    foreach (var arg in args)
                    {
                        w.WriteStartObject();
                        w.WriteNumber("index", arg.Index);
                        w.WriteNumber("value", arg.Value);
                        NonZero(w, "valueTwo", arg.ValueTwo);
                        w.WriteString("op", arg.Op);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    private static void IdMappings(Utf8JsonWriter w, string name, List<LinuxIdMapping>? mappings)
    {
        if (mappings is null)
            return;
        w.WriteStartArray(name);
        foreach (var mapping in mappings)
        {
            w.WriteStartObject();
            w.WriteNumber("containerID", mapping.ContainerId);
            w.WriteNumber("hostID", mapping.HostId);
            w.WriteNumber("size", mapping.Size);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
