using System.Diagnostics;
using System.Globalization;
using Oci.Runtime.Lifecycle;

namespace Oci.Runtime.Integration.Tests.Infrastructure;

/// <summary>
/// A container record written with ocirt's own <see cref="StateStore"/>, whose init is a real
/// process (`sleep 600`) started by the test, so state/kill/delete act on something real.
/// The process is killed and reaped on Dispose if ocirt has not done so.
/// </summary>
public sealed class SeededContainer : IDisposable
{
    public const string Created = "2026-11-29T00:00:00.000000000Z";

    private SeededContainer(string id, Process? process, ContainerRecord record)
    {
        Id = id;
        Process = process;
        Record = record;
    }

    public string Id { get; }
    public Process? Process { get; }
    public ContainerRecord Record { get; }
    public int Pid => Process?.Id ?? 0;

    /// <summary>
    /// Starts `sleep 600` and records it as the container's init. <paramref name="startTimeSkew"/>
    /// shifts the recorded start time, to fake a pid that now belongs to another process. A
    /// created container gets the exec fifo `create` leaves (without it, it reads as started)
    /// unless <paramref name="execFifo"/> is false.
    /// </summary>
    public static SeededContainer Start(string root, string bundle, string id, string status = "running",
        ulong startTimeSkew = 0, Dictionary<string, string>? annotations = null, bool execFifo = true)
    {
        var process = System.Diagnostics.Process.Start(new ProcessStartInfo("sleep", "600") { UseShellExecute = false })
            ?? throw new InvalidOperationException("could not start sleep");
        try
        {
            var record = MakeRecord(id, status, process.Id, StartTimeOf(process.Id) + startTimeSkew, bundle, annotations);
            var store = new StateStore(root);
            store.Create(record).Dispose();
            if (status == "created" && execFifo)
                MakeFifo(Path.Combine(store.DirectoryOf(id), StateStore.ExecFifo));
            return new SeededContainer(id, process, record);
        }
        catch
        {
            process.Kill();
            process.WaitForExit();
            process.Dispose();
            throw;
        }
    }

    /// <summary>A record with no process at all (pid 0), e.g. a stopped container.</summary>
    public static SeededContainer WithoutProcess(string root, string bundle, string id, string status = "stopped")
    {
        var record = MakeRecord(id, status, 0, 0, bundle, null);
        new StateStore(root).Create(record).Dispose();
        return new SeededContainer(id, null, record);
    }

    private static ContainerRecord MakeRecord(string id, string status, int pid, ulong startTime, string bundle,
        Dictionary<string, string>? annotations) => new()
    {
        OciVersion = "1.3.0",
        Id = id,
        Status = status,
        Pid = pid,
        PidStartTime = startTime,
        Bundle = bundle,
        Rootfs = Path.Combine(bundle, "rootfs"),
        Created = Created,
        Annotations = annotations,
    };

    private static void MakeFifo(string path)
    {
        using var mkfifo = System.Diagnostics.Process.Start("mkfifo", path) ?? throw new InvalidOperationException("could not start mkfifo");
        mkfifo.WaitForExit();
        if (mkfifo.ExitCode != 0)
            throw new InvalidOperationException($"mkfifo {path} failed ({mkfifo.ExitCode})");
    }

    /// <summary>Field 22 of /proc/PID/stat, counted after the ')' that ends the comm field.</summary>
    public static ulong StartTimeOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return ulong.Parse(fields[22 - 3], CultureInfo.InvariantCulture);
    }

    /// <summary>True while the process exists and is not a zombie.</summary>
    public bool IsAlive
    {
        get
        {
            if (Process is null || Process.HasExited)
                return false;
            try
            {
                var stat = File.ReadAllText($"/proc/{Pid}/stat");
                return stat[stat.LastIndexOf(')') + 2] is not ('Z' or 'X' or 'x');
            }
            catch (IOException)
            {
                return false;
            }
        }
    }

    /// <summary>Waits for the init to exit and returns its exit code (128 + signal when killed by one).</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        if (Process is null)
            throw new InvalidOperationException("no process");
        Process.WaitForExit(timeout).Should().BeTrue($"pid {Pid} should have exited within {timeout.TotalSeconds} s");
        Process.WaitForExit();
        return Process.ExitCode;
    }

    /// <summary>Kills the init from outside ocirt and reaps it, as if the container had died.</summary>
    public void KillExternally()
    {
        Process!.Kill();
        Process.WaitForExit();
    }

    public void Dispose()
    {
        if (Process is null)
            return;
        try
        {
            if (!Process.HasExited)
            {
                Process.Kill();
                Process.WaitForExit();
            }
        }
        catch (InvalidOperationException)
        {
        }
        Process.Dispose();
    }
}
