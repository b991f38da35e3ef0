using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Oci.Runtime.Integration.Tests.Infrastructure;

namespace Oci.Runtime.Integration.Tests;

/// <summary>
/// A real container for the cgroup verb tests: a rootfs of the host's static busybox in the
/// sandbox's bundle, `ocirt spec` edited to run a shell script, started with `run -d`. The
/// script's stdio goes to /dev/null first, so no container process keeps ocirt's output
/// pipes (and the test's reads of them) open. Force-deleted on Dispose.
/// </summary>
public sealed class CgroupTestContainer : IDisposable
{
    private static readonly string[] Applets = ["sh", "sleep", "usleep", "cat", "echo", "yes", "head", "true", "test", "["];

    private readonly Sandbox _sandbox;

    private CgroupTestContainer(Sandbox sandbox, string id)
    {
        _sandbox = sandbox;
        Id = id;
    }

    public string Id { get; }

    public string Rootfs => Path.Combine(_sandbox.Bundle, "rootfs");

    /// <summary>Starts a container running <paramref name="script"/> under busybox sh; <paramref name="edit"/> changes config.json first.</summary>
    public static CgroupTestContainer Run(Sandbox sandbox, string script, Action<JsonObject>? edit = null)
    {
        MakeRootfs(Path.Combine(sandbox.Bundle, "rootfs"));
        var spec = Infrastructure.Ocirt.RunIn(sandbox.Bundle, "spec");
        spec.ExitCode.Should().Be(0, spec.ToString());
        var config = JsonNode.Parse(File.ReadAllText(sandbox.ConfigPath))!.AsObject();
        config["process"]!["terminal"] = false;
        config["process"]!["args"] = new JsonArray("sh", "-c", "exec >/dev/null 2>&1 </dev/null; " + script);
        config["root"]!["readonly"] = false;
        edit?.Invoke(config);
        File.WriteAllText(sandbox.ConfigPath, config.ToJsonString());
        // Unique: the default cgroup path is /<id> in every hierarchy, shared by parallel tests.
        var container = new CgroupTestContainer(sandbox, "cg-" + Guid.NewGuid().ToString("N")[..10]);
        var run = Infrastructure.Ocirt.RunIn(sandbox.Bundle, sandbox.GlobalArgs("run", "-d", container.Id));
        run.ExitCode.Should().Be(0, run.ToString());
        return container;
    }

    private static void MakeRootfs(string rootfs)
    {
        var bin = Directory.CreateDirectory(Path.Combine(rootfs, "bin")).FullName;
        File.Copy("/bin/busybox", Path.Combine(bin, "busybox"));
        foreach (var applet in Applets)
            File.CreateSymbolicLink(Path.Combine(bin, applet), "busybox");
    }

    public RunResult Ocirt(params string[] verbAndArgs) => _sandbox.Run(verbAndArgs);

    public JsonElement State()
    {
        var state = Ocirt("state", Id);
        state.ExitCode.Should().Be(0, state.ToString());
        return JsonDocument.Parse(state.Stdout).RootElement;
    }

    public string Status => State().GetProperty("status").GetString()!;

    public int Pid => State().GetProperty("pid").GetInt32();

    /// <summary>The record ocirt keeps in &lt;root&gt;/&lt;id&gt;/state.json.</summary>
    public JsonElement Record => JsonDocument.Parse(File.ReadAllText(Path.Combine(_sandbox.Root, Id, "state.json"))).RootElement;

    public IReadOnlyList<string> CgroupDirectories =>
        Record.GetProperty("cgroupDirectories").EnumerateArray().Select(d => d.GetString()!).ToList();

    /// <summary>The container's directory in the v1 hierarchy mounted at /sys/fs/cgroup/<paramref name="controller"/>.</summary>
    public string CgroupDirectory(string controller) =>
        CgroupDirectories.Single(d => d.StartsWith($"/sys/fs/cgroup/{controller}/", StringComparison.Ordinal));

    public string ReadCgroupFile(string controller, string file) =>
        File.ReadAllText(Path.Combine(CgroupDirectory(controller), file)).Trim();

    /// <summary>The pids `ps --format json` reports.</summary>
    public int[] Pids()
    {
        var ps = Ocirt("ps", "--format", "json", Id);
        ps.ExitCode.Should().Be(0, ps.ToString());
        var pids = JsonDocument.Parse(ps.Stdout).RootElement;
        return pids.ValueKind == JsonValueKind.Null ? [] : pids.EnumerateArray().Select(p => p.GetInt32()).ToArray();
    }

    /// <summary>Polls until <paramref name="condition"/> holds, failing with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static void WaitUntil(Func<bool> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"timed out after {timeout.TotalSeconds} s waiting until {what}");
            Thread.Sleep(50);
        }
    }

    public void WaitUntilStopped() => WaitUntil(() => Status == "stopped", TimeSpan.FromSeconds(15), $"{Id} has stopped");

    /// <summary>Runs ocirt with <paramref name="input"/> on its stdin.</summary>
    public RunResult OcirtWithInput(string input, params string[] verbAndArgs)
    {
        var args = _sandbox.GlobalArgs(verbAndArgs);
        using var process = StartOcirt(args, redirectInput: true);
        process.StandardInput.Write(input);
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return new RunResult(args, process.ExitCode, stdout, stderr.Result);
    }

    /// <summary>Starts a long-running ocirt verb (`events`), collecting its stdout lines as they come.</summary>
    public (Process Process, BlockingCollection<string> Lines) StartStreaming(params string[] verbAndArgs)
    {
        var process = StartOcirt(_sandbox.GlobalArgs(verbAndArgs), redirectInput: false);
        var lines = new BlockingCollection<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
                lines.CompleteAdding();
            else
                lines.Add(e.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, lines);
    }

    private static Process StartOcirt(IReadOnlyList<string> args, bool redirectInput)
    {
        var info = new ProcessStartInfo(RepoPaths.Binary)
        {
            RedirectStandardInput = redirectInput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        return Process.Start(info) ?? throw new InvalidOperationException("could not start ocirt");
    }

    /// <summary>Force-deletes the container, then removes by hand whatever a failing test left (processes, cgroups).</summary>
    public void Dispose()
    {
        Ocirt("delete", "--force", Id);
        Host.KillProcessesInCgroupsOf(Id);
        Host.RemoveCgroupDirectories(Id);
    }
}
