using Oci.Runtime.Linux.Setup;
using Oci.Runtime.Spec;
using static Oci.Runtime.Linux.Setup.LinuxConstants;
using RuntimeSpec = Oci.Runtime.Spec.Spec;

namespace Oci.Runtime.Linux.Tests;

/// <summary>Builds plans and reads compiled setup programs, for the Program*Tests.</summary>
internal static class Programs
{
    public const int SyncFd = 5;
    public const int FifoFd = 6;

    /// <summary>runc's example config (no cgroup namespace, not rootless), without a terminal.</summary>
    public static RuntimeSpec NewSpec()
    {
        var spec = DefaultSpec.Create(false, false, 0, 0);
        spec.Process!.Terminal = false;
        return spec;
    }

    public static ContainerPlan Plan(RuntimeSpec spec) => new()
    {
        Spec = spec,
        Bundle = "/bundle",
        Rootfs = "/bundle/rootfs",
        SyncFd = SyncFd,
        ExecFifoFd = FifoFd,
        LastCapability = 40,
        HostHasKcore = true,
    };

    public static SetupProgram Compile(RuntimeSpec spec) => ContainerProgram.Compile(Plan(spec));

    public static SetupProgram Compile(ContainerPlan plan) => ContainerProgram.Compile(plan);

    public static List<string> Lines(SetupProgram program) => program.Ops.Select(o => o.Text).ToList();

    public static int Index(SetupProgram program, Func<SetupOp, bool> match, int from = 0)
    {
        for (var i = from; i < program.Ops.Count; i++)
        {
            if (match(program.Ops[i]))
                return i;
        }
        return -1;
    }

    public static int IndexOfText(SetupProgram program, string text, int from = 0) => Index(program, o => o.Text == text, from);

    public static int IndexStarting(SetupProgram program, string prefix, int from = 0) =>
        Index(program, o => o.Text.StartsWith(prefix, StringComparison.Ordinal), from);

    public static bool IsCall(SetupOp op, Sys call) => op.Code == OpCode.Syscall && op.Call == call;

    public static List<SetupOp> Calls(SetupProgram program, Sys call) => program.Ops.Where(o => IsCall(o, call)).ToList();

    /// <summary>Where the interpreter goes after op <paramref name="index"/> succeeds or takes its alternate errno.</summary>
    public static int Next(SetupProgram program, int index, bool alternate)
    {
        var op = program.Ops[index];
        if (alternate)
            op.AlternateErrno.Should().NotBe(0, "op {0} ({1}) has no alternate path", index, op.Text);
        return index + 1 + (alternate ? op.SkipOnAlternate : op.SkipOnSuccess);
    }

    /// <summary>The bytes a Data argument points at.</summary>
    public static byte[] DataAt(SetupProgram program, Arg arg, int length)
    {
        arg.Kind.Should().Be(ArgKind.Data, "argument {0} should point into the data block", arg);
        return program.Data.Skip((int)arg.Value).Take(length).ToArray();
    }

    public static LinuxNamespace Ns(string type, string? path = null) => new() { Type = type, Path = path };
}

/// <summary>Namespaces: clone flags, setns order, unshare and fork when joining, id-map sync.</summary>
public sealed class ProgramNamespaceTests
{
    private const ulong DefaultFlags = CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWNS;

    [Fact]
    public void NewNamespacesAreCloneFlagsAndNothingIsJoined()
    {
        var program = Programs.Compile(Programs.NewSpec());

        program.CloneFlags.Should().Be(DefaultFlags);
        ContainerProgram.Listing(program).Split('\n')[0]
            .Should().Be("clone3(CLONE_NEWPID|CLONE_NEWNET|CLONE_NEWNS|CLONE_NEWIPC|CLONE_NEWUTS)");
        program.Ops.Should().NotContain(o => Programs.IsCall(o, Sys.Setns) || Programs.IsCall(o, Sys.Unshare) || o.Code == OpCode.Fork);
        program.Ops.Should().NotContain(o => o.Code == OpCode.Sync && o.Args[0].Value == (long)SyncCode.IdMaps,
            "without a new user namespace there are no id maps to wait for");
    }

    // runc and crun bring lo up in every network namespace they create; a joined one is its owner's.
    [Fact]
    public void ANewNetworkNamespaceGetsLoopbackUpAfterTheIdMaps()
    {
        var program = Programs.Compile(Programs.NewSpec());
        var lines = Programs.Lines(program);

        var socket = lines.IndexOf("socket(AF_INET, SOCK_DGRAM|SOCK_CLOEXEC, 0) -> %socket");
        socket.Should().BeGreaterThan(lines.FindIndex(l => l.StartsWith("sync(ParentSetup", StringComparison.Ordinal)));
        lines.Skip(socket + 1).Take(4).Should().Equal(
            "ioctl(%socket, SIOCGIFFLAGS, {ifr_name=\"lo\"})",
            "mask_word(&ifreq.ifr_flags, ~0, IFF_UP)",
            "ioctl(%socket, SIOCSIFFLAGS, {ifr_name=\"lo\"})",
            "close(%socket)");
        program.Ops[socket].Culprit.Should().Be("linux.namespaces: network: bring up \"lo\"");

        var joined = Programs.NewSpec();
        joined.Linux!.Namespaces!.Single(n => n.Type == NamespaceTypes.Network).Path = "/proc/1/ns/net";
        var joinedPlan = Programs.Plan(joined) with { JoinedNamespaceFds = new Dictionary<string, int> { [NamespaceTypes.Network] = 9 } };
        Programs.Lines(Programs.Compile(joinedPlan)).Should().NotContain(l => l.StartsWith("socket(", StringComparison.Ordinal));
        var none = Programs.NewSpec();
        none.Linux!.Namespaces!.RemoveAll(n => n.Type == NamespaceTypes.Network);
        Programs.Lines(Programs.Compile(none)).Should().NotContain(l => l.StartsWith("socket(", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(NamespaceTypes.Cgroup, CLONE_NEWCGROUP)]
    [InlineData(NamespaceTypes.Time, CLONE_NEWTIME)]
    [InlineData(NamespaceTypes.User, CLONE_NEWUSER)]
    public void EachExtraNamespaceAddsItsFlag(string type, ulong flag)
    {
        var spec = Programs.NewSpec();
        spec.Linux!.Namespaces!.Add(Programs.Ns(type));

        // On a cgroup2 host the init is born in its cgroup, so a cgroup namespace can come with the clone.
        Programs.Compile(Programs.Plan(spec) with { CgroupV2 = true }).CloneFlags.Should().Be(DefaultFlags | flag);
    }

    [Fact]
    public void OnACgroupV1HostTheCgroupNamespaceWaitsUntilTheInitIsInItsCgroups()
    {
        var spec = Programs.NewSpec();
        spec.Linux!.Namespaces!.Add(Programs.Ns(NamespaceTypes.Cgroup));
        var program = Programs.Compile(Programs.Plan(spec) with { CgroupV2 = false });

        program.CloneFlags.Should().Be(DefaultFlags, "the init joins the v1 hierarchies itself, after the clone");
        var sync = Programs.Index(program, o => o.Code == OpCode.Sync && o.Args[0].Value == (long)SyncCode.ParentSetup);
        Programs.Lines(program)[sync + 1].Should().Be("unshare(CLONE_NEWCGROUP)");
    }

    [Fact]
    public void OnACgroupV1HostTheInitWritesItselfIntoEachTasksFileAfterTheForkAndBeforeTheParentSetup()
    {
        var spec = Programs.NewSpec();
        spec.Linux!.Namespaces!.Single(n => n.Type == NamespaceTypes.Pid).Path = "/proc/4242/ns/pid";
        var plan = Programs.Plan(spec) with
        {
            JoinedNamespaceFds = new Dictionary<string, int> { [NamespaceTypes.Pid] = 11 },
            CgroupJoinFds = [(20, "/sys/fs/cgroup/memory/c1/tasks"), (21, "/sys/fs/cgroup/pids/c1/tasks")],
        };

        var program = Programs.Compile(plan);

        var writes = Programs.Calls(program, Sys.Write).Where(o => o.Args[0].Value is 20 or 21).ToList();
        writes.Select(o => o.Args[0].Value).Should().Equal(20L, 21L);
        writes.Select(o => Programs.DataAt(program, o.Args[1], (int)o.Args[2].Value)).Should().AllBeEquivalentTo(new[] { (byte)'0' });
        writes[1].Culprit.Should().Contain("/sys/fs/cgroup/pids/c1/tasks");
        var first = Programs.Index(program, o => o == writes[0]);
        var last = Programs.Index(program, o => o == writes[1]);
        first.Should().BeGreaterThan(Programs.Index(program, o => o.Code == OpCode.Fork), "the forked process is the one that stays");
        Programs.Lines(program)[last + 1].Should().Be("close(21)");
        last.Should().BeLessThan(Programs.IndexOfText(program, "sync(ParentSetup, 0)"), "nothing of the container's runs outside its cgroup");
        program.Ops.Where(o => Programs.IsCall(o, Sys.CloseRange)).Select(o => o.Text).Should().Contain("close_range(12, 19, 0)")
            .And.Contain("close_range(22, ~0U, 0)", "the tasks fds survive the first clean-up");
    }

    [Fact]
    public void AnExecdProcessJoinsTheCgroupItselfAfterForkingIntoThePidNamespace()
    {
        var plan = new ProcessPlan(Programs.NewSpec().Process!, null, 40, "/root", 0, null, null);
        var program = ExecProgram.Compile(plan, syncFd: 5, new Dictionary<string, int> { [NamespaceTypes.Pid] = 7, [NamespaceTypes.Mount] = 8 },
            [(9, "/sys/fs/cgroup/memory/c1/tasks")], waitForChild: true);

        var write = Programs.Index(program, o => Programs.IsCall(o, Sys.Write) && o.Args[0].Value == 9);
        write.Should().BeGreaterThan(Programs.Index(program, o => o.Code == OpCode.Fork));
        write.Should().BeLessThan(Programs.IndexOfText(program, "sync(ParentSetup, 0)"));
        program.Ops.Where(o => Programs.IsCall(o, Sys.CloseRange)).Select(o => o.Text).Should().StartWith(["close_range(3, 4, 0)", "close_range(6, 6, 0)", "close_range(10, ~0U, 0)"]);
    }

    [Fact]
    public void OnlyTheListedNamespacesAreNew()
    {
        var spec = Programs.NewSpec();
        spec.Linux!.Namespaces = [Programs.Ns(NamespaceTypes.Mount), Programs.Ns(NamespaceTypes.Uts)];

        Programs.Compile(spec).CloneFlags.Should().Be(CLONE_NEWNS | CLONE_NEWUTS);
    }

    [Fact]
    public void WithoutAMountNamespaceTheRootIsAChrootAndTheHostsRootKeepsItsPropagation()
    {
        var spec = Programs.NewSpec();
        spec.Linux!.Namespaces = [Programs.Ns(NamespaceTypes.Pid)];

        var lines = Programs.Lines(Programs.Compile(spec));

        lines.Should().NotContain(l => l.StartsWith("pivot_root(", StringComparison.Ordinal), "pivot_root would swap the host's root");
        lines.Should().NotContain(l => l.StartsWith("mount(NULL, \"/\"", StringComparison.Ordinal) && !l.Contains("MS_REMOUNT", StringComparison.Ordinal),
            "\"/\" is the host's: its propagation is not the container's");
        var bind = lines.FindIndex(l => l.StartsWith("mount(\"/", StringComparison.Ordinal) && l.Contains("MS_BIND|MS_REC", StringComparison.Ordinal));
        var chroot = lines.IndexOf("chroot(\".\")");
        bind.Should().Be(lines.FindIndex(l => l.StartsWith("mount(", StringComparison.Ordinal)), "every mount of the container sits on the rootfs's bind, which delete detaches");
        chroot.Should().BeGreaterThan(bind);
        lines[chroot - 1].Should().StartWith("fchdir(");
        lines.IndexOf("mount(NULL, \"/\", NULL, MS_RDONLY|MS_REMOUNT|MS_BIND, NULL)").Should().BeGreaterThan(chroot, "root.readonly remounts the rootfs's bind, the chroot's \"/\"");
    }

    [Fact]
    public void NewUserNamespaceWaitsForIdMapsThenBecomesRoot()
    {
        var spec = Programs.NewSpec();
        spec.Linux!.Namespaces!.Add(Programs.Ns(NamespaceTypes.User));

        var program = Programs.Compile(spec);
        var lines = Programs.Lines(program);

        var maps = lines.IndexOf("sync(IdMaps, 0)");
        maps.Should().BeGreaterThan(0);
        lines[maps + 1].Should().Be("setresgid(0, 0, 0)");
        lines[maps + 2].Should().Be("setresuid(0, 0, 0)");
        maps.Should().BeLessThan(lines.IndexOf("sync(ParentSetup, 0)"), "the maps come before the parent's set-up");
        lines.Count(l => l == "sync(IdMaps, 0)").Should().Be(1);
    }

    [Fact]
    public void JoinedNamespacesAreEnteredUserFirstAndMountLast()
    {
        var spec = Programs.NewSpec();
        string[] types =
        [
            NamespaceTypes.Mount, NamespaceTypes.Network, NamespaceTypes.Pid, NamespaceTypes.Cgroup,
            NamespaceTypes.Ipc, NamespaceTypes.User, NamespaceTypes.Uts,
        ];
        spec.Linux!.Namespaces = types.Select(t => Programs.Ns(t, $"/proc/4242/ns/{t}")).ToList();
        var fds = types.Select((t, i) => (t, fd: 20 + i)).ToDictionary(x => x.t, x => x.fd);
        var plan = Programs.Plan(spec) with { JoinedNamespaceFds = fds };

        var program = Programs.Compile(plan);

        program.CloneFlags.Should().Be(0UL, "nothing is new: the child starts in the host's namespaces and joins");
        var setns = Programs.Calls(program, Sys.Setns);
        setns.Select(o => o.Args[0].Value).Should().Equal(
            fds[NamespaceTypes.User], fds[NamespaceTypes.Ipc], fds[NamespaceTypes.Uts], fds[NamespaceTypes.Network],
            fds[NamespaceTypes.Pid], fds[NamespaceTypes.Cgroup], fds[NamespaceTypes.Mount]);
        setns.Select(o => o.Args[1].Value).Should().Equal(
            (long)CLONE_NEWUSER, (long)CLONE_NEWIPC, (long)CLONE_NEWUTS, (long)CLONE_NEWNET,
            (long)CLONE_NEWPID, (long)CLONE_NEWCGROUP, (long)CLONE_NEWNS);
        setns[0].Culprit.Should().Contain("linux.namespaces[5]").And.Contain("/proc/4242/ns/user");
        program.Ops.Should().NotContain(o => Programs.IsCall(o, Sys.Unshare));
        program.Ops.Should().NotContain(o => o.Code == OpCode.Sync && o.Args[0].Value == (long)SyncCode.IdMaps,
            "a joined user namespace already has its maps");

        var lastSetns = Programs.Index(program, o => o == setns[^1]);
        var fork = Programs.Index(program, o => o.Code == OpCode.Fork);
        fork.Should().Be(lastSetns + 1, "a joined PID namespace applies to children only: fork right after joining");
        fork.Should().BeLessThan(Programs.IndexOfText(program, "sync(ParentSetup, 0)"));
    }

    [Fact]
    public void JoiningOneNamespaceUnsharesTheNewOnesAndForksForThePidNamespace()
    {
        var spec = Programs.NewSpec();
        spec.Linux!.Namespaces!.Single(n => n.Type == NamespaceTypes.Network).Path = "/var/run/netns/blue";
        var plan = Programs.Plan(spec) with { JoinedNamespaceFds = new Dictionary<string, int> { [NamespaceTypes.Network] = 11 } };

        var program = Programs.Compile(plan);
        var lines = Programs.Lines(program);

        program.CloneFlags.Should().Be(0UL);
        var setns = lines.IndexOf("setns(11, CLONE_NEWNET)");
        setns.Should().BeGreaterThan(0);
        var unshare = Programs.Index(program, o => Programs.IsCall(o, Sys.Unshare));
        unshare.Should().Be(setns + 1);
        program.Ops[unshare].Args[0].Value.Should().Be((long)(CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWNS));
        // The PID namespace is unshared last, right before the fork, so the forked init is its PID 1.
        Programs.Lines(program)[unshare + 1].Should().Be("unshare(CLONE_NEWPID)");
        program.Ops[unshare + 2].Code.Should().Be(OpCode.Fork, "unshare(CLONE_NEWPID) puts only the children in the new PID namespace");
    }

    [Fact]
    public void JoiningWithANewUserNamespaceUnsharesItAndWaitsForMaps()
    {
        var spec = Programs.NewSpec();
        spec.Linux!.Namespaces = [Programs.Ns(NamespaceTypes.Mount), Programs.Ns(NamespaceTypes.User), Programs.Ns(NamespaceTypes.Uts, "/run/uts")];
        var plan = Programs.Plan(spec) with { JoinedNamespaceFds = new Dictionary<string, int> { [NamespaceTypes.Uts] = 12 } };

        var program = Programs.Compile(plan);
        var lines = Programs.Lines(program);

        var setns = lines.IndexOf("setns(12, CLONE_NEWUTS)");
        setns.Should().BeGreaterThan(0);
        program.Ops[setns + 1].Call.Should().Be(Sys.Unshare);
        program.Ops[setns + 1].Args[0].Value.Should().Be((long)(CLONE_NEWNS | CLONE_NEWUSER));
        lines[setns + 2].Should().Be("sync(IdMaps, 0)");
        lines[setns + 3].Should().Be("setresgid(0, 0, 0)");
        lines[setns + 4].Should().Be("setresuid(0, 0, 0)");
        program.Ops.Should().NotContain(o => o.Code == OpCode.Fork, "no PID or time namespace: no fork");
    }

    [Fact]
    public void JoinedNamespaceFdsSurviveTheInitialFdClose()
    {
        var spec = Programs.NewSpec();
        spec.Linux!.Namespaces!.Single(n => n.Type == NamespaceTypes.Ipc).Path = "/proc/1/ns/ipc";
        var plan = Programs.Plan(spec) with { JoinedNamespaceFds = new Dictionary<string, int> { [NamespaceTypes.Ipc] = 9 } };

        var program = Programs.Compile(plan);

        var ranges = program.Ops.TakeWhile(o => o.Code != OpCode.Sync && !Programs.IsCall(o, Sys.Setns))
            .Where(o => Programs.IsCall(o, Sys.CloseRange)).Select(o => o.Text).ToList();
        ranges.Should().Equal("close_range(3, 4, 0)", "close_range(7, 8, 0)", "close_range(10, ~0U, 0)");
    }

    [Fact]
    public void TimeOffsetsAreWrittenBeforeAnyProcessEntersTheTimeNamespace()
    {
        var spec = Programs.NewSpec();
        spec.Linux!.Namespaces!.Add(Programs.Ns(NamespaceTypes.Time));
        spec.Linux.TimeOffsets = new Dictionary<string, LinuxTimeOffset> { ["monotonic"] = new() { Secs = 86400, Nanosecs = 7 } };

        var program = Programs.Compile(spec);
        var lines = Programs.Lines(program);

        program.CloneFlags.Should().Be(DefaultFlags & ~CLONE_NEWPID,
            "the time namespace is unshared after clone so its offsets can be set, and the PID namespace just before the fork");
        var unshare = lines.IndexOf("unshare(CLONE_NEWTIME)");
        unshare.Should().BeGreaterThan(0);
        lines[unshare + 1].Should().StartWith("openat(-100, \"/proc/self/timens_offsets\", O_WRONLY|O_CLOEXEC");
        lines[unshare + 2].Should().Be("write(%timens, \"monotonic 86400 7\n\", 18)");
        lines[unshare + 3].Should().Be("close(%timens)");
        lines[unshare + 4].Should().Be("unshare(CLONE_NEWPID)");
        program.Ops[unshare + 5].Code.Should().Be(OpCode.Fork);
    }
}
