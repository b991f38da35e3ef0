using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Oci.Runtime.Cgroups;
using Oci.Runtime.Lifecycle;
using Oci.Runtime.Spec;
using Oci.Runtime.Spec.Json;
using ContainerStatus = Oci.Runtime.Lifecycle.ContainerStatus;

namespace Oci.Runtime.Linux.Containers;

/// <summary>
/// `events`: the container's cgroup statistics and OOM kills as runc's event lines, one JSON
/// object per line: {"type":"stats","id":…,"data":{…}} and {"type":"oom","id":…}.
/// </summary>
public sealed class ContainerEvents(StateStore store, IHostProcesses processes, ILogger log)
{
    /// <summary>How often the OOM-kill counter is read while streaming. runc is woken by the
    /// kernel (eventfd on v1, inotify on v2); a poll this frequent is as prompt for any reader
    /// and needs no second thread.</summary>
    private static readonly TimeSpan OomPoll = TimeSpan.FromMilliseconds(100);

    /// <summary>`events --stats`: one stats line.</summary>
    public void PrintStats(string id, TextWriter output)
    {
        var (_, cgroup) = OpenLive(id);
        Emit(output, Line("stats", id, ContainerCgroups.Guard(cgroup.Stats)));
    }

    /// <summary>Stats every <paramref name="interval"/> (the first after one interval, as runc's
    /// ticker) and an "oom" line for each OOM kill from now on, until the container stops.</summary>
    public void Stream(string id, TimeSpan interval, TextWriter output)
    {
        var (record, cgroup) = OpenLive(id);
        var ooms = ContainerCgroups.Guard(cgroup.OomKillCount);
        var clock = Stopwatch.StartNew();
        var nextStats = interval;
        while (true)
        {
            var wait = nextStats - clock.Elapsed;
            Thread.Sleep(wait < TimeSpan.Zero ? TimeSpan.Zero : wait < OomPoll ? wait : OomPoll);
            // Read whether it stopped before the last counter reads, so an OOM kill that ended
            // the container is still reported.
            var stopped = StatusResolver.Resolve(record, processes) == ContainerStatus.Stopped;
            ooms = ReportOoms(output, id, cgroup, ooms);
            if (clock.Elapsed >= nextStats)
            {
                EmitStats(output, id, cgroup);
                while (nextStats <= clock.Elapsed)
                    nextStats += interval;
            }
            if (stopped)
                return;
        }
    }

    private (ContainerRecord Record, ICgroupManager Cgroup) OpenLive(string id)
    {
        var record = store.Load(id);
        if (StatusResolver.Resolve(record, processes) == ContainerStatus.Stopped)
            throw new OcirtException($"container with id {id} is not running");
        return (record, ContainerCgroups.Open(record, log));
    }

    /// <summary>One "oom" line per kill the counter gained. A counter that went down means the
    /// cgroup was removed under us (a concurrent delete): nothing to report.</summary>
    private ulong ReportOoms(TextWriter output, string id, ICgroupManager cgroup, ulong seen)
    {
        ulong now;
        try
        {
            now = ContainerCgroups.Guard(cgroup.OomKillCount);
        }
        catch (OcirtException e)
        {
            log.LogError("events: {Message}", e.Message);
            return seen;
        }
        for (var i = seen; i < now; i++)
            Emit(output, Line("oom", id, null));
        return Math.Max(now, seen);
    }

    /// <summary>A failed read is logged and the stream goes on, as runc does.</summary>
    private void EmitStats(TextWriter output, string id, ICgroupManager cgroup)
    {
        try
        {
            Emit(output, Line("stats", id, ContainerCgroups.Guard(cgroup.Stats)));
        }
        catch (OcirtException e)
        {
            log.LogError("events: {Message}", e.Message);
        }
    }

    /// <summary>Flushed line by line: a reader (containerd, a pipe) acts on each event as it comes.</summary>
    private static void Emit(TextWriter output, string line)
    {
        output.Write(line + "\n");
        output.Flush();
    }

    /// <summary>runc's types.Event: "data" left out when there is none (Go's omitempty).</summary>
    internal static string Line(string type, string id, CgroupStats? data) => Documents.ToText(json =>
    {
        json.WriteStartObject();
        json.WriteString("type", type);
        json.WriteString("id", id);
        if (data is not null)
        {
            json.WritePropertyName("data");
            CgroupStatsWriter.Write(json, data);
        }
        json.WriteEndObject();
    });
}
