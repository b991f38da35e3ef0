using System.Text.Json;

namespace Oci.Runtime.Spec.Json;

/// <summary>
/// config.json (and its parts read on their own: exec's --process, update's resources, the
/// hooks and resources kept in state.json) into the spec model, over a Utf8JsonReader. One
/// method per model type, in the model's property order; see <see cref="ModelReader"/> for the
/// rules. Property names are exact (case-sensitive) and a repeated one replaces the earlier.
/// </summary>
public static class SpecReader
{
    private static readonly JsonReaderOptions Strict = new()
    {
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
        MaxDepth = 64,
    };

    /// <summary>The document as <typeparamref name="T"/>, or null for a JSON null; a JsonException names the path.</summary>
    private static T? Read<T>(byte[] json, ReadAt<T?> read) where T : class
    {
        var m = new ModelReader(json);
        var r = new Utf8JsonReader(json, Strict);
        m.Advance(ref r);
        var value = read(m, ref r);
        m.End(ref r);
        return value;
    }

    public static Spec? ReadSpec(byte[] json) => Read(json, SpecAt);

    public static Process? ReadProcess(byte[] json) => Read(json, ProcessAt);

    public static ExecDefaults? ReadExecDefaults(byte[] json) => Read(json, ExecDefaultsAt);

    public static LinuxResources? ReadResources(byte[] json) => Read(json, SpecLinuxReader.ResourcesAt);

    public static Hooks? ReadHooks(byte[] json) => Read(json, HooksAt);

    private static Spec? SpecAt(ModelReader m, ref Utf8JsonReader r)
    {
        if (!m.BeginObject(ref r))
            return null;
        var spec = new Spec();
        while (m.NextProperty(ref r))
        {
            if (r.ValueTextEquals("ociVersion"u8)) spec.OciVersion = m.String(ref r, "ociVersion");
            else if (r.ValueTextEquals("process"u8)) spec.Process = m.Property(ref r, "process", ProcessAt);
            else if (r.ValueTextEquals("root"u8)) spec.Root = m.Property(ref r, "root", RootAt);
            else if (r.ValueTextEquals("hostname"u8)) spec.Hostname = m.StringOrNull(ref r, "hostname");
            else if (r.ValueTextEquals("domainname"u8)) spec.Domainname = m.StringOrNull(ref r, "domainname");
            else if (r.ValueTextEquals("mounts"u8)) spec.Mounts = m.List(ref r, "mounts", MountAt);
            else if (r.ValueTextEquals("hooks"u8)) spec.Hooks = m.Property(ref r, "hooks", HooksAt);
            else if (r.ValueTextEquals("annotations"u8)) spec.Annotations = Annotations(m, ref r);
            else if (r.ValueTextEquals("linux"u8)) spec.Linux = m.Property(ref r, "linux", SpecLinuxReader.LinuxAt);
            else m.Skip(ref r);
        }
        return spec;
    }

    private static Dictionary<string, string>? Annotations(ModelReader m, ref Utf8JsonReader r)
    {
        m.InAnnotations = true;
        var annotations = m.Map(ref r, "annotations", ModelReader.StringOrNullAt);
        m.InAnnotations = false;
        return annotations;
    }

    private static Root? RootAt(ModelReader m, ref Utf8JsonReader r)
    {
        if (!m.BeginObject(ref r))
            return null;
        var root = new Root();
        while (m.NextProperty(ref r))
        {
            if (r.ValueTextEquals("path"u8)) root.Path = m.String(ref r, "path");
            else if (r.ValueTextEquals("readonly"u8)) root.Readonly = m.Bool(ref r, "readonly");
            else m.Skip(ref r);
        }
        return root;
    }

    private static Mount MountAt(ModelReader m, ref Utf8JsonReader r)
    {
        m.BeginObject(ref r);
        var mount = new Mount();
        while (m.NextProperty(ref r))
        {
            if (r.ValueTextEquals("destination"u8)) mount.Destination = m.String(ref r, "destination");
            else if (r.ValueTextEquals("type"u8)) mount.Type = m.StringOrNull(ref r, "type");
            else if (r.ValueTextEquals("source"u8)) mount.Source = m.StringOrNull(ref r, "source");
            else if (r.ValueTextEquals("options"u8)) mount.Options = m.Strings(ref r, "options");
            else if (r.ValueTextEquals("uidMappings"u8)) mount.UidMappings = m.List(ref r, "uidMappings", IdMappingAt);
            else if (r.ValueTextEquals("gidMappings"u8)) mount.GidMappings = m.List(ref r, "gidMappings", IdMappingAt);
            else m.Skip(ref r);
        }
        return mount;
    }

    // --- process -------------------------------------------------------------------------------

    private static Process? ProcessAt(ModelReader m, ref Utf8JsonReader r)
    {
        if (!m.BeginObject(ref r))
            return null;
        var process = new Process();
        while (m.NextProperty(ref r))
        {
            if (r.ValueTextEquals("terminal"u8)) process.Terminal = m.Bool(ref r, "terminal");
            else if (r.ValueTextEquals("consoleSize"u8)) process.ConsoleSize = m.Property(ref r, "consoleSize", BoxAt);
            else if (r.ValueTextEquals("user"u8)) process.User = m.Object(ref r, "user", UserAt);
            else if (r.ValueTextEquals("args"u8)) process.Args = m.Strings(ref r, "args");
            else if (r.ValueTextEquals("commandLine"u8)) process.CommandLine = m.StringOrNull(ref r, "commandLine");
            else if (r.ValueTextEquals("env"u8)) process.Env = m.Strings(ref r, "env");
            else if (r.ValueTextEquals("cwd"u8)) process.Cwd = m.String(ref r, "cwd");
            else if (r.ValueTextEquals("capabilities"u8)) process.Capabilities = m.Property(ref r, "capabilities", CapabilitiesAt);
            else if (r.ValueTextEquals("rlimits"u8)) process.Rlimits = m.List(ref r, "rlimits", RlimitAt);
            else if (r.ValueTextEquals("noNewPrivileges"u8)) process.NoNewPrivileges = m.Bool(ref r, "noNewPrivileges");
            else if (r.ValueTextEquals("apparmorProfile"u8)) process.ApparmorProfile = m.StringOrNull(ref r, "apparmorProfile");
            else if (r.ValueTextEquals("oomScoreAdj"u8)) process.OomScoreAdj = m.NumberOrNull(ref r, "oomScoreAdj", Numbers.Int32);
            else if (r.ValueTextEquals("scheduler"u8)) process.Scheduler = m.Property(ref r, "scheduler", SchedulerAt);
            else if (r.ValueTextEquals("selinuxLabel"u8)) process.SelinuxLabel = m.StringOrNull(ref r, "selinuxLabel");
            else if (r.ValueTextEquals("ioPriority"u8)) process.IOPriority = m.Property(ref r, "ioPriority", IOPriorityAt);
            else if (r.ValueTextEquals("execCPUAffinity"u8)) process.ExecCpuAffinity = m.Property(ref r, "execCPUAffinity", CpuAffinityAt);
            else m.Skip(ref r);
        }
        return process;
    }

    private static Box? BoxAt(ModelReader m, ref Utf8JsonReader r)
    {
        if (!m.BeginObject(ref r))
            return null;
        var box = new Box();
        while (m.NextProperty(ref r))
        {
            if (r.ValueTextEquals("height"u8)) box.Height = m.Number(ref r, "height", Numbers.UInt64);
            else if (r.ValueTextEquals("width"u8)) box.Width = m.Number(ref r, "width", Numbers.UInt64);
            else m.Skip(ref r);
        }
        return box;
    }

    private static User? UserAt(ModelReader m, ref Utf8JsonReader r)
    {
        if (!m.BeginObject(ref r))
            return null;
        var user = new User();
        while (m.NextProperty(ref r))
        {
            if (r.ValueTextEquals("uid"u8)) user.Uid = m.Number(ref r, "uid", Numbers.UInt32);
            else if (r.ValueTextEquals("gid"u8)) user.Gid = m.Number(ref r, "gid", Numbers.UInt32);
            else if (r.ValueTextEquals("umask"u8)) user.Umask = m.NumberOrNull(ref r, "umask", Numbers.UInt32);
            else if (r.ValueTextEquals("additionalGids"u8)) user.AdditionalGids = m.NumberList(ref r, "additionalGids", Numbers.UInt32);
            else if (r.ValueTextEquals("username"u8)) user.Username = m.StringOrNull(ref r, "username");
            else m.Skip(ref r);
        }
        return user;
    }

    private static LinuxCapabilities? CapabilitiesAt(ModelReader m, ref Utf8JsonReader r)
    {
        if (!m.BeginObject(ref r))
            return null;
        var caps = new LinuxCapabilities();
        while (m.NextProperty(ref r))
        {
            if (r.ValueTextEquals("bounding"u8)) caps.Bounding = m.Strings(ref r, "bounding");
            else if (r.ValueTextEquals("effective"u8)) caps.Effective = m.Strings(ref r, "effective");
            else if (r.ValueTextEquals("inheritable"u8)) caps.Inheritable = m.Strings(ref r, "inheritable");
            else if (r.ValueTextEquals("permitted"u8)) caps.Permitted = m.Strings(ref r, "permitted");
            else if (r.ValueTextEquals("ambient"u8)) caps.Ambient = m.Strings(ref r, "ambient");
            else m.Skip(ref r);
        }
        return caps;
    }

    private static PosixRlimit RlimitAt(ModelReader m, ref Utf8JsonReader r)
    {
        m.BeginObject(ref r);
        var rlimit = new PosixRlimit();
        while (m.NextProperty(ref r))
        {
            if (r.ValueTextEquals("type"u8)) rlimit.Type = m.String(ref r, "type");
            else if (r.ValueTextEquals("hard"u8)) rlimit.Hard = m.Number(ref r, "hard", Numbers.UInt64);
            else if (r.ValueTextEquals("soft"u8)) rlimit.Soft = m.Number(ref r, "soft", Numbers.UInt64);
            else m.Skip(ref r);
        }
        return rlimit;
    }

    private static Scheduler? SchedulerAt(ModelReader m, ref Utf8JsonReader r)
    {
        if (!m.BeginObject(ref r))
            return null;
        var scheduler = new Scheduler();
        while (m.NextProperty(ref r))
        {
            if (r.ValueTextEquals("policy"u8)) scheduler.Policy = m.String(ref r, "policy");
            else if (r.ValueTextEquals("nice"u8)) scheduler.Nice = m.Number(ref r, "nice", Numbers.Int32);
            else if (r.ValueTextEquals("priority"u8)) scheduler.Priority = m.Number(ref r, "priority", Numbers.Int32);
            else if (r.ValueTextEquals("flags"u8)) scheduler.Flags = m.Strings(ref r, "flags");
            else if (r.ValueTextEquals("runtime"u8)) scheduler.Runtime = m.Number(ref r, "runtime", Numbers.UInt64);
            else if (r.ValueTextEquals("deadline"u8)) scheduler.Deadline = m.Number(ref r, "deadline", Numbers.UInt64);
            else if (r.ValueTextEquals("period"u8)) scheduler.Period = m.Number(ref r, "period", Numbers.UInt64);
            else m.Skip(ref r);
        }
        return scheduler;
    }

    private static LinuxIOPriority? IOPriorityAt(ModelReader m, ref Utf8JsonReader r)
    {
        if (!m.BeginObject(ref r))
            return null;
        var priority = new LinuxIOPriority();
        while (m.NextProperty(ref r))
        {
            if (r.ValueTextEquals("class"u8)) priority.Class = m.String(ref r, "class");
            else if (r.ValueTextEquals("priority"u8)) priority.Priority = m.Number(ref r, "priority", Numbers.Int32);
            else m.Skip(ref r);
        }
        return priority;
    }

    private static CpuAffinity? CpuAffinityAt(ModelReader m, ref Utf8JsonReader r)
    {
        if (!m.BeginObject(ref r))
            return null;
        var affinity = new CpuAffinity();
        while (m.NextProperty(ref r))
        {
            if (r.ValueTextEquals("initial"u8)) affinity.Initial = m.StringOrNull(ref r, "initial");
            else if (r.ValueTextEquals("final"u8)) affinity.Final = m.StringOrNull(ref r, "final");
            else m.Skip(ref r);
        }
        return affinity;
    }

    // --- hooks ---------------------------------------------------------------------------------

    private static Hooks? HooksAt(ModelReader m, ref Utf8JsonReader r)
    {
        if (!m.BeginObject(ref r))
            return null;
        var hooks = new Hooks();
        while (m.NextProperty(ref r))
        {
            if (r.ValueTextEquals("prestart"u8)) hooks.Prestart = m.List(ref r, "prestart", HookAt);
            else if (r.ValueTextEquals("createRuntime"u8)) hooks.CreateRuntime = m.List(ref r, "createRuntime", HookAt);
            else if (r.ValueTextEquals("createContainer"u8)) hooks.CreateContainer = m.List(ref r, "createContainer", HookAt);
            else if (r.ValueTextEquals("startContainer"u8)) hooks.StartContainer = m.List(ref r, "startContainer", HookAt);
            else if (r.ValueTextEquals("poststart"u8)) hooks.Poststart = m.List(ref r, "poststart", HookAt);
            else if (r.ValueTextEquals("poststop"u8)) hooks.Poststop = m.List(ref r, "poststop", HookAt);
            else m.Skip(ref r);
        }
        return hooks;
    }

    private static Hook HookAt(ModelReader m, ref Utf8JsonReader r)
    {
        m.BeginObject(ref r);
        var hook = new Hook();
        while (m.NextProperty(ref r))
        {
            if (r.ValueTextEquals("path"u8)) hook.Path = m.String(ref r, "path");
            else if (r.ValueTextEquals("args"u8)) hook.Args = m.Strings(ref r, "args");
            else if (r.ValueTextEquals("env"u8)) hook.Env = m.Strings(ref r, "env");
            else if (r.ValueTextEquals("timeout"u8)) hook.Timeout = m.NumberOrNull(ref r, "timeout", Numbers.Int32);
            else m.Skip(ref r);
        }
        return hook;
    }

    // --- exec's defaults -----------------------------------------------------------------------

    private static ExecDefaults? ExecDefaultsAt(ModelReader m, ref Utf8JsonReader r)
    {
        if (!m.BeginObject(ref r))
            return null;
        var defaults = new ExecDefaults();
        while (m.NextProperty(ref r))
        {
            if (r.ValueTextEquals("process"u8)) defaults.Process = m.Property(ref r, "process", ProcessAt);
            else if (r.ValueTextEquals("linux"u8)) defaults.Linux = m.Property(ref r, "linux", ExecDefaultsLinuxAt);
            else m.Skip(ref r);
        }
        return defaults;
    }

    private static ExecDefaultsLinux? ExecDefaultsLinuxAt(ModelReader m, ref Utf8JsonReader r)
    {
        if (!m.BeginObject(ref r))
            return null;
        var linux = new ExecDefaultsLinux();
        while (m.NextProperty(ref r))
        {
            if (r.ValueTextEquals("seccomp"u8)) linux.Seccomp = m.Property(ref r, "seccomp", SpecLinuxReader.SeccompAt);
            else if (r.ValueTextEquals("personality"u8)) linux.Personality = m.Property(ref r, "personality", SpecLinuxReader.PersonalityAt);
            else m.Skip(ref r);
        }
        return linux;
    }

    // --- shared with the linux section ---------------------------------------------------------

    internal static LinuxIdMapping IdMappingAt(ModelReader m, ref Utf8JsonReader r)
    {
        m.BeginObject(ref r);
        var mapping = new LinuxIdMapping();
        while (m.NextProperty(ref r))
        {
            if (r.ValueTextEquals("containerID"u8)) mapping.ContainerId = m.Number(ref r, "containerID", Numbers.UInt32);
            else if (r.ValueTextEquals("hostID"u8)) mapping.HostId = m.Number(ref r, "hostID", Numbers.UInt32);
            else if (r.ValueTextEquals("size"u8)) mapping.Size = m.Number(ref r, "size", Numbers.UInt32);
            else m.Skip(ref r);
        }
        return mapping;
    }
}
