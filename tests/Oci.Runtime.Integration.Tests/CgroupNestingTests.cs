using Oci.Runtime.Integration.Tests.Infrastructure;

namespace Oci.Runtime.Integration.Tests;

/// <summary>Deep linux.cgroupsPath values on the host's cgroup v1 hierarchies, as Kubernetes nodes use them.</summary>
[Collection(RealContainers.Name)]
public sealed class CgroupNestingTests : IDisposable
{
    private readonly ContainerBundle _bundle = new();

    public void Dispose() => _bundle.Dispose();

    [Fact]
    public void AContainerJoinsANestedCpusetPathWhoseExistingLevelsAreEmpty()
    {
        const string cpuset = "/sys/fs/cgroup/cpuset";
        var id = _bundle.NewId();
        // Levels made by someone else and left empty, as kubelet's /kubepods/burstable can be:
        // the kernel refuses a task (ENOSPC) in a cpuset whose ancestors have no cpus or mems.
        var found = Path.Combine(cpuset, id, "kubepods", "burstable");
        Directory.CreateDirectory(found);
        File.ReadAllText(Path.Combine(cpuset, id, "cpuset.cpus")).Trim().Should().BeEmpty("the test needs an empty level to start from");
        _bundle.Linux["cgroupsPath"] = $"/{id}/kubepods/burstable/pod1234/{id}";
        _bundle.Shell("cat /proc/self/cgroup");
        _bundle.Save();

        var run = _bundle.Ocirt("run", "--bundle", _bundle.Bundle, id);

        run.ExitCode.Should().Be(0, run.ToString());
        run.AsRunResult().StdoutLines.Should().Contain(l => l.EndsWith($":cpuset:/{id}/kubepods/burstable/pod1234/{id}", StringComparison.Ordinal));
        var hostCpus = File.ReadAllText(Path.Combine(cpuset, "cpuset.cpus")).Trim();
        foreach (var level in new[] { id, $"{id}/kubepods", $"{id}/kubepods/burstable" })
            File.ReadAllText(Path.Combine(cpuset, level, "cpuset.cpus")).Trim().Should().Be(hostCpus, level);
    }
}
