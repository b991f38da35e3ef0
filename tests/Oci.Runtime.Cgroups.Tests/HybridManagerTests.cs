using Oci.Runtime.Spec;

namespace Oci.Runtime.Cgroups.Tests;

/// <summary>A hybrid host like this project's VM (spec-fixtures/cgroupfs/hybrid), once with an
/// empty cgroup2 mount and once with hugetlb attached to it.</summary>
public sealed class HybridManagerTests : IDisposable
{
    private readonly FakeCgroupTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private ICgroupManager Open(string unifiedControllers, string? cgroupsPath = "/c1")
    {
        foreach (var c in new[] { "cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "blkio", "pids", "systemd" })
            _tree.Dir(c, [.. KernelFiles.Common, .. KernelFiles.V1(c)]);
        _tree.Dir("memory/process_api/411764c2cb0dac2b3cd2f72641dc4967", [.. KernelFiles.Common, .. KernelFiles.V1("memory")]);
        _tree.Dir("unified", ("cgroup.procs", ""), ("cgroup.controllers", unifiedControllers), ("cgroup.subtree_control", ""),
            ("hugetlb.2MB.max", "max\n"));
        var m = CgroupManagers.Open(new CgroupRequest("c1", cgroupsPath), _tree.Host("hybrid", "hugepages-2048kB"), _tree);
        m.Create();
        return m;
    }

    [Fact]
    public void The_cgroup2_mount_is_joined_at_clone_and_the_v1_hierarchies_through_tasks()
    {
        var m = Open("");
        m.Mode.Should().Be(CgroupMode.Hybrid);
        m.UnifiedPath.Should().Be(_tree.P("unified/c1"));
        m.JoinFiles.Should().Contain(_tree.P("memory/c1/tasks")).And.Contain(_tree.P("pids/c1/tasks"))
            .And.OnlyContain(f => f.EndsWith("/c1/tasks", StringComparison.Ordinal) && !f.Contains("/unified/", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_path_lands_under_the_own_memory_cgroup_but_at_the_other_roots()
    {
        var m = Open("", cgroupsPath: null);
        m.JoinFiles.Should().Contain(_tree.P("memory/process_api/411764c2cb0dac2b3cd2f72641dc4967/c1/tasks")).And.Contain(_tree.P("pids/c1/tasks"));
        m.UnifiedPath.Should().Be(_tree.P("unified/c1"));
        Directory.Exists(_tree.P("unified/c1")).Should().BeTrue();
    }

    [Fact]
    public void Hugetlb_on_the_cgroup2_mount_is_enabled_and_limited_there()
    {
        var m = Open("hugetlb\n");
        _tree.WritesTo("unified/cgroup.subtree_control").Should().Equal("+hugetlb");
        _tree.Writes.Clear();
        m.Apply(new LinuxResources { HugepageLimits = [new LinuxHugepageLimit { PageSize = "2MB", Limit = 2097152 }] });
        _tree.Writes.Should().Equal(("unified/c1/hugetlb.2MB.max", "2097152"));
    }

    [Fact]
    public void Hugetlb_nowhere_is_an_error_naming_the_field()
    {
        var m = Open("");
        var act = () => m.Apply(new LinuxResources { HugepageLimits = [new LinuxHugepageLimit { PageSize = "2MB", Limit = 1 }] });
        act.Should().Throw<OcirtException>().WithMessage("linux.resources.hugepageLimits: cannot be set: the hugetlb cgroup controller is not mounted on this host");
    }

    [Fact]
    public void Destroy_removes_the_cgroup2_directory_too()
    {
        var m = Open("");
        m.Destroy();
        Directory.Exists(_tree.P("unified/c1")).Should().BeFalse();
        Directory.Exists(_tree.P("memory/c1")).Should().BeFalse();
    }
}
