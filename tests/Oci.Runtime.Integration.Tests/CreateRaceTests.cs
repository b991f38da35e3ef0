using System.Diagnostics;
using Oci.Runtime.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Oci.Runtime.Integration.Tests;

/// <summary>
/// A create that is raced by `delete --force`, or SIGKILLed at any instant, leaves a container
/// that `delete --force` removes wholly: no init, no cgroup directory, no state. Randomised
/// timings, bounded tries; a failing seed is printed so a run can be repeated.
/// </summary>
[Collection(RealContainers.Name)]
public sealed class CreateRaceTests(ITestOutputHelper output) : IDisposable
{
    private const int Tries = 100;
    private const int MaxDelayMs = 30;

    private readonly ContainerBundle _bundle = new();

    public void Dispose() => _bundle.Dispose();

    [Fact]
    public async Task DeleteForceDuringCreateLeavesNothing()
    {
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        _bundle.SetArgs("true");
        _bundle.Save();
        for (var i = 0; i < Tries; i++)
        {
            var id = _bundle.NewId();
            var create = Task.Run(() => _bundle.Ocirt("create", "--bundle", _bundle.Bundle, id));
            Thread.Sleep(random.Next(MaxDelayMs));
            var delete = _bundle.Ocirt("delete", "--force", id);
            delete.ExitCode.Should().Be(0, $"try {i}: {delete}");
            var created = await create;
            if (created.ExitCode == 0 && _bundle.Ocirt("state", id).ExitCode == 0)
            {
                // The delete came first and found nothing: the container is whole, and deletable.
                _bundle.State(id)["status"]!.GetValue<string>().Should().Be("created", $"try {i}");
                _bundle.Ocirt("delete", "--force", id).ExitCode.Should().Be(0, $"try {i}");
            }
            AssertGone(id, $"try {i} (create exited {created.ExitCode}: {created.Stderr.Trim()})");
        }
    }

    [Fact]
    public void DeleteForceAfterCreateWasKilledLeavesNothing()
    {
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        _bundle.SetArgs("true");
        _bundle.Save();
        for (var i = 0; i < Tries; i++)
        {
            var id = _bundle.NewId();
            using (var create = StartCreate(id))
            {
                Thread.Sleep(random.Next(MaxDelayMs));
                create.Kill();
                create.WaitForExit();
            }
            var delete = _bundle.Ocirt("delete", "--force", id);
            delete.ExitCode.Should().Be(0, $"try {i}: {delete}");
            AssertGone(id, $"try {i}");
        }
    }

    /// <summary>create as the process itself (exec'd by the shell), so Kill is a SIGKILL of ocirt.</summary>
    private Process StartCreate(string id)
    {
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("exec \"$0\" \"$@\" </dev/null >/dev/null 2>&1");
        info.ArgumentList.Add(RepoPaths.Binary);
        foreach (var arg in _bundle.Sandbox.GlobalArgs("create", "--bundle", _bundle.Bundle, id))
            info.ArgumentList.Add(arg);
        return Process.Start(info) ?? throw new InvalidOperationException("could not start /bin/sh");
    }

    private void AssertGone(string id, string because)
    {
        // An init whose create died exits when it reads the end of its sync channel: give it a moment.
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (Host.ProcessesInCgroupsOf(id).Count > 0 && DateTime.UtcNow < deadline)
            Thread.Sleep(10);
        Host.ProcessesInCgroupsOf(id).Should().BeEmpty(because);
        Host.CgroupDirectoriesOf(id).Should().BeEmpty(because);
        Directory.Exists(Path.Combine(_bundle.Sandbox.Root, id)).Should().BeFalse(because);
        _bundle.MountsUnderSandbox().Should().BeEmpty(because);
    }
}
