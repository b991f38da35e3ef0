using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Oci.Runtime.Integration.Tests.Infrastructure;

/// <summary>All the tests that start real containers: one at a time (2 cores; cgroups and mounts are host-wide).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealContainers
{
    public const string Name = "real containers";
}

/// <summary>
/// A sandbox with a busybox rootfs (the host's static /bin/busybox and a symlink per applet)
/// and a config.json from `ocirt spec`, for tests that run real containers. Every container id
/// it hands out is cleaned up on Dispose whatever happened: `delete --force`, SIGKILL of
/// anything left in its cgroups, rmdir of its cgroup directories, lazy unmount of anything
/// under the sandbox.
/// </summary>
public sealed class ContainerBundle : IDisposable
{
    private static readonly Lazy<string[]> Applets = new(() =>
    {
        if (!File.Exists("/bin/busybox"))
            throw new InvalidOperationException("/bin/busybox is missing: install busybox-static (a static busybox is what the container runs)");
        var list = Infrastructure.Ocirt.Execute("/bin/busybox", ["--list"], null, TimeSpan.FromSeconds(10));
        return list.StdoutLines.Where(a => a != "busybox" && !a.Contains('/')).ToArray();
    });

    private readonly List<string> _ids = [];
    private int _runs;

    public ContainerBundle()
    {
        Sandbox = new Sandbox();
        Rootfs = Path.Combine(Sandbox.Bundle, "rootfs");
        MakeRootfs(Rootfs);
        var spec = Infrastructure.Ocirt.Run("spec", "--bundle", Sandbox.Bundle);
        spec.ExitCode.Should().Be(0, spec.ToString());
        Config = JsonNode.Parse(File.ReadAllText(Sandbox.ConfigPath))!.AsObject();
        Process["terminal"] = false;
        SetArgs("true");
        Save();
    }

    public Sandbox Sandbox { get; }

    public string Rootfs { get; }

    public string Bundle => Sandbox.Bundle;

    public JsonObject Config { get; }

    public JsonObject Process => Config["process"]!.AsObject();

    public JsonObject Linux => Config["linux"]!.AsObject();

    public JsonArray Namespaces => Linux["namespaces"]!.AsArray();

    public JsonArray Mounts => Config["mounts"]!.AsArray();

    public IReadOnlyList<string> Ids => _ids;

    /// <summary>Extra environment for every ocirt run (e.g. DOTNET_GCgen0size).</summary>
    public Dictionary<string, string> Environment { get; } = [];

    public void SetArgs(params string[] args) => Process["args"] = new JsonArray(args.Select(a => (JsonNode)JsonValue.Create(a)!).ToArray());

    /// <summary>Runs a shell command line in the container.</summary>
    public void Shell(string script) => SetArgs("/bin/sh", "-c", script);

    public void RemoveNamespace(string type)
    {
        foreach (var ns in Namespaces.Where(n => (string?)n!["type"] == type).ToList())
            Namespaces.Remove(ns);
    }

    public void Save() => File.WriteAllText(Sandbox.ConfigPath, Config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

    /// <summary>A fresh container id, unique on the host (cgroup directories are named after it), cleaned up on Dispose.</summary>
    public string NewId()
    {
        var id = "it-" + Guid.NewGuid().ToString("N")[..10];
        _ids.Add(id);
        return id;
    }

    /// <summary>
    /// Runs ocirt with --root of the sandbox. stdout and stderr go to files (a created
    /// container inherits them and keeps them open: a pipe would not reach EOF before it exits).
    /// </summary>
    public CliRun Ocirt(params string[] verbAndArgs) => OcirtWithin(Infrastructure.Ocirt.DefaultTimeout, verbAndArgs);

    public CliRun OcirtWithin(TimeSpan timeout, params string[] verbAndArgs)
    {
        var n = Interlocked.Increment(ref _runs);
        var stdout = Path.Combine(Sandbox.Directory, $"stdout.{n}");
        var stderr = Path.Combine(Sandbox.Directory, $"stderr.{n}");
        var result = CliRun.Execute(RepoPaths.Binary, Sandbox.GlobalArgs(verbAndArgs), stdout, stderr, Environment, timeout);
        return result;
    }

    /// <summary>The state `ocirt state` reports.</summary>
    public JsonObject State(string id)
    {
        var state = Ocirt("state", id);
        state.ExitCode.Should().Be(0, state.ToString());
        return JsonNode.Parse(state.Stdout)!.AsObject();
    }

    public static void MakeRootfs(string rootfs)
    {
        var bin = Path.Combine(rootfs, "bin");
        Directory.CreateDirectory(bin);
        File.Copy("/bin/busybox", Path.Combine(bin, "busybox"));
        foreach (var applet in Applets.Value)
            File.CreateSymbolicLink(Path.Combine(bin, applet), "busybox");
        foreach (var dir in new[] { "proc", "dev", "sys", "tmp", "etc", "root" })
            Directory.CreateDirectory(Path.Combine(rootfs, dir));
        File.WriteAllText(Path.Combine(rootfs, "etc", "passwd"), "root:x:0:0:root:/root:/bin/sh\nuser:x:1000:1000:user:/home/user:/bin/sh\n");
        File.WriteAllText(Path.Combine(rootfs, "etc", "group"), "root:x:0:\nuser:x:1000:\n");
    }

    // ---- what a container leaves on the host ----

    /// <summary>Mount points under the sandbox, as the test's mount namespace sees them.</summary>
    public string[] MountsUnderSandbox() => Host.MountPoints().Where(m => m == Sandbox.Directory || m.StartsWith(Sandbox.Directory + "/", StringComparison.Ordinal)).ToArray();

    /// <summary>Asserts the ids left nothing: no state directory, cgroup directory, process or mount.</summary>
    public void AssertNoLeaks(params string[] ids)
    {
        foreach (var id in ids.Length > 0 ? ids : _ids.ToArray())
        {
            Directory.Exists(Path.Combine(Sandbox.Root, id)).Should().BeFalse("the state directory of {0} must be gone", id);
            Host.CgroupDirectoriesOf(id).Should().BeEmpty("no cgroup directory of {0} may remain", id);
            Host.ProcessesInCgroupsOf(id).Should().BeEmpty("no process of {0} may remain", id);
        }
        MountsUnderSandbox().Should().BeEmpty("no mount under the sandbox may remain in the host's mount namespace");
    }

    public void Dispose()
    {
        try
        {
            foreach (var id in _ids)
            {
                try
                {
                    OcirtWithin(TimeSpan.FromSeconds(20), "delete", "--force", id);
                }
                catch (TimeoutException)
                {
                }
                Host.KillProcessesInCgroupsOf(id);
                Host.RemoveCgroupDirectories(id);
            }
            foreach (var mount in MountsUnderSandbox().OrderByDescending(m => m.Length))
                Host.Execute("umount", "-l", mount);
        }
        finally
        {
            Sandbox.Dispose();
        }
    }
}

/// <summary>One run of ocirt with stdout and stderr captured through files.</summary>
public sealed record CliRun(IReadOnlyList<string> Arguments, int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed)
{
    public RunResult AsRunResult() => new(Arguments, ExitCode, Stdout, Stderr);

    public override string ToString() => AsRunResult() + $"\n  took: {Elapsed.TotalMilliseconds:F0} ms";

    public static CliRun Execute(string program, IReadOnlyList<string> args, string stdoutPath, string stderrPath,
        IReadOnlyDictionary<string, string>? environment, TimeSpan timeout)
    {
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        info.ArgumentList.Add("-c");
        // umask 022 as on an ordinary host: what ocirt creates must not depend on the caller's umask.
        info.ArgumentList.Add("umask 022; exec \"$0\" \"$@\" </dev/null >\"$OCIRT_IT_STDOUT\" 2>\"$OCIRT_IT_STDERR\"");
        info.ArgumentList.Add(program);
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        info.Environment["OCIRT_IT_STDOUT"] = stdoutPath;
        info.Environment["OCIRT_IT_STDERR"] = stderrPath;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            info.Environment[name] = value;
        var clock = Stopwatch.StartNew();
        using var process = System.Diagnostics.Process.Start(info) ?? throw new InvalidOperationException("could not start /bin/sh");
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"ocirt {string.Join(' ', args)} did not finish within {timeout.TotalSeconds} s; stderr: {ReadOrEmpty(stderrPath)}");
        }
        process.WaitForExit();
        return new CliRun(args.ToArray(), process.ExitCode, ReadOrEmpty(stdoutPath), ReadOrEmpty(stderrPath), clock.Elapsed);
    }

    public static string ReadOrEmpty(string path) => File.Exists(path) ? File.ReadAllText(path) : "";
}

/// <summary>The host as seen from the test: processes, mounts, cgroups, namespaces.</summary>
public static class Host
{
    public static string[] MountPoints(int pid = 0) =>
        File.ReadAllLines(pid == 0 ? "/proc/self/mountinfo" : $"/proc/{pid}/mountinfo").Select(l => Unescape(l.Split(' ')[4])).ToArray();

    public static string Unescape(string field) =>
        field.Replace("\\040", " ").Replace("\\011", "\t").Replace("\\012", "\n").Replace("\\134", "\\");

    /// <summary>The inode of a namespace link (/proc/PID/ns/TYPE or a bind-mounted one).</summary>
    public static ulong NamespaceInode(string path)
    {
        var link = new FileInfo(path).LinkTarget;
        if (link is not null && link.Contains(":["))
            return ulong.Parse(link[(link.IndexOf('[') + 1)..^1], CultureInfo.InvariantCulture);
        var stat = Execute("stat", "-L", "-c", "%i", path);
        return ulong.Parse(stat.Stdout.Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>Every directory of the cgroup hierarchies that names <paramref name="id"/>: /sys/fs/cgroup/H/ID and /sys/fs/cgroup/H/(the test's own path)/ID.</summary>
    public static List<string> CgroupDirectoriesOf(string id)
    {
        var found = new List<string>();
        if (!Directory.Exists("/sys/fs/cgroup"))
            return found;
        var ownPaths = File.ReadAllLines("/proc/self/cgroup").Select(l => l.Split(':', 3)[2].Trim('/')).Where(p => p.Length > 0).Distinct().ToList();
        foreach (var hierarchy in Directory.EnumerateDirectories("/sys/fs/cgroup").Append("/sys/fs/cgroup"))
        {
            foreach (var candidate in ownPaths.Select(p => Path.Combine(hierarchy, p, id)).Append(Path.Combine(hierarchy, id)))
            {
                if (Directory.Exists(candidate) && !found.Contains(candidate))
                    found.Add(candidate);
            }
        }
        return found;
    }

    /// <summary>Live processes whose cgroup (in any hierarchy) is a directory named <paramref name="id"/>.</summary>
    public static List<int> ProcessesInCgroupsOf(string id)
    {
        var pids = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                continue;
            try
            {
                var lines = File.ReadAllLines(Path.Combine(dir, "cgroup"));
                if (lines.Any(l => l.EndsWith("/" + id, StringComparison.Ordinal) || l.Contains("/" + id + "/", StringComparison.Ordinal)) && IsAlive(pid))
                    pids.Add(pid);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
        return pids;
    }

    /// <summary>True while the process exists and is not a zombie.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2] is not ('Z' or 'X' or 'x');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static bool WaitUntilGone(int pid, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (IsAlive(pid))
        {
            if (DateTime.UtcNow > deadline)
                return false;
            Thread.Sleep(5);
        }
        return true;
    }

    public static void KillProcessesInCgroupsOf(string id)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var pids = ProcessesInCgroupsOf(id);
            if (pids.Count == 0)
                return;
            foreach (var pid in pids)
                Kill(pid, 9);
            foreach (var pid in pids)
                WaitUntilGone(pid, TimeSpan.FromSeconds(5));
        }
    }

    public static void RemoveCgroupDirectories(string id)
    {
        foreach (var dir in CgroupDirectoriesOf(id))
        {
            foreach (var sub in Directory.EnumerateDirectories(dir, "*", SearchOption.AllDirectories).OrderByDescending(d => d.Length).Append(dir))
            {
                for (var attempt = 0; attempt < 50; attempt++)
                {
                    try
                    {
                        Directory.Delete(sub);
                        break;
                    }
                    catch (IOException)
                    {
                        Thread.Sleep(20);
                    }
                }
            }
        }
    }

    public static void Kill(int pid, int signal) => NativeKill(pid, signal);

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int NativeKill(int pid, int signal);

    public static RunResult Execute(string program, params string[] args) => Infrastructure.Ocirt.Execute(program, args, null, TimeSpan.FromSeconds(30));

    public static int OpenFdCount() => Directory.GetFiles("/proc/self/fd").Length;
}
