using System.Diagnostics;
using System.Globalization;
using Oci.Runtime.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Oci.Runtime.Integration.Tests;

/// <summary>
/// The process model's proof (docs: process-model.md): many create/start/wait/delete cycles with
/// ocirt under GC pressure (a tiny gen0 forces collections in the process that clones) while
/// this process allocates hard on other threads. Zero hangs, zero failures, nothing leaked.
/// Filter: --filter FullyQualifiedName~ExecutorStressTests.
/// </summary>
[Collection(RealContainers.Name)]
public sealed class ExecutorStressTests(ITestOutputHelper output) : IDisposable
{
    private const int Cycles = 300;
    private static readonly TimeSpan PerCall = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(85);

    private readonly ContainerBundle _bundle = new();

    public void Dispose() => _bundle.Dispose();

    [Fact]
    public void ThreeHundredCyclesUnderGcPressure()
    {
        _bundle.SetArgs("true");
        _bundle.Save();
        _bundle.Environment["DOTNET_GCgen0size"] = "0x10000";
        var pidFile = Path.Combine(_bundle.Sandbox.Directory, "init.pid");
        var mountsBefore = Host.MountPoints().Length;
        var fdsBefore = Host.OpenFdCount();

        using var stop = new CancellationTokenSource();
        var allocators = Enumerable.Range(0, 2).Select(_ => new Thread(() => Allocate(stop.Token)) { IsBackground = true }).ToArray();
        foreach (var allocator in allocators)
            allocator.Start();
        var failures = new List<string>();
        var timings = new List<double>();
        var clock = Stopwatch.StartNew();
        var done = 0;
        try
        {
            for (var i = 0; i < Cycles && clock.Elapsed < Budget; i++)
            {
                var id = _bundle.NewId();
                var cycle = Stopwatch.StartNew();
                try
                {
                    var create = _bundle.OcirtWithin(PerCall, "create", "--bundle", _bundle.Bundle, "--pid-file", pidFile, id);
                    if (create.ExitCode != 0)
                    {
                        failures.Add($"cycle {i} create: {create}");
                        continue;
                    }
                    var pid = int.Parse(File.ReadAllText(pidFile), CultureInfo.InvariantCulture);
                    var start = _bundle.OcirtWithin(PerCall, "start", id);
                    if (start.ExitCode != 0)
                        failures.Add($"cycle {i} start: {start}");
                    if (!Host.WaitUntilGone(pid, PerCall))
                        failures.Add($"cycle {i}: container init {pid} still runs `true` after {PerCall.TotalSeconds} s (hang)");
                    var delete = _bundle.OcirtWithin(PerCall, "delete", id);
                    if (delete.ExitCode != 0)
                        failures.Add($"cycle {i} delete: {delete}");
                    if (Host.CgroupDirectoriesOf(id).Count != 0)
                        failures.Add($"cycle {i}: cgroup directories of {id} left: {string.Join(", ", Host.CgroupDirectoriesOf(id))}");
                }
                catch (TimeoutException e)
                {
                    failures.Add($"cycle {i} hang: {e.Message}");
                }
                timings.Add(cycle.Elapsed.TotalMilliseconds);
                done++;
                if (failures.Count > 10)
                    break;
            }
        }
        finally
        {
            stop.Cancel();
            foreach (var allocator in allocators)
                allocator.Join();
        }

        timings.Sort();
        output.WriteLine($"{done} cycles in {clock.Elapsed.TotalSeconds:F1} s; per cycle median {timings[timings.Count / 2]:F0} ms, " +
                         $"p99 {timings[(int)(timings.Count * 0.99)]:F0} ms, max {timings[^1]:F0} ms");
        failures.Should().BeEmpty();
        done.Should().Be(Cycles, "all {0} cycles must fit the time budget of {1} s", Cycles, Budget.TotalSeconds);
        _bundle.AssertNoLeaks();
        Host.MountPoints().Length.Should().Be(mountsBefore, "no mount leaked into the host's namespace");
        Host.OpenFdCount().Should().BeLessThanOrEqualTo(fdsBefore + 2, "the test process leaks no fds either");
        _bundle.Sandbox.RootEntries().Should().BeEmpty();
    }

    private static void Allocate(CancellationToken stop)
    {
        var keep = new object[1024];
        var random = new Random(1);
        while (!stop.IsCancellationRequested)
        {
            for (var i = 0; i < 10_000; i++)
                keep[random.Next(keep.Length)] = new byte[random.Next(16, 8192)];
            GC.Collect(0);
        }
    }
}
