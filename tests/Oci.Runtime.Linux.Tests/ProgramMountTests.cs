using Oci.Runtime.Linux.Setup;
using Oci.Runtime.Linux.Setup.Steps;
using Oci.Runtime.Spec;
using static Oci.Runtime.Linux.Setup.LinuxConstants;
using SpecMount = Oci.Runtime.Spec.Mount;

namespace Oci.Runtime.Linux.Tests;

/// <summary>The rootfs, the config's mounts and /dev: every target resolved inside the root, flags, propagation, pivot.</summary>
public sealed class ProgramMountTests
{
    private static SetupProgram WithMount(SpecMount mount, Func<ContainerPlan, ContainerPlan>? tweak = null)
    {
        var spec = Programs.NewSpec();
        spec.Mounts!.Add(mount);
        var plan = Programs.Plan(spec);
        return Programs.Compile(tweak is null ? plan : tweak(plan));
    }

    private static int MountIndex(SetupProgram program) => Programs.NewSpec().Mounts!.Count;

    [Fact]
    public void EveryMountBeforePivotIsOnATargetResolvedInsideTheRoot()
    {
        var spec = Programs.NewSpec();
        spec.Mounts!.Add(new SpecMount { Destination = "/data/../data/x", Type = "bind", Source = "/srv", Options = ["rbind", "ro", "rprivate"] });
        spec.Linux!.Namespaces!.Add(Programs.Ns(NamespaceTypes.User)); // devices become binds too
        var program = Programs.Compile(Programs.Plan(spec) with { CgroupV1Binds = [("cpu", "/sys/fs/cgroup/cpu/c1")] });

        var pivot = Programs.Index(program, o => Programs.IsCall(o, Sys.PivotRoot));
        pivot.Should().BeGreaterThan(0);
        var mounts = 0;
        for (var i = 0; i < pivot; i++)
        {
            var op = program.Ops[i];
            if (!Programs.IsCall(op, Sys.Mount))
                continue;
            var target = op.Args[1];
            if (target.Kind == ArgKind.Data)
            {
                // Only the host-side steps name a path: "/" (propagation) and the rootfs bound onto itself.
                target.Display.Should().BeOneOf("\"/\"", "\"/bundle/rootfs\"");
                continue;
            }
            mounts++;
            target.Display.Should().Be("%path0", "op {0}: {1}", i, op.Text);
            var fdPath = program.Ops[i - 1];
            fdPath.Code.Should().Be(OpCode.FdPath, "op {0} ({1}) must mount on a /proc/self/fd path", i, op.Text);
            var open = program.Ops[i - 2];
            open.Call.Should().Be(Sys.Openat2, "op {0} ({1}) must act on a target opened with openat2", i, op.Text);
            open.Args[0].Display.Should().Be("%root");
            open.Args[2].Display.Should().Contain("RESOLVE_IN_ROOT").And.Contain("RESOLVE_NO_MAGICLINKS").And.Contain("O_PATH");
            fdPath.Args[0].Display.Should().Be(open.Result!.Value.ToString());
        }
        mounts.Should().BeGreaterThan(spec.Mounts.Count, "every config mount, device bind and cgroup bind was checked");
        Programs.Lines(program).Should().Contain(l => l.StartsWith("openat2(%root, \"data/x\"", StringComparison.Ordinal),
            "a destination is cleaned lexically and made relative to the root");
    }

    [Fact]
    public void BindWithReadOnlyIsABindThenARemount()
    {
        var program = WithMount(new SpecMount { Destination = "/data", Type = "bind", Source = "/srv/data", Options = ["rbind", "ro", "nosuid"] });

        var bind = Programs.Index(program, o => Programs.IsCall(o, Sys.Mount) && o.Args[0].Display == "\"/srv/data\"");
        bind.Should().BeGreaterThan(0);
        program.Ops[bind].Text.Should().Be("mount(\"/srv/data\", %path0, \"bind\", MS_BIND|MS_REC, NULL)");
        program.Ops[bind].Args[3].Value.Should().Be(MS_BIND | MS_REC, "a bind ignores every flag but MS_REC");
        var remount = Programs.Index(program, o => Programs.IsCall(o, Sys.Mount), bind + 1);
        program.Ops[remount].Args[3].Value.Should().Be(MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID);
        program.Ops[remount].Args[0].Display.Should().Be("NULL");
        program.Ops[remount - 2].Text.Should().StartWith("openat2(%root, \"data\"", "the remount reopens the target to act on the new mount");
        program.Ops[remount].Culprit.Should().StartWith($"mounts[{MountIndex(program)}]: remount");
    }

    [Fact]
    public void PlainBindHasNoRemount()
    {
        var program = WithMount(new SpecMount { Destination = "/data", Type = "none", Source = "/srv/data", Options = ["bind"] });

        var bind = Programs.Index(program, o => Programs.IsCall(o, Sys.Mount) && o.Args[0].Display == "\"/srv/data\"");
        program.Ops[bind].Args[3].Value.Should().Be(MS_BIND);
        program.Ops.Skip(bind + 1).Should().NotContain(o => o.Culprit.Contains("remount \"/data\""));
    }

    [Fact]
    public void RelativeBindSourceIsTheBundles()
    {
        var program = WithMount(new SpecMount { Destination = "/data", Type = "bind", Source = "shared/data", Options = ["rbind"] });

        Programs.Lines(program).Should().Contain("mount(\"/bundle/shared/data\", %path0, \"bind\", MS_BIND|MS_REC, NULL)");
    }

    [Theory]
    [InlineData("rprivate", MS_PRIVATE | MS_REC, "MS_REC|MS_PRIVATE")]
    [InlineData("slave", MS_SLAVE, "MS_SLAVE")]
    [InlineData("rshared", MS_SHARED | MS_REC, "MS_REC|MS_SHARED")]
    [InlineData("unbindable", MS_UNBINDABLE, "MS_UNBINDABLE")]
    public void PropagationOptionIsASecondMount(string option, long flags, string names)
    {
        var program = WithMount(new SpecMount { Destination = "/data", Type = "bind", Source = "/srv", Options = ["rbind", option] });

        var propagation = Programs.Index(program, o => o.Culprit.Contains("set propagation of \"/data\"") && Programs.IsCall(o, Sys.Mount));
        propagation.Should().BeGreaterThan(0);
        program.Ops[propagation].Args[3].Value.Should().Be(flags);
        program.Ops[propagation].Text.Should().Be($"mount(NULL, %path0, NULL, {names}, NULL)");
        var bind = Programs.Index(program, o => Programs.IsCall(o, Sys.Mount) && o.Args[0].Display == "\"/srv\"");
        program.Ops[bind].Args[3].Value.Should().Be(MS_BIND | MS_REC, "propagation flags are not passed with the bind");
        bind.Should().BeLessThan(propagation);
    }

    [Fact]
    public void RecursiveReadOnlyIsMountSetattr()
    {
        var program = WithMount(new SpecMount { Destination = "/data", Type = "bind", Source = "/srv", Options = ["rbind", "rro", "rnosuid"] });

        var setattr = Programs.Index(program, o => Programs.IsCall(o, Sys.MountSetattr));
        setattr.Should().BeGreaterThan(0);
        var op = program.Ops[setattr];
        op.Args[2].Value.Should().Be(AT_EMPTY_PATH | AT_RECURSIVE);
        var attr = Programs.DataAt(program, op.Args[3], 32);
        BitConverter.ToInt64(attr, 0).Should().Be(MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID);
        BitConverter.ToInt64(attr, 8).Should().Be(0);
        op.Args[4].Value.Should().Be(32);
        program.Ops[setattr - 1].Text.Should().StartWith("openat2(%root, \"data\"");
    }

    [Fact]
    public void FilesystemDataAndFlagsArePassedToMount()
    {
        var program = Programs.Compile(Programs.NewSpec());

        Programs.Lines(program).Should().Contain("mount(\"tmpfs\", %path0, \"tmpfs\", MS_NOSUID|MS_STRICTATIME, \"mode=755,size=65536k\")");
        Programs.Lines(program).Should().Contain("mount(\"devpts\", %path0, \"devpts\", MS_NOSUID|MS_NOEXEC, \"newinstance,ptmxmode=0666,mode=0620,gid=5\")");
        Programs.Lines(program).Should().Contain("mount(\"sysfs\", %path0, \"sysfs\", MS_RDONLY|MS_NOSUID|MS_NODEV|MS_NOEXEC, NULL)");
    }

    // buildah's ["", "rw", "private", "rbind"]: the empty option is no part of the data.
    [Fact]
    public void AnEmptyOptionIsDroppedFromTheData()
    {
        var spec = Programs.NewSpec();
        spec.Mounts!.Add(new Oci.Runtime.Spec.Mount { Destination = "/scratch", Type = "tmpfs", Source = "tmpfs", Options = ["nosuid", "", "size=1m", ""] });

        Programs.Lines(Programs.Compile(spec)).Should().Contain("mount(\"tmpfs\", %path0, \"tmpfs\", MS_NOSUID, \"size=1m\")");
    }

    [Fact]
    public void BindOfAFileCreatesAFileTarget()
    {
        var program = WithMount(new SpecMount { Destination = "/etc/resolv.conf", Type = "bind", Source = "/host/resolv.conf", Options = ["bind"] },
            plan => plan with { FileSources = new HashSet<string> { "/host/resolv.conf" } });

        var create = Programs.IndexStarting(program, "openat2(%parent, \"resolv.conf\"");
        create.Should().BeGreaterThan(0);
        var op = program.Ops[create];
        op.Args[2].Display.Should().Contain("O_CREAT").And.Contain("O_NOFOLLOW").And.Contain("RESOLVE_BENEATH");
        op.AlternateErrno.Should().Be(Errno.ELOOP, "an existing symlink is left for the in-root lookup");
        program.Ops[create + 1].Text.Should().Be("close(%file)");
        Programs.Next(program, create, alternate: true).Should().Be(create + 2, "on ELOOP there is no file fd to close");
        Programs.Lines(program).Should().NotContain(l => l.StartsWith("mkdirat(%parent, \"resolv.conf\"", StringComparison.Ordinal));
    }

    [Fact]
    public void AnIdmappedMountIsAttachedFromTheCopyTheParentIdmapped()
    {
        var spec = Programs.NewSpec();
        spec.Mounts!.Add(new SpecMount { Destination = "/data", Type = "bind", Source = "/srv", Options = ["rbind", "idmap"] });
        var index = spec.Mounts.Count - 1;

        var lines = Programs.Lines(Programs.Compile(Programs.Plan(spec) with { BindSourceTrees = new Dictionary<int, int> { [index] = 42 } }));

        lines.Should().Contain(l => l.StartsWith("move_mount(42, \"\", ", StringComparison.Ordinal));
        lines.Should().NotContain(l => l.StartsWith("mount(\"/srv\"", StringComparison.Ordinal), "a plain bind would not be idmapped");
    }

    [Fact]
    public void AnIdmappedMountWithoutItsIdmappedCopyIsRefused()
    {
        var spec = Programs.NewSpec();
        spec.Mounts!.Add(new SpecMount { Destination = "/data", Type = "bind", Source = "/srv", Options = ["rbind", "idmap"] });

        var compile = () => Programs.Compile(spec);

        compile.Should().Throw<OcirtException>().WithMessage($"mounts[{spec.Mounts.Count - 1}]: idmapped*");
    }

    [Fact]
    public void CgroupMountOnAUnifiedHostIsCgroup2()
    {
        var program = Programs.Compile(Programs.Plan(Programs.NewSpec()) with { CgroupV2 = true });

        var mount = Programs.Index(program, o => Programs.IsCall(o, Sys.Mount) && o.Args[2].Display == "\"cgroup2\"");
        mount.Should().BeGreaterThan(0);
        program.Ops[mount].Args[3].Value.Should().Be(MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RELATIME);
        program.Ops[mount - 2].Text.Should().StartWith("openat2(%root, \"sys/fs/cgroup\"");
    }

    [Fact]
    public void CgroupMountOnAV1HostIsATmpfsOfHierarchyBinds()
    {
        var program = Programs.Compile(Programs.Plan(Programs.NewSpec()) with
        {
            CgroupV1Binds = [("memory", "/sys/fs/cgroup/memory/c1"), ("pids", "/sys/fs/cgroup/pids/c1")],
        });
        var lines = Programs.Lines(program);

        lines.Should().Contain("mount(\"tmpfs\", %path0, \"tmpfs\", MS_NOSUID|MS_NODEV|MS_NOEXEC, \"mode=755\")");
        var memory = lines.IndexOf("mount(\"/sys/fs/cgroup/memory/c1\", %path0, \"bind\", MS_BIND|MS_REC, NULL)");
        var pids = lines.IndexOf("mount(\"/sys/fs/cgroup/pids/c1\", %path0, \"bind\", MS_BIND|MS_REC, NULL)");
        memory.Should().BeGreaterThan(0);
        pids.Should().BeGreaterThan(memory);
        lines[memory - 2].Should().StartWith("openat2(%root, \"sys/fs/cgroup/memory\"");
        var remount = Programs.Index(program, o => Programs.IsCall(o, Sys.Mount), memory + 1);
        program.Ops[remount].Args[3].Value.Should().Be(MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RELATIME);
        lines.Should().NotContain(l => l.Contains("\"cgroup2\""));
    }

    [Fact]
    public void RootfsIsMadeRslaveThenBoundOntoItself()
    {
        var lines = Programs.Lines(Programs.Compile(Programs.NewSpec()));

        var slave = lines.IndexOf("mount(NULL, \"/\", NULL, MS_REC|MS_SLAVE, NULL)");
        slave.Should().BeGreaterThan(0);
        lines[slave + 1].Should().Be("mount(\"/bundle/rootfs\", \"/bundle/rootfs\", \"bind\", MS_BIND|MS_REC, NULL)");
        lines[slave + 2].Should().StartWith("openat(-100, \"/bundle/rootfs\", O_DIRECTORY|O_CLOEXEC|O_PATH").And.EndWith("-> %root");
        lines.IndexOf("umask(00)").Should().BeLessThan(slave, "mknod and mkdir must not be masked by ocirt's umask");
    }

    [Fact]
    public void SharedRootfsPropagationMakesTheMountHoldingTheRootfsPrivateForPivotAndAppliesItAfterwards()
    {
        var spec = Programs.NewSpec();
        spec.Linux!.RootfsPropagation = "shared";

        // The rootfs is a plain directory inside the /srv mount: that mount is what pivot_root checks.
        var program = Programs.Compile(Programs.Plan(spec) with { RootfsParentMount = "/srv" });
        var lines = Programs.Lines(program);

        var first = lines.IndexOf("mount(NULL, \"/\", NULL, MS_SHARED, NULL)");
        first.Should().BeGreaterThan(0);
        lines[first + 1].Should().Be("mount(NULL, \"/srv\", NULL, MS_PRIVATE, NULL)");
        var pivot = lines.IndexOf("pivot_root(\".\", \".\")");
        lines.IndexOf("mount(NULL, \"/\", NULL, MS_SHARED, NULL)", pivot).Should().BeGreaterThan(pivot, "the new root gets the propagation asked for");
    }

    [Fact]
    public void UnbindableRootfsPropagationWaitsForTheNewRoot()
    {
        var spec = Programs.NewSpec();
        spec.Linux!.RootfsPropagation = "runbindable";
        var lines = Programs.Lines(Programs.Compile(spec));

        var bind = lines.IndexOf("mount(\"/bundle/rootfs\", \"/bundle/rootfs\", \"bind\", MS_BIND|MS_REC, NULL)");
        lines.Take(bind).Should().Contain("mount(NULL, \"/\", NULL, MS_REC|MS_SLAVE, NULL)", "an unbindable / could not be bound");
        lines.Take(bind).Should().NotContain(l => l.Contains("MS_UNBINDABLE"));
        lines.Skip(lines.IndexOf("pivot_root(\".\", \".\")")).Should().Contain("mount(NULL, \"/\", NULL, MS_REC|MS_UNBINDABLE, NULL)");
    }

    [Fact]
    public void PivotRootDetachesTheOldRoot()
    {
        var lines = Programs.Lines(Programs.Compile(Programs.NewSpec()));

        var fchdir = lines.IndexOf("fchdir(%root)");
        fchdir.Should().BeGreaterThan(0);
        lines.Skip(fchdir + 1).Take(5).Should().Equal(
            "pivot_root(\".\", \".\")",
            "mount(NULL, \".\", NULL, MS_REC|MS_SLAVE, NULL)",
            "umount2(\".\", MNT_DETACH)",
            "chdir(\"/\")",
            "close(%root)");
        lines.Should().NotContain(l => l.StartsWith("chroot", StringComparison.Ordinal));
    }

    [Fact]
    public void NoPivotMovesTheRootfsAndChroots()
    {
        var program = Programs.Compile(Programs.Plan(Programs.NewSpec()) with { NoPivot = true });
        var lines = Programs.Lines(program);

        var fchdir = lines.IndexOf("fchdir(%root)");
        lines.Skip(fchdir + 1).Take(3).Should().Equal(
            "mount(\".\", \"/\", NULL, MS_MOVE, NULL)",
            "chroot(\".\")",
            "chdir(\"/\")");
        program.Ops.Should().NotContain(o => Programs.IsCall(o, Sys.PivotRoot));
        program.Ops.Should().NotContain(o => Programs.IsCall(o, Sys.Umount2));
    }

    [Fact]
    public void ReadonlyRootIsRemountedAfterPivot()
    {
        var spec = Programs.NewSpec();
        spec.Root!.Readonly = true;
        var lines = Programs.Lines(Programs.Compile(spec));
        var remount = lines.IndexOf("mount(NULL, \"/\", NULL, MS_RDONLY|MS_REMOUNT|MS_BIND, NULL)");
        remount.Should().BeGreaterThan(lines.IndexOf("pivot_root(\".\", \".\")"));

        spec.Root.Readonly = false;
        Programs.Lines(Programs.Compile(spec)).Should().NotContain(l => l.StartsWith("mount(NULL, \"/\", NULL, MS_RDONLY", StringComparison.Ordinal));
    }

    [Fact]
    public void ReadonlyRootInAUserNamespaceKeepsTheLockedFlags()
    {
        var spec = Programs.NewSpec();
        spec.Root!.Readonly = true;
        spec.Linux!.Namespaces!.Add(Programs.Ns(NamespaceTypes.User));
        var plan = Programs.Plan(spec) with { LockedMountFlags = path => path == "/bundle/rootfs" ? MS_NOSUID | MS_NODEV : 0 };

        var remount = Programs.Calls(Programs.Compile(plan), Sys.Mount).Single(o => o.Culprit.StartsWith("root.readonly", StringComparison.Ordinal));

        remount.Args[3].Value.Should().Be(MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV);
    }

    [Fact]
    public void CwdIsCreatedInsideTheRootBeforePivot()
    {
        var spec = Programs.NewSpec();
        spec.Process!.Cwd = "/work/dir";
        var program = Programs.Compile(spec);
        var lines = Programs.Lines(program);

        var mkdir = Programs.Index(program, o => o.Text.StartsWith("mkdirat(%parent, \"dir\", 0755)", StringComparison.Ordinal) && o.Culprit.StartsWith("process.cwd", StringComparison.Ordinal));
        mkdir.Should().BeGreaterThan(0).And.BeLessThan(lines.IndexOf("pivot_root(\".\", \".\")"));
        program.Ops[mkdir].AlternateErrno.Should().Be(Errno.EEXIST);
        var open = lines.FindIndex(l => l.StartsWith("openat2(-100, \"/work/dir\", {O_DIRECTORY|O_CLOEXEC|O_PATH, 0, RESOLVE_NO_MAGICLINKS|RESOLVE_IN_ROOT}", StringComparison.Ordinal));
        open.Should().BeGreaterThan(lines.IndexOf("pivot_root(\".\", \".\")"), "CVE-2024-21626: the cwd is resolved inside the new root, no magic links");
        lines[open + 1].Should().StartWith("fchdir(%cwd)");
    }

    // ---- /dev ----

    [Fact]
    public void DevicesAreMadeWithMknodOutsideAUserNamespace()
    {
        var program = Programs.Compile(Programs.NewSpec());
        var lines = Programs.Lines(program);

        lines.Should().Contain("mknodat(%parent, \"null\", S_IFCHR|0666, makedev(1, 3))");
        lines.Should().Contain("mknodat(%parent, \"tty\", S_IFCHR|0666, makedev(5, 0))");
        Programs.Calls(program, Sys.Mknodat).Select(o => o.Args[1].Display).Should().Equal(
            "\"null\"", "\"zero\"", "\"full\"", "\"random\"", "\"urandom\"", "\"tty\"");
        Programs.Calls(program, Sys.Mknodat).Select(o => o.Args[3].Value).Should().Equal(
            0x103L, 0x105L, 0x107L, 0x108L, 0x109L, 0x500L);
        lines[lines.IndexOf("mknodat(%parent, \"null\", S_IFCHR|0666, makedev(1, 3))") + 1]
            .Should().Be("fchownat(%parent, \"null\", 0, 0, AT_SYMLINK_NOFOLLOW)");
        program.Ops.Should().NotContain(o => Programs.IsCall(o, Sys.Mount) && o.Args[0].Display == "\"/dev/null\"" && o.Culprit.Contains("default device"));
    }

    [Fact]
    public void DevicesAreHostBindsInAUserNamespace()
    {
        var spec = Programs.NewSpec();
        spec.Linux!.Namespaces!.Add(Programs.Ns(NamespaceTypes.User));
        var program = Programs.Compile(spec);
        var lines = Programs.Lines(program);

        program.Ops.Should().NotContain(o => Programs.IsCall(o, Sys.Mknodat), "mknod is not allowed in a user namespace");
        foreach (var name in new[] { "null", "zero", "full", "random", "urandom", "tty" })
        {
            var bind = lines.IndexOf($"mount(\"/dev/{name}\", %path0, \"bind\", MS_BIND, NULL)");
            bind.Should().BeGreaterThan(0, "/dev/{0} is bound from the host", name);
            lines[bind - 2].Should().StartWith($"openat2(%root, \"dev/{name}\"");
            var create = lines.FindIndex(l => l.StartsWith($"openat2(%parent, \"{name}\", {{O_CREAT", StringComparison.Ordinal));
            create.Should().BeGreaterThan(0).And.BeLessThan(bind, "the bind target is created as a file first");
        }
    }

    [Fact]
    public void ConfiguredDevicesGetTheirTypeModeOwnerAndDirectories()
    {
        var spec = Programs.NewSpec();
        spec.Linux!.Devices =
        [
            new LinuxDevice { Path = "/dev/net/tun", Type = "c", Major = 10, Minor = 200, FileMode = 0x180, Uid = 3, Gid = 4 },
            new LinuxDevice { Path = "/dev/loop9", Type = "b", Major = 7, Minor = 9 },
            new LinuxDevice { Path = "/dev/null", Type = "c", Major = 1, Minor = 3, FileMode = 0x1a4 },
        ];
        var program = Programs.Compile(spec);
        var lines = Programs.Lines(program);

        lines.Should().Contain("mknodat(%parent, \"tun\", S_IFCHR|0600, makedev(10, 200))");
        lines.Should().Contain("fchownat(%parent, \"tun\", 3, 4, AT_SYMLINK_NOFOLLOW)");
        lines.Should().Contain(l => l.StartsWith("mkdirat(%parent, \"net\", 0755)", StringComparison.Ordinal));
        lines.Should().Contain("mknodat(%parent, \"loop9\", S_IFBLK|0666, makedev(7, 9))");
        Programs.Calls(program, Sys.Mknodat).Where(o => o.Args[1].Display == "\"null\"").Should().ContainSingle()
            .Which.Culprit.Should().Be("linux.devices[2]: mknod \"/dev/null\"", "a configured device replaces the default of the same path");
        lines.Should().Contain("mknodat(%parent, \"null\", S_IFCHR|0644, makedev(1, 3))");
        var tun = Programs.Calls(program, Sys.Mknodat).Single(o => o.Args[1].Display == "\"tun\"");
        tun.Args[2].Value.Should().Be(S_IFCHR | 0x180);
        tun.Args[3].Value.Should().Be(DeviceSteps.MakeDev(10, 200));
    }

    [Fact]
    public void DevSymlinksAndKcore()
    {
        var with = Programs.Lines(Programs.Compile(Programs.NewSpec()));
        with.Should().Contain("symlinkat(\"/proc/self/fd\", %dev, \"fd\") [EEXIST: skip 0]");
        with.Should().Contain("symlinkat(\"/proc/self/fd/0\", %dev, \"stdin\") [EEXIST: skip 0]");
        with.Should().Contain("symlinkat(\"pts/ptmx\", %dev, \"ptmx\") [EEXIST: skip 0]");
        with.Should().Contain("symlinkat(\"/proc/kcore\", %dev, \"core\") [EEXIST: skip 0]");

        var without = Programs.Lines(Programs.Compile(Programs.Plan(Programs.NewSpec()) with { HostHasKcore = false }));
        without.Should().NotContain(l => l.Contains("\"core\""));
    }

    [Fact]
    public void DevBoundFromTheHostIsLeftAlone()
    {
        var spec = Programs.NewSpec();
        spec.Mounts!.RemoveAll(m => m.Destination.StartsWith("/dev", StringComparison.Ordinal));
        spec.Mounts.Add(new SpecMount { Destination = "/dev", Type = "bind", Source = "/dev", Options = ["rbind"] });

        var program = Programs.Compile(spec);

        program.Ops.Should().NotContain(o => Programs.IsCall(o, Sys.Mknodat) || Programs.IsCall(o, Sys.Symlinkat));
    }

    [Fact]
    public void MakeDevMatchesGlibc()
    {
        DeviceSteps.MakeDev(1, 3).Should().Be(0x103);
        DeviceSteps.MakeDev(259, 0).Should().Be(0x10300);
        DeviceSteps.MakeDev(10, 300).Should().Be(0x100a2c);
        DeviceSteps.MakeDev(4096, 1).Should().Be((4096L << 32) | 1);
    }
}
