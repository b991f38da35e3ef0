using Oci.Runtime.Linux.Setup;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Linux.Tests;

/// <summary>
/// What an unprivileged runtime's program does differently: the child is dumpable only while
/// the parent writes its id maps, setgroups is left alone in a namespace that denies it, and
/// devices are bound from the host when the runtime itself runs in a user namespace.
/// </summary>
public sealed class ProgramRootlessTests
{
    private static Spec.Spec UserNamespaceSpec()
    {
        var spec = Programs.NewSpec();
        spec.Linux!.Namespaces!.Add(Programs.Ns(NamespaceTypes.User));
        return spec;
    }

    [Fact]
    public void AnUnprivilegedRuntimeMakesTheChildDumpableOnlyAroundTheIdMaps()
    {
        var plan = Programs.Plan(UserNamespaceSpec()) with { UnprivilegedParent = true, DeniesSetgroups = true };

        var lines = Programs.Lines(Programs.Compile(plan));

        var maps = lines.IndexOf("sync(IdMaps, 0)");
        lines[maps - 1].Should().Be("prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)");
        lines[maps + 1].Should().Be("prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)");
        lines.Count(l => l == "prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)").Should().Be(1, "dumpable nowhere else before execve (CVE-2016-9962)");
        lines.Should().NotContain(l => l.StartsWith("setgroups(", StringComparison.Ordinal), "setgroups is denied in that namespace");
    }

    [Fact]
    public void ARootRuntimeKeepsTheChildNonDumpableAndSetsTheGroups()
    {
        var lines = Programs.Lines(Programs.Compile(Programs.Plan(UserNamespaceSpec())));

        lines.Should().NotContain("prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)");
        lines.Should().Contain("setgroups(0, NULL)");
    }

    [Fact]
    public void SupplementaryGroupsInANamespaceThatDeniesSetgroupsAreAnErrorNamingTheField()
    {
        var spec = UserNamespaceSpec();
        spec.Process!.User = new User { Uid = 0, Gid = 0, AdditionalGids = [10] };

        var compile = () => Programs.Compile(Programs.Plan(spec) with { UnprivilegedParent = true, DeniesSetgroups = true });

        compile.Should().Throw<OcirtException>().WithMessage("process.user.additionalGids: *denies setgroups*");
    }

    [Fact]
    public void GidMapsWrittenByNewgidmapLeaveSetgroupsToTheProcess()
    {
        var spec = UserNamespaceSpec();
        spec.Process!.User = new User { Uid = 1000, Gid = 1000, AdditionalGids = [10] };

        var lines = Programs.Lines(Programs.Compile(Programs.Plan(spec) with { UnprivilegedParent = true }));

        lines.Should().Contain("setgroups(1, [10])", "newgidmap leaves setgroups allowed for a range from /etc/subgid");
    }

    [Fact]
    public void ARuntimeInAUserNamespaceBindsTheDefaultDevicesFromTheHost()
    {
        var lines = Programs.Lines(Programs.Compile(Programs.Plan(Programs.NewSpec()) with { RuntimeInUserNamespace = true }));

        lines.Should().NotContain(l => l.StartsWith("mknodat(", StringComparison.Ordinal));
        lines.Should().Contain(l => l.StartsWith("mount(\"/dev/null\"", StringComparison.Ordinal) && l.Contains("MS_BIND"));
    }

    [Fact]
    public void SysfsInAUserNamespaceFallsBackToTheHostsSysOnEpermAndSkipsThatOnSuccess()
    {
        var program = Programs.Compile(Programs.Plan(UserNamespaceSpec()) with { LockedMountFlags = _ => LinuxConstants.MS_NOSUID });

        var sysfs = Programs.Index(program, o => Programs.IsCall(o, Sys.Mount) && o.Text.StartsWith("mount(\"sysfs\"", StringComparison.Ordinal));
        var op = program.Ops[sysfs];
        op.AlternateErrno.Should().Be(Errno.EPERM);
        var lines = Programs.Lines(program);
        lines.Skip(sysfs + 1).First(l => l.StartsWith("mount(", StringComparison.Ordinal)).Should().StartWith("mount(\"/sys\", ").And.Contain("MS_BIND|MS_REC");
        var remount = lines.FindIndex(sysfs, l => l.Contains("MS_REMOUNT") && l.Contains("MS_BIND"));
        lines[remount].Should().Contain("MS_RDONLY").And.Contain("MS_NOSUID");
        op.SkipOnSuccess.Should().Be(remount + 1 - sysfs, "a sysfs that mounted skips the bind, its remount and their fd");
        program.Ops[sysfs + op.SkipOnSuccess + 1].Culprit.Should().NotContain("host's /sys", "the step after the fallback is the sysfs mount's own close");
    }

    [Fact]
    public void SysfsOutsideAnyUserNamespaceHasNoFallback()
    {
        var program = Programs.Compile(Programs.NewSpec());

        var sysfs = Programs.Index(program, o => Programs.IsCall(o, Sys.Mount) && o.Text.StartsWith("mount(\"sysfs\"", StringComparison.Ordinal));
        program.Ops[sysfs].AlternateErrno.Should().Be(0);
        Programs.Lines(program).Should().NotContain(l => l.StartsWith("mount(\"/sys\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Cgroup2RefusedInAUserNamespaceFallsBackToABindOfTheContainersCgroup()
    {
        var spec = UserNamespaceSpec();
        spec.Mounts!.Add(new Spec.Mount { Destination = "/sys/fs/cgroup", Type = "cgroup", Source = "cgroup", Options = ["nosuid", "ro"] });
        var program = Programs.Compile(Programs.Plan(spec) with { CgroupV2 = true, CgroupV2Directory = "/sys/fs/cgroup/deleg/ctr" });

        var cgroup2 = Programs.Index(program, o => Programs.IsCall(o, Sys.Mount) && o.Text.StartsWith("mount(\"cgroup2\"", StringComparison.Ordinal));
        program.Ops[cgroup2].AlternateErrno.Should().Be(Errno.EPERM);
        program.Ops[cgroup2].AlsoAlternateErrno.Should().Be(Errno.EBUSY, "an rbind of /sys already has cgroup2 there");
        Programs.Lines(program).Skip(cgroup2 + 1).First(l => l.StartsWith("mount(", StringComparison.Ordinal))
            .Should().StartWith("mount(\"/sys/fs/cgroup/deleg/ctr\", ").And.Contain("MS_BIND|MS_REC");
    }
}
