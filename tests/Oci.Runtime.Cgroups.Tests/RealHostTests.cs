using Oci.Runtime.Spec;

namespace Oci.Runtime.Cgroups.Tests;

/// <summary>Runs only as root on a host with cgroup v1 controllers (legacy or hybrid), and
/// says why otherwise.</summary>
public sealed class V1HostFactAttribute : FactAttribute
{
    public V1HostFactAttribute()
    {
        if (Environment.UserName != "root" && geteuid() != 0) Skip = "needs root to create cgroups";
        else if (CgroupHost.Detect().Mode == CgroupMode.Unified) Skip = "needs a host with cgroup v1 controllers (this one is cgroup v2 only)";
    }

    [System.Runtime.InteropServices.DllImport("libc")]
    private static extern uint geteuid();
}

/// <summary>The v1 manager against this host's real hierarchies: every cgroup it makes is
/// named ocirt-test-GUID and removed even when an assertion fails.</summary>
public sealed class RealHostTests
{
    [V1HostFact]
    public void Limits_membership_freeze_and_destroy_on_the_real_v1_hierarchy()
    {
        var host = CgroupHost.Detect();
        string name = "ocirt-test-" + Guid.NewGuid().ToString("N");
        var m = CgroupManagers.Open(new CgroupRequest(name, "/" + name), host);
        var dirs = host.V1Mounts.Select(mount => mount.MountPoint + "/" + name).ToList();
        if (host.Unified is { } u) dirs.Add(u.MountPoint + "/" + name);
        using var sleeper = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("sleep", "60"))!;
        try
        {
            m.Create();
            dirs.Should().OnlyContain(d => Directory.Exists(d));
            m.Apply(new LinuxResources { Memory = new LinuxMemory { Limit = 32 << 20 }, Pids = new LinuxPids { Limit = 10 } });
            File.ReadAllText($"{host.V1MountOf("memory")!.MountPoint}/{name}/memory.limit_in_bytes").Trim().Should().Be("33554432");
            File.ReadAllText($"{host.V1MountOf("pids")!.MountPoint}/{name}/pids.max").Trim().Should().Be("10");

            // What the setup process does for itself, done for the sleeper: "0" would be the test's own thread.
            foreach (var tasks in m.JoinFiles) File.WriteAllText(tasks, sleeper.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            m.Pids().Should().Equal(sleeper.Id);
            File.ReadAllText($"/proc/{sleeper.Id}/cgroup").Should().Contain($"memory:/{name}");
            m.Stats().Pids.Current.Should().Be(1);
            m.Stats().Pids.Limit.Should().Be(10);

            m.Freeze();
            m.IsFrozen.Should().BeTrue();
            File.ReadAllText($"{host.V1MountOf("freezer")!.MountPoint}/{name}/freezer.state").Trim().Should().Be("FROZEN");
            m.Thaw();
            m.IsFrozen.Should().BeFalse();

            m.KillAll(9);
            sleeper.WaitForExit(5000).Should().BeTrue();
            m.Destroy();
            dirs.Should().OnlyContain(d => !Directory.Exists(d));
        }
        finally
        {
            if (!sleeper.HasExited) sleeper.Kill();
            sleeper.WaitForExit(5000);
            foreach (var d in dirs.Where(Directory.Exists))
            {
                try { Directory.Delete(d); }
                catch (IOException) { }
            }
        }
    }
}
