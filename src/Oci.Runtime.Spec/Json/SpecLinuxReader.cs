using System.Text.Json;

namespace Oci.Runtime.Spec.Json;

/// <summary>The linux section of the spec, for <see cref="SpecReader"/>.</summary>
internal static class SpecLinuxReader
{
    public static LinuxConfig? LinuxAt(ModelReader m, ref Utf8JsonReader r)
    {
        if (!m.BeginObject(ref r))
            return null;
        var linux = new LinuxConfig();
        while (m.NextProperty(ref r))
        {
            if (r.ValueTextEquals("uidMappings"u8)) linux.UidMappings = m.List(ref r, "uidMappings", SpecReader.IdMappingAt);
            else if (r.ValueTextEquals("gidMappings"u8)) linux.GidMappings = m.List(ref r, "gidMappings", SpecReader.IdMappingAt);
            else if (r.ValueTextEquals("sysctl"u8)) linux.Sysctl = m.Map(ref r, "sysctl", ModelReader.StringOrNullAt);
            else if (r.ValueTextEquals("resources"u8)) linux.Resources = m.Property(ref r, "resources", ResourcesAt);
            else if (r.ValueTextEquals("cgroupsPath"u8)) linux.CgroupsPath = m.StringOrNull(ref r, "cgroupsPath");
            else if (r.ValueTextEquals("namespaces"u8)) linux.Namespaces = m.List(ref r, "namespaces", NamespaceAt);
            else if (r.ValueTextEquals("devices"u8)) linux.Devices = m.List(ref r, "devices", DeviceAt);
            else if (r.ValueTextEquals("netDevices"u8)) linux.NetDevices = m.Map(ref r, "netDevices", NetDeviceAt);
            else if (r.ValueTextEquals("seccomp"u8)) linux.Seccomp = m.Property(ref r, "seccomp", SeccompAt);
            else if (r.ValueTextEquals("rootfsPropagation"u8)) linux.RootfsPropagation = m.StringOrNull(ref r, "rootfsPropagation");
            else if (r.ValueTextEquals("maskedPaths"u8)) linux.MaskedPaths = m.Strings(ref r, "maskedPaths");
            else if (r.ValueTextEquals("readonlyPaths"u8)) linux.ReadonlyPaths = m.Strings(ref r, "readonlyPaths");
            else if (r.ValueTextEquals("mountLabel"u8)) linux.MountLabel = m.StringOrNull(ref r, "mountLabel");
            else if (r.ValueTextEquals("intelRdt"u8)) linux.IntelRdt = m.Property(ref r, "intelRdt", IntelRdtAt);
            else if (r.ValueTextEquals("memoryPolicy"u8)) linux.MemoryPolicy = m.Property(ref r, "memoryPolicy", MemoryPolicyAt);
            else if (r.ValueTextEquals("personality"u8)) linux.Personality = m.Property(ref r, "personality", PersonalityAt);
            else if (r.ValueTextEquals("timeOffsets"u8)) linux.TimeOffsets = m.Map(ref r, "timeOffsets", TimeOffsetAt);
            else m.Skip(ref r);
        }
        return linux;
    }

    private static LinuxNamespace NamespaceAt(ModelReader m, ref Utf8JsonReader r)
    {
        m.BeginObject(ref r);
        var ns = new LinuxNamespace();
        while (m.NextProperty(ref r))
        {
            if (r.ValueTextEquals("type"u8)) ns.Type = m.String(ref r, "type");
            else if (r.ValueTextEquals("path"u8)) ns.Path = m.StringOrNull(ref r, "path");
            else m.Skip(ref r);
        }
        return ns;
    }

    private static LinuxDevice DeviceAt(ModelReader m, ref Utf8JsonReader r)
    {
        m.BeginObject(ref r);
        var device = new LinuxDevice();
        while (m.NextProperty(ref r))
        {
            if (r.ValueTextEquals("path"u8)) device.Path = m.String(ref r, "path");
            else if (r.ValueTextEquals("type"u8)) device.Type = m.String(ref r, "type");
            else if (r.ValueTextEquals("major"u8)) device.Major = m.NumberOrNull(ref r, "major", Numbers.Int64);
            else if (r.ValueTextEquals("minor"u8)) device.Minor = m.NumberOrNull(ref r, "minor", Numbers.Int64);
            else if (r.ValueTextEquals("fileMode"u8)) device.FileMode = m.NumberOrNull(ref r, "fileMode", Numbers.UInt32);
            else if (r.ValueTextEquals("uid"u8)) device.Uid = m.NumberOrNull(ref r, "uid", Numbers.UInt32);
            else if (r.ValueTextEquals("gid"u8)) device.Gid = m.NumberOrNull(ref r, "gid", Numbers.UInt32);
            else m.Skip(ref r);
        }
        return device;
    }

    private static LinuxNetDevice? NetDeviceAt(ModelReader m, ref Utf8JsonReader r)
    {
        if (!m.BeginObject(ref r))
            return null;
        var device = new LinuxNetDevice();
        while (m.NextProperty(ref r))
        {
            if (r.ValueTextEquals("name"u8)) device.Name = m.StringOrNull(ref r, "name");
            else m.Skip(ref r);
        }
        return device;
    }

    public static LinuxSeccomp? SeccompAt(ModelReader m, ref Utf8JsonReader r)
    {
        if (!m.BeginObject(ref r))
            return null;
        var seccomp = new LinuxSeccomp();
        while (m.NextProperty(ref r))
        {
            if (r.ValueTextEquals("defaultAction"u8)) seccomp.DefaultAction = m.String(ref r, "defaultAction");
            else if (r.ValueTextEquals("defaultErrnoRet"u8)) seccomp.DefaultErrnoRet = m.NumberOrNull(ref r, "defaultErrnoRet", Numbers.UInt64);
            else if (r.ValueTextEquals("architectures"u8)) seccomp.Architectures = m.Strings(ref r, "architectures");
            else if (r.ValueTextEquals("flags"u8)) seccomp.Flags = m.Strings(ref r, "flags");
            else if (r.ValueTextEquals("listenerPath"u8)) seccomp.ListenerPath = m.StringOrNull(ref r, "listenerPath");
            else if (r.ValueTextEquals("listenerMetadata"u8)) seccomp.ListenerMetadata = m.StringOrNull(ref r, "listenerMetadata");
            else if (r.ValueTextEquals("syscalls"u8)) seccomp.Syscalls = m.List(ref r, "syscalls", SyscallAt);
            else m.Skip(ref r);
        }
        return seccomp;
    }

    private static LinuxSyscall SyscallAt(ModelReader m, ref Utf8JsonReader r)
    {
        m.BeginObject(ref r);
        var syscall = new LinuxSyscall();
        while (m.NextProperty(ref r))
        {
            if (r.ValueTextEquals("names"u8)) syscall.Names = m.Object(ref r, "names", static (m, ref r) => m.ListOf(ref r, ModelReader.RequiredStringAt));
            else if (r.ValueTextEquals("action"u8)) syscall.Action = m.String(ref r, "action");
            else if (r.ValueTextEquals("errnoRet"u8)) syscall.ErrnoRet = m.NumberOrNull(ref r, "errnoRet", Numbers.UInt64);
            else if (r.ValueTextEquals("args"u8)) syscall.Args = m.List(ref r, "args", SeccompArgAt);
            else m.Skip(ref r);
        }
        return syscall;
    }

    private static LinuxSeccompArg SeccompArgAt(ModelReader m, ref Utf8JsonReader r)
    {
        m.BeginObject(ref r);
        var arg = new LinuxSeccompArg();
        while (m.NextProperty(ref r))
        {
            if (r.ValueTextEquals("index"u8)) arg.Index = m.Number(ref r, "index", Numbers.UInt64);
            else if (r.ValueTextEquals("value"u8)) arg.Value = m.Number(ref r, "value", Numbers.UInt64);
            else if (r.ValueTextEquals("valueTwo"u8)) arg.ValueTwo = m.Number(ref r, "valueTwo", Numbers.UInt64);
            else if (r.ValueTextEquals("op"u8)) arg.Op = m.String(ref r, "op");
            else m.Skip(ref r);
        }
        return arg;
    }

    private static LinuxIntelRdt? IntelRdtAt(ModelReader m, ref Utf8JsonReader r)
    {
        if (!m.BeginObject(ref r))
            return null;
        var rdt = new LinuxIntelRdt();
        while (m.NextProperty(ref r))
        {
            if (r.ValueTextEquals("closID"u8)) rdt.ClosId = m.StringOrNull(ref r, "closID");
            else if (r.ValueTextEquals("schemata"u8)) rdt.Schemata = m.Strings(ref r, "schemata");
            else if (r.ValueTextEquals("l3CacheSchema"u8)) rdt.L3CacheSchema = m.StringOrNull(ref r, "l3CacheSchema");
            else if (r.ValueTextEquals("memBwSchema"u8)) rdt.MemBwSchema = m.StringOrNull(ref r, "memBwSchema");
            else if (r.ValueTextEquals("enableMonitoring"u8)) rdt.EnableMonitoring = m.Bool(ref r, "enableMonitoring");
            else m.Skip(ref r);
        }
        return rdt;
    }

    private static LinuxMemoryPolicy? MemoryPolicyAt(ModelReader m, ref Utf8JsonReader r)
    {
        if (!m.BeginObject(ref r))
            return null;
        var policy = new LinuxMemoryPolicy();
        while (m.NextProperty(ref r))
        {
            if (r.ValueTextEquals("mode"u8)) policy.Mode = m.String(ref r, "mode");
            else if (r.ValueTextEquals("nodes"u8)) policy.Nodes = m.StringOrNull(ref r, "nodes");
            else if (r.ValueTextEquals("flags"u8)) policy.Flags = m.Strings(ref r, "flags");
            else m.Skip(ref r);
        }
        return policy;
    }

    public static LinuxPersonality? PersonalityAt(ModelReader m, ref Utf8JsonReader r)
    {
        if (!m.BeginObject(ref r))
            return null;
        var personality = new LinuxPersonality();
        while (m.NextProperty(ref r))
        {
            if (r.ValueTextEquals("domain"u8)) personality.Domain = m.String(ref r, "domain");
            else if (r.ValueTextEquals("flags"u8)) personality.Flags = m.Strings(ref r, "flags");
            else m.Skip(ref r);
        }
        return personality;
    }

    private static LinuxTimeOffset? TimeOffsetAt(ModelReader m, ref Utf8JsonReader r)
    {
        if (!m.BeginObject(ref r))
            return null;
        var offset = new LinuxTimeOffset();
        while (m.NextProperty(ref r))
        {
            if (r.ValueTextEquals("secs"u8)) offset.Secs = m.Number(ref r, "secs", Numbers.Int64);
            else if (r.ValueTextEquals("nanosecs"u8)) offset.Nanosecs = m.Number(ref r, "nanosecs", Numbers.UInt32);
            else m.Skip(ref r);
        }
        return offset;
    }

    // --- resources -----------------------------------------------------------------------------

    public static LinuxResources? ResourcesAt(ModelReader m, ref Utf8JsonReader r)
    {
        if (!m.BeginObject(ref r))
            return null;
        var resources = new LinuxResources();
        while (m.NextProperty(ref r))
        {
            if (r.ValueTextEquals("devices"u8)) resources.Devices = m.List(ref r, "devices", DeviceRuleAt);
            else if (r.ValueTextEquals("memory"u8)) resources.Memory = m.Property(ref r, "memory", MemoryAt);
            else if (r.ValueTextEquals("cpu"u8)) resources.Cpu = m.Property(ref r, "cpu", CpuAt);
            else if (r.ValueTextEquals("pids"u8)) resources.Pids = m.Property(ref r, "pids", PidsAt);
            else if (r.ValueTextEquals("blockIO"u8)) resources.BlockIO = m.Property(ref r, "blockIO", BlockIOAt);
            else if (r.ValueTextEquals("hugepageLimits"u8)) resources.HugepageLimits = m.List(ref r, "hugepageLimits", HugepageLimitAt);
            else if (r.ValueTextEquals("network"u8)) resources.Network = m.Property(ref r, "network", NetworkAt);
            else if (r.ValueTextEquals("rdma"u8)) resources.Rdma = m.Map(ref r, "rdma", RdmaAt);
            else if (r.ValueTextEquals("unified"u8)) resources.Unified = m.Map(ref r, "unified", ModelReader.StringOrNullAt);
            else m.Skip(ref r);
        }
        return resources;
    }

    private static LinuxDeviceCgroup DeviceRuleAt(ModelReader m, ref Utf8JsonReader r)
    {
        m.BeginObject(ref r);
        var rule = new LinuxDeviceCgroup();
        while (m.NextProperty(ref r))
        {
            if (r.ValueTextEquals("allow"u8)) rule.Allow = m.Bool(ref r, "allow");
            else if (r.ValueTextEquals("type"u8)) rule.Type = m.StringOrNull(ref r, "type");
            else if (r.ValueTextEquals("major"u8)) rule.Major = m.NumberOrNull(ref r, "major", Numbers.Int64);
            else if (r.ValueTextEquals("minor"u8)) rule.Minor = m.NumberOrNull(ref r, "minor", Numbers.Int64);
            else if (r.ValueTextEquals("access"u8)) rule.Access = m.StringOrNull(ref r, "access");
            else m.Skip(ref r);
        }
        return rule;
    }

    private static LinuxMemory? MemoryAt(ModelReader m, ref Utf8JsonReader r)
    {
        if (!m.BeginObject(ref r))
            return null;
        var memory = new LinuxMemory();
        while (m.NextProperty(ref r))
        {
            if (r.ValueTextEquals("limit"u8)) memory.Limit = m.NumberOrNull(ref r, "limit", Numbers.Int64);
            else if (r.ValueTextEquals("reservation"u8)) memory.Reservation = m.NumberOrNull(ref r, "reservation", Numbers.Int64);
            else if (r.ValueTextEquals("swap"u8)) memory.Swap = m.NumberOrNull(ref r, "swap", Numbers.Int64);
            else if (r.ValueTextEquals("kernel"u8)) memory.Kernel = m.NumberOrNull(ref r, "kernel", Numbers.Int64);
            else if (r.ValueTextEquals("kernelTCP"u8)) memory.KernelTcp = m.NumberOrNull(ref r, "kernelTCP", Numbers.Int64);
            else if (r.ValueTextEquals("swappiness"u8)) memory.Swappiness = m.NumberOrNull(ref r, "swappiness", Numbers.UInt64);
            else if (r.ValueTextEquals("disableOOMKiller"u8)) memory.DisableOomKiller = m.BoolOrNull(ref r, "disableOOMKiller");
            else if (r.ValueTextEquals("useHierarchy"u8)) memory.UseHierarchy = m.BoolOrNull(ref r, "useHierarchy");
            else if (r.ValueTextEquals("checkBeforeUpdate"u8)) memory.CheckBeforeUpdate = m.BoolOrNull(ref r, "checkBeforeUpdate");
            else m.Skip(ref r);
        }
        return memory;
    }

    private static LinuxCpu? CpuAt(ModelReader m, ref Utf8JsonReader r)
    {
        if (!m.BeginObject(ref r))
            return null;
        var cpu = new LinuxCpu();
        while (m.NextProperty(ref r))
        {
            if (r.ValueTextEquals("shares"u8)) cpu.Shares = m.NumberOrNull(ref r, "shares", Numbers.UInt64);
            else if (r.ValueTextEquals("quota"u8)) cpu.Quota = m.NumberOrNull(ref r, "quota", Numbers.Int64);
            else if (r.ValueTextEquals("burst"u8)) cpu.Burst = m.NumberOrNull(ref r, "burst", Numbers.UInt64);
            else if (r.ValueTextEquals("period"u8)) cpu.Period = m.NumberOrNull(ref r, "period", Numbers.UInt64);
            else if (r.ValueTextEquals("realtimeRuntime"u8)) cpu.RealtimeRuntime = m.NumberOrNull(ref r, "realtimeRuntime", Numbers.Int64);
            else if (r.ValueTextEquals("realtimePeriod"u8)) cpu.RealtimePeriod = m.NumberOrNull(ref r, "realtimePeriod", Numbers.UInt64);
            else if (r.ValueTextEquals("cpus"u8)) cpu.Cpus = m.StringOrNull(ref r, "cpus");
            else if (r.ValueTextEquals("mems"u8)) cpu.Mems = m.StringOrNull(ref r, "mems");
            else if (r.ValueTextEquals("idle"u8)) cpu.Idle = m.NumberOrNull(ref r, "idle", Numbers.Int64);
            else m.Skip(ref r);
        }
        return cpu;
    }

    private static LinuxPids? PidsAt(ModelReader m, ref Utf8JsonReader r)
    {
        if (!m.BeginObject(ref r))
            return null;
        var pids = new LinuxPids();
        while (m.NextProperty(ref r))
        {
            if (r.ValueTextEquals("limit"u8)) pids.Limit = m.NumberOrNull(ref r, "limit", Numbers.Int64);
            else m.Skip(ref r);
        }
        return pids;
    }

    private static LinuxBlockIO? BlockIOAt(ModelReader m, ref Utf8JsonReader r)
    {
        if (!m.BeginObject(ref r))
            return null;
        var io = new LinuxBlockIO();
        while (m.NextProperty(ref r))
        {
            if (r.ValueTextEquals("weight"u8)) io.Weight = m.NumberOrNull(ref r, "weight", Numbers.UInt16);
            else if (r.ValueTextEquals("leafWeight"u8)) io.LeafWeight = m.NumberOrNull(ref r, "leafWeight", Numbers.UInt16);
            else if (r.ValueTextEquals("weightDevice"u8)) io.WeightDevice = m.List(ref r, "weightDevice", WeightDeviceAt);
            else if (r.ValueTextEquals("throttleReadBpsDevice"u8)) io.ThrottleReadBpsDevice = m.List(ref r, "throttleReadBpsDevice", ThrottleDeviceAt);
            else if (r.ValueTextEquals("throttleWriteBpsDevice"u8)) io.ThrottleWriteBpsDevice = m.List(ref r, "throttleWriteBpsDevice", ThrottleDeviceAt);
            else if (r.ValueTextEquals("throttleReadIOPSDevice"u8)) io.ThrottleReadIopsDevice = m.List(ref r, "throttleReadIOPSDevice", ThrottleDeviceAt);
            else if (r.ValueTextEquals("throttleWriteIOPSDevice"u8)) io.ThrottleWriteIopsDevice = m.List(ref r, "throttleWriteIOPSDevice", ThrottleDeviceAt);
            else m.Skip(ref r);
        }
        return io;
    }

    private static LinuxWeightDevice WeightDeviceAt(ModelReader m, ref Utf8JsonReader r)
    {
        m.BeginObject(ref r);
        var device = new LinuxWeightDevice();
        while (m.NextProperty(ref r))
        {
            if (r.ValueTextEquals("major"u8)) device.Major = m.Number(ref r, "major", Numbers.Int64);
            else if (r.ValueTextEquals("minor"u8)) device.Minor = m.Number(ref r, "minor", Numbers.Int64);
            else if (r.ValueTextEquals("weight"u8)) device.Weight = m.NumberOrNull(ref r, "weight", Numbers.UInt16);
            else if (r.ValueTextEquals("leafWeight"u8)) device.LeafWeight = m.NumberOrNull(ref r, "leafWeight", Numbers.UInt16);
            else m.Skip(ref r);
        }
        return device;
    }

    private static LinuxThrottleDevice ThrottleDeviceAt(ModelReader m, ref Utf8JsonReader r)
    {
        m.BeginObject(ref r);
        var device = new LinuxThrottleDevice();
        while (m.NextProperty(ref r))
        {
            if (r.ValueTextEquals("major"u8)) device.Major = m.Number(ref r, "major", Numbers.Int64);
            else if (r.ValueTextEquals("minor"u8)) device.Minor = m.Number(ref r, "minor", Numbers.Int64);
            else if (r.ValueTextEquals("rate"u8)) device.Rate = m.Number(ref r, "rate", Numbers.UInt64);
            else m.Skip(ref r);
        }
        return device;
    }

    private static LinuxHugepageLimit HugepageLimitAt(ModelReader m, ref Utf8JsonReader r)
    {
        m.BeginObject(ref r);
        var limit = new LinuxHugepageLimit();
        while (m.NextProperty(ref r))
        {
            if (r.ValueTextEquals("pageSize"u8)) limit.PageSize = m.String(ref r, "pageSize");
            else if (r.ValueTextEquals("limit"u8)) limit.Limit = m.Number(ref r, "limit", Numbers.UInt64);
            else m.Skip(ref r);
        }
        return limit;
    }

    private static LinuxNetwork? NetworkAt(ModelReader m, ref Utf8JsonReader r)
    {
        if (!m.BeginObject(ref r))
            return null;
        var network = new LinuxNetwork();
        while (m.NextProperty(ref r))
        {
            if (r.ValueTextEquals("classID"u8)) network.ClassId = m.NumberOrNull(ref r, "classID", Numbers.UInt32);
            else if (r.ValueTextEquals("priorities"u8)) network.Priorities = m.List(ref r, "priorities", InterfacePriorityAt);
            else m.Skip(ref r);
        }
        return network;
    }

    private static LinuxInterfacePriority InterfacePriorityAt(ModelReader m, ref Utf8JsonReader r)
    {
        m.BeginObject(ref r);
        var priority = new LinuxInterfacePriority();
        while (m.NextProperty(ref r))
        {
            if (r.ValueTextEquals("name"u8)) priority.Name = m.String(ref r, "name");
            else if (r.ValueTextEquals("priority"u8)) priority.Priority = m.Number(ref r, "priority", Numbers.UInt32);
            else m.Skip(ref r);
        }
        return priority;
    }

    private static LinuxRdma? RdmaAt(ModelReader m, ref Utf8JsonReader r)
    {
        if (!m.BeginObject(ref r))
            return null;
        var rdma = new LinuxRdma();
        while (m.NextProperty(ref r))
        {
            if (r.ValueTextEquals("hcaHandles"u8)) rdma.HcaHandles = m.NumberOrNull(ref r, "hcaHandles", Numbers.UInt32);
            else if (r.ValueTextEquals("hcaObjects"u8)) rdma.HcaObjects = m.NumberOrNull(ref r, "hcaObjects", Numbers.UInt32);
            else m.Skip(ref r);
        }
        return rdma;
    }
}
