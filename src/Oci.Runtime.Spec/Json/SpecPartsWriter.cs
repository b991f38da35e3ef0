using System.Text.Json;
using static Oci.Runtime.Spec.Json.JsonFields;

namespace Oci.Runtime.Spec.Json;

/// <summary>
/// Writes the two parts of the spec that state.json keeps (hooks, and linux.resources as
/// `update` leaves them), by hand for the reason <see cref="SpecReader"/> reads by hand: every
/// `create` writes them. The shape is the spec's, with nulls left out; <see cref="SpecReader"/>
/// reads it back.
/// </summary>
public static class SpecPartsWriter
{
    public static void WriteHooks(Utf8JsonWriter w, Hooks hooks)
    {
        w.WriteStartObject();
        HookList(w, "prestart", hooks.Prestart);
        HookList(w, "createRuntime", hooks.CreateRuntime);
        HookList(w, "createContainer", hooks.CreateContainer);
        HookList(w, "startContainer", hooks.StartContainer);
        HookList(w, "poststart", hooks.Poststart);
        HookList(w, "poststop", hooks.Poststop);
        w.WriteEndObject();
    }

    private static void HookList(Utf8JsonWriter w, string name, List<Hook>? hooks)
    {
        if (hooks is null)
            return;
        w.WriteStartArray(name);
        foreach (var hook in hooks)
        {
            w.WriteStartObject();
            w.WriteString("path", hook.Path);
            Strings(w, "args", hook.Args);
            Strings(w, "env", hook.Env);
            Number(w, "timeout", hook.Timeout);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    public static void WriteResources(Utf8JsonWriter w, LinuxResources resources)
    {
        w.WriteStartObject();
        if (resources.Devices is { } devices)
        {
            w.WriteStartArray("devices");
            foreach (var rule in devices)
            {
                w.WriteStartObject();
                w.WriteBoolean("allow", rule.Allow);
                String(w, "type", rule.Type);
                Number(w, "major", rule.Major);
                Number(w, "minor", rule.Minor);
                String(w, "access", rule.Access);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        if (resources.Memory is { } memory)
        {
            w.WriteStartObject("memory");
            Number(w, "limit", memory.Limit);
            Number(w, "reservation", memory.Reservation);
            Number(w, "swap", memory.Swap);
            Number(w, "kernel", memory.Kernel);
            Number(w, "kernelTCP", memory.KernelTcp);
            Number(w, "swappiness", memory.Swappiness);
            Bool(w, "disableOOMKiller", memory.DisableOomKiller);
            Bool(w, "useHierarchy", memory.UseHierarchy);
            Bool(w, "checkBeforeUpdate", memory.CheckBeforeUpdate);
            w.WriteEndObject();
        }
        if (resources.Cpu is { } cpu)
        {
            w.WriteStartObject("cpu");
            Number(w, "shares", cpu.Shares);
            Number(w, "quota", cpu.Quota);
            Number(w, "burst", cpu.Burst);
            Number(w, "period", cpu.Period);
            Number(w, "realtimeRuntime", cpu.RealtimeRuntime);
            Number(w, "realtimePeriod", cpu.RealtimePeriod);
            String(w, "cpus", cpu.Cpus);
            String(w, "mems", cpu.Mems);
            Number(w, "idle", cpu.Idle);
            w.WriteEndObject();
        }
        if (resources.Pids is { } pids)
        {
            w.WriteStartObject("pids");
            Number(w, "limit", pids.Limit);
            w.WriteEndObject();
        }
        if (resources.BlockIO is { } io)
            BlockIO(w, io);
        if (resources.HugepageLimits is { } hugepages)
        {
            w.WriteStartArray("hugepageLimits");
            foreach (var limit in hugepages)
            {
                w.WriteStartObject();
                w.WriteString("pageSize", limit.PageSize);
                w.WriteNumber("limit", limit.Limit);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        if (resources.Network is { } network)
        {
            w.WriteStartObject("network");
            Number(w, "classID", network.ClassId);
            if (network.Priorities is { } priorities)
            {
                w.WriteStartArray("priorities");
                foreach (var priority in priorities)
                {
                    w.WriteStartObject();
                    w.WriteString("name", priority.Name);
                    w.WriteNumber("priority", priority.Priority);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        if (resources.Rdma is { } rdma)
        {
            w.WriteStartObject("rdma");
            foreach (var (device, limits) in rdma)
            {
                w.WriteStartObject(device);
                Number(w, "hcaHandles", limits.HcaHandles);
                Number(w, "hcaObjects", limits.HcaObjects);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        if (resources.Unified is { } unified)
        {
            w.WriteStartObject("unified");
            foreach (var (key, value) in unified)
                w.WriteString(key, value);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    private static void BlockIO(Utf8JsonWriter w, LinuxBlockIO io)
    {
        w.WriteStartObject("blockIO");
        Number(w, "weight", io.Weight);
        Number(w, "leafWeight", io.LeafWeight);
        if (io.WeightDevice is { } weights)
        {
            w.WriteStartArray("weightDevice");
            foreach (var device in weights)
            {
                w.WriteStartObject();
                w.WriteNumber("major", device.Major);
                w.WriteNumber("minor", device.Minor);
                Number(w, "weight", device.Weight);
                Number(w, "leafWeight", device.LeafWeight);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        Throttles(w, "throttleReadBpsDevice", io.ThrottleReadBpsDevice);
        Throttles(w, "throttleWriteBpsDevice", io.ThrottleWriteBpsDevice);
        Throttles(w, "throttleReadIOPSDevice", io.ThrottleReadIopsDevice);
        Throttles(w, "throttleWriteIOPSDevice", io.ThrottleWriteIopsDevice);
        w.WriteEndObject();
    }

    private static void Throttles(Utf8JsonWriter w, string name, List<LinuxThrottleDevice>? devices)
    {
        if (devices is null)
            return;
        w.WriteStartArray(name);
        foreach (var device in devices)
        {
            w.WriteStartObject();
            w.WriteNumber("major", device.Major);
            w.WriteNumber("minor", device.Minor);
            w.WriteNumber("rate", device.Rate);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
