using Oci.Runtime.Spec;

namespace Oci.Runtime.Cgroups.Tests;

public sealed class CgroupPathTests
{
    private static CgroupHost Fixture(string name) => CgroupHost.Parse(
        File.ReadAllText(Path.Combine(Fixtures.CgroupFs, name, "mountinfo")),
        File.ReadAllText(Path.Combine(Fixtures.CgroupFs, name, "cgroup")), []);

    [Fact]
    public void Absolute_path_goes_under_each_hierarchy_root()
    {
        var host = Fixture("v1");
        var path = CgroupPath.Resolve("/machine/c1/", "id");
        path.In(host.V1MountOf("memory")!, host.OwnCgroups["memory"]).Should().Be("/sys/fs/cgroup/memory/machine/c1");
        path.In(host.V1MountOf("cpu")!, host.OwnCgroups["cpu"]).Should().Be("/sys/fs/cgroup/cpu,cpuacct/machine/c1");
    }

    [Fact]
    public void Relative_path_goes_under_the_runtimes_own_cgroup_relative_to_the_mount_root()
    {
        var host = Fixture("v1");
        var path = CgroupPath.Resolve("pods/c1", "id");
        path.In(host.V1MountOf("memory")!, host.OwnCgroups["memory"])
            .Should().Be("/sys/fs/cgroup/memory/user.slice/user-0.slice/session-1.scope/pods/c1");
        // perf_event is mounted from /user.slice: the own cgroup is taken relative to that.
        path.In(host.V1MountOf("perf_event")!, host.OwnCgroups["perf_event"])
            .Should().Be("/sys/fs/cgroup/perf_event/session-1.scope/pods/c1");
    }

    [Fact]
    public void Missing_path_is_the_container_id_relative_as_runc()
    {
        var host = Fixture("hybrid");
        var path = CgroupPath.Resolve(null, "mycontainer");
        path.Should().Be(new CgroupPath("mycontainer", false));
        path.In(host.V1MountOf("memory")!, host.OwnCgroups["memory"])
            .Should().Be("/sys/fs/cgroup/memory/process_api/411764c2cb0dac2b3cd2f72641dc4967/mycontainer");
        path.In(host.V1MountOf("pids")!, host.OwnCgroups["pids"]).Should().Be("/sys/fs/cgroup/pids/mycontainer");
    }

    [Fact]
    public void Relative_path_on_v2_goes_under_the_parent_of_the_own_cgroup()
    {
        var host = Fixture("v2");
        CgroupPath.Resolve("c1", "id").InUnified(host.Unified!, host.OwnCgroups[""])
            .Should().Be("/sys/fs/cgroup/user.slice/user-0.slice/c1");
        CgroupPath.Resolve("/c1", "id").InUnified(host.Unified!, host.OwnCgroups[""]).Should().Be("/sys/fs/cgroup/c1");
    }

    [Theory]
    [InlineData("../../etc", "etc", false)]
    [InlineData("/a/../../b/./c", "/b/c", true)]
    [InlineData("a//b/", "a/b", false)]
    public void Paths_are_cleaned_and_cannot_climb_out(string input, string inner, bool absolute) =>
        CgroupPath.Resolve(input, "id").Should().Be(new CgroupPath(inner, absolute));

    [Fact]
    public void Systemd_driver_and_slice_paths_are_refused_clearly()
    {
        var flag = () => CgroupPath.Resolve("/x", "id", systemdCgroup: true);
        flag.Should().Throw<OcirtException>().WithMessage("--systemd-cgroup: the systemd cgroup driver is not supported yet*");
        var slice = () => CgroupPath.Resolve("system.slice:docker:abc", "id");
        slice.Should().Throw<OcirtException>().WithMessage("linux.cgroupsPath: \"system.slice:docker:abc\" is a systemd \"slice:prefix:name\" path*");
    }
}
