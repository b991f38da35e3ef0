using Oci.Runtime.Spec;

namespace Oci.Runtime.Cgroups.Tests;

public sealed class HostDetectionTests
{
    private static CgroupHost Fixture(string name, params string[] hugePages) => CgroupHost.Parse(
        File.ReadAllText(Path.Combine(Fixtures.CgroupFs, name, "mountinfo")),
        File.ReadAllText(Path.Combine(Fixtures.CgroupFs, name, "cgroup")), hugePages);

    [Fact]
    public void Hybrid_host_has_v1_controllers_and_the_unified_mount()
    {
        var host = Fixture("hybrid");
        host.Mode.Should().Be(CgroupMode.Hybrid);
        host.Unified!.MountPoint.Should().Be("/sys/fs/cgroup/unified");
        host.V1MountOf("memory")!.MountPoint.Should().Be("/sys/fs/cgroup/memory");
        host.V1MountOf("name=systemd")!.MountPoint.Should().Be("/sys/fs/cgroup/systemd");
        host.V1MountOf("hugetlb").Should().BeNull();
        host.OwnCgroups["memory"].Should().Be("/process_api/411764c2cb0dac2b3cd2f72641dc4967");
        host.OwnCgroups[""].Should().Be("/");
    }

    [Fact]
    public void Legacy_host_keeps_co_mounted_controllers_together_and_the_mount_root()
    {
        var host = Fixture("v1");
        host.Mode.Should().Be(CgroupMode.Legacy);
        host.Unified.Should().BeNull();
        host.V1MountOf("cpuacct").Should().BeSameAs(host.V1MountOf("cpu"));
        host.V1MountOf("cpu")!.MountPoint.Should().Be("/sys/fs/cgroup/cpu,cpuacct");
        host.V1MountOf("net_prio")!.Controllers.Should().Equal("net_cls", "net_prio");
        host.V1MountOf("perf_event")!.Root.Should().Be("/user.slice");
        host.V1Mounts.Should().HaveCount(12);
    }

    [Fact]
    public void Unified_host_has_one_hierarchy()
    {
        var host = Fixture("v2");
        host.Mode.Should().Be(CgroupMode.Unified);
        host.V1Mounts.Should().BeEmpty();
        host.Unified!.MountPoint.Should().Be("/sys/fs/cgroup");
        host.OwnCgroups[""].Should().Be("/user.slice/user-0.slice/session-1.scope");
    }

    [Fact]
    public void Huge_page_sizes_are_named_as_the_cgroup_files_name_them()
    {
        Fixture("v2", "hugepages-2048kB", "hugepages-1048576kB", "hugepages-64kB", "other").HugePageSizes
            .Should().Equal("1GB", "2MB", "64KB");
    }

    [Fact]
    public void No_cgroup_mount_is_an_error()
    {
        var act = () => CgroupHost.Parse("22 1 0:21 / / rw - ext4 /dev/vda1 rw\n", "0::/\n", []);
        act.Should().Throw<OcirtException>().WithMessage("*no cgroup filesystem is mounted*");
    }

    [Fact]
    public void The_real_host_is_detected()
    {
        var host = CgroupHost.Detect();
        host.Mode.Should().BeOneOf(CgroupMode.Legacy, CgroupMode.Hybrid, CgroupMode.Unified);
    }
}
