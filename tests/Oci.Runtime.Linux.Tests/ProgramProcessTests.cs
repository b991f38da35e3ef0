using Oci.Runtime.Linux.Setup;
using Oci.Runtime.Spec;
using static Oci.Runtime.Linux.Setup.LinuxConstants;

namespace Oci.Runtime.Linux.Tests;

/// <summary>The process: capabilities, credentials, no_new_privs, fds, the console, exec.</summary>
public sealed class ProgramProcessTests
{
    private static Oci.Runtime.Spec.Spec WithCaps(List<string> bounding, List<string>? effective = null, List<string>? permitted = null,
        List<string>? inheritable = null, List<string>? ambient = null)
    {
        var spec = Programs.NewSpec();
        spec.Process!.Capabilities = new LinuxCapabilities
        {
            Bounding = bounding, Effective = effective ?? [], Permitted = permitted ?? [], Inheritable = inheritable ?? [], Ambient = ambient ?? [],
        };
        return spec;
    }

    private static List<long> Dropped(SetupProgram program) =>
        program.Ops.Where(o => Programs.IsCall(o, Sys.Prctl) && o.Args[0].Value == PR_CAPBSET_DROP).Select(o => o.Args[1].Value).ToList();

    [Fact]
    public void BoundingDropsExactlyTheUnlistedCapabilitiesUpToTheLastOne()
    {
        var spec = WithCaps(["CAP_CHOWN", "CAP_KILL", "CAP_BPF"]);

        var dropped = Dropped(Programs.Compile(spec));

        dropped.Should().Equal(Enumerable.Range(0, 41).Where(c => c is not (0 or 5 or 39)).Select(c => (long)c));
    }

    [Fact]
    public void BoundingStopsAtTheHostsLastCapability()
    {
        var spec = WithCaps(["CAP_KILL"]);

        var dropped = Dropped(Programs.Compile(Programs.Plan(spec) with { LastCapability = 37 }));

        dropped.Should().Equal(Enumerable.Range(0, 38).Where(c => c != 5).Select(c => (long)c));
    }

    [Fact]
    public void DefaultSpecKeepsItsThreeCapabilities()
    {
        var program = Programs.Compile(Programs.NewSpec());

        Dropped(program).Should().HaveCount(41 - 3).And.NotContain([5L, 10L, 29L]);
        Programs.Lines(program).Should().Contain("capset({_LINUX_CAPABILITY_VERSION_3, 0}, {effective=0x20000420, permitted=0x20000420, inheritable=0x0})");
    }

    [Fact]
    public void CapsetDataHoldsBothHalvesOfEachSet()
    {
        var spec = WithCaps(["CAP_KILL"],
            effective: ["CAP_KILL", "CAP_BPF"],
            permitted: ["CAP_KILL", "CAP_BPF", "CAP_CHECKPOINT_RESTORE"],
            inheritable: ["CAP_SYS_ADMIN"]);
        var program = Programs.Compile(spec);

        var capset = Programs.Calls(program, Sys.Capset).Single();
        var header = Programs.DataAt(program, capset.Args[0], 8);
        BitConverter.ToUInt32(header, 0).Should().Be(0x20080522u);
        BitConverter.ToInt32(header, 4).Should().Be(0, "pid 0: the calling thread");
        var data = Programs.DataAt(program, capset.Args[1], 24);
        // struct __user_cap_data_struct[2]: {effective, permitted, inheritable} for caps 0-31, then 32-63.
        BitConverter.ToUInt32(data, 0).Should().Be(1u << 5);
        BitConverter.ToUInt32(data, 4).Should().Be(1u << 5);
        BitConverter.ToUInt32(data, 8).Should().Be(1u << 21);
        BitConverter.ToUInt32(data, 12).Should().Be(1u << (39 - 32));
        BitConverter.ToUInt32(data, 16).Should().Be((1u << (39 - 32)) | (1u << (40 - 32)));
        BitConverter.ToUInt32(data, 20).Should().Be(0u);
    }

    [Fact]
    public void CredentialsChangeInRuncsOrder()
    {
        var spec = Programs.NewSpec();
        spec.Process!.User = new User { Uid = 1000, Gid = 1001, AdditionalGids = [5, 70000] };
        var program = Programs.Compile(spec);
        var lines = Programs.Lines(program);

        var lastDrop = program.Ops.Select((o, i) => (o, i)).Last(x => Programs.IsCall(x.o, Sys.Prctl) && x.o.Args[0].Value == PR_CAPBSET_DROP).i;
        lines.Skip(lastDrop + 1).Take(6).Should().Equal(
            "prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0)",
            "setgroups(2, [5, 70000])",
            "setresgid(1001, 1001, 1001)",
            "setresuid(1000, 1000, 1000)",
            "prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0)",
            "capset({_LINUX_CAPABILITY_VERSION_3, 0}, {effective=0x20000420, permitted=0x20000420, inheritable=0x0})");
        var setgroups = Programs.Calls(program, Sys.Setgroups).Single();
        var gids = Programs.DataAt(program, setgroups.Args[1], 8);
        BitConverter.ToUInt32(gids, 0).Should().Be(5u);
        BitConverter.ToUInt32(gids, 4).Should().Be(70000u);
    }

    [Fact]
    public void NoAdditionalGidsClearsTheGroups()
    {
        Programs.Lines(Programs.Compile(Programs.NewSpec())).Should().Contain("setgroups(0, NULL)");
    }

    // The kernel raises an ambient capability only if it is permitted and inheritable: the
    // others are not tried (and are warned of); EPERM stays tolerated (SECBIT_NO_CAP_AMBIENT_RAISE).
    [Fact]
    public void OnlyAmbientCapabilitiesAlsoPermittedAndInheritableAreRaised()
    {
        var all = new List<string> { "CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE" };
        var program = Programs.Compile(WithCaps(all, all, all, inheritable: ["CAP_KILL", "CAP_NET_BIND_SERVICE"], ambient: all));

        var raises = program.Ops.Where(o => Programs.IsCall(o, Sys.Prctl) && o.Args[0].Value == PR_CAP_AMBIENT).ToList();
        raises.Select(o => o.Args[2].Value).Should().Equal(5L, 10L);
        raises.Should().OnlyContain(o => o.AlternateErrno == Errno.EPERM && o.SkipOnAlternate == 0);
        var capset = Programs.Index(program, o => Programs.IsCall(o, Sys.Capset));
        Programs.Index(program, o => o == raises[0]).Should().Be(capset + 1, "ambient caps are raised after capset");
        Programs.Compile(Programs.NewSpec()).Ops.Should().NotContain(o => Programs.IsCall(o, Sys.Prctl) && o.Args[0].Value == PR_CAP_AMBIENT,
            "runc 1.1's default config lists ambient capabilities that are not inheritable");
    }

    // An unknown name, or one this host cannot grant, is left out of every set: never a failure,
    // and never raised as capability 0.
    [Fact]
    public void CapabilitiesThatCannotBeGrantedAreLeftOut()
    {
        var spec = WithCaps(["CAP_KILL", "CAP_NOPE", "CAP_SYS_RESOURCE"], ["CAP_KILL", "CAP_NOPE"], ["CAP_KILL", "CAP_SYS_RESOURCE"],
            inheritable: ["CAP_NOPE", "CAP_SYS_RESOURCE"], ambient: ["CAP_NOPE", "CAP_SYS_RESOURCE"]);
        var plan = Programs.Plan(spec) with { GrantableCapabilities = Oci.Runtime.Spec.CapabilityGrants.Through(40) & ~(1UL << 24) };
        var program = Programs.Compile(plan);

        Dropped(program).Should().Contain(24L).And.NotContain(5L);
        Programs.Lines(program).Should().Contain(l => l.StartsWith("capset(", StringComparison.Ordinal)
            && l.EndsWith("{effective=0x20, permitted=0x20, inheritable=0x0})", StringComparison.Ordinal));
        program.Ops.Should().NotContain(o => Programs.IsCall(o, Sys.Prctl) && o.Args[0].Value == PR_CAP_AMBIENT);
    }

    [Fact]
    public void NoNewPrivilegesFollowsTheConfig()
    {
        var spec = Programs.NewSpec();
        spec.Process!.NoNewPrivileges = true;
        var program = Programs.Compile(spec);
        var lines = Programs.Lines(program);
        var nnp = lines.IndexOf("prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)");
        nnp.Should().BeGreaterThan(Programs.Index(program, o => Programs.IsCall(o, Sys.Capset)));

        spec.Process.NoNewPrivileges = false;
        Programs.Lines(Programs.Compile(spec)).Should().NotContain(l => l.Contains("PR_SET_NO_NEW_PRIVS"));
    }

    [Fact]
    public void SetupProcessIsNonDumpableFirst()
    {
        Programs.Lines(Programs.Compile(Programs.NewSpec()))[0].Should().Be("prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)");
    }

    [Fact]
    public void InheritedFdsAreClosedButTheOnesTheChildNeeds()
    {
        var spec = Programs.NewSpec();
        spec.Linux!.Namespaces!.Single(n => n.Type == NamespaceTypes.Network).Path = "/var/run/netns/n";
        var plan = Programs.Plan(spec) with
        {
            SyncFd = 5, ExecFifoFd = 9, ConsoleSocketFd = 12, PreservedFds = 2,
            JoinedNamespaceFds = new Dictionary<string, int> { [NamespaceTypes.Network] = 7 },
        };

        var program = Programs.Compile(plan);

        program.Ops.Skip(1).TakeWhile(o => Programs.IsCall(o, Sys.CloseRange)).Select(o => o.Text).Should().Equal(
            "close_range(6, 6, 0)", "close_range(8, 8, 0)", "close_range(10, 11, 0)", "close_range(13, ~0U, 0)");
    }

    [Fact]
    public void NothingButStdioSyncAndFifoSurvivesByDefault()
    {
        var program = Programs.Compile(Programs.Plan(Programs.NewSpec()) with { SyncFd = 3, ExecFifoFd = 4 });

        program.Ops.Skip(1).TakeWhile(o => Programs.IsCall(o, Sys.CloseRange)).Select(o => o.Text)
            .Should().Equal("close_range(5, ~0U, 0)");
    }

    [Fact]
    public void PreservedFdsPassIntoTheContainerAndEverythingElseIsCloseOnExec()
    {
        var program = Programs.Compile(Programs.Plan(Programs.NewSpec()) with { PreservedFds = 2 });
        var lines = Programs.Lines(program);

        var ready = lines.IndexOf("sync(Ready, 0)");
        ready.Should().BeGreaterThan(0);
        lines.Skip(ready - 3).Take(3).Should().Equal(
            "fcntl(3, F_SETFD, 0)",
            "fcntl(4, F_SETFD, 0)",
            "close_range(5, ~0U, CLOSE_RANGE_CLOEXEC)");
    }

    [Fact]
    public void ExecFifoIsOpenedAfterReadyAndExecIsLast()
    {
        var spec = Programs.NewSpec();
        spec.Process!.Args = ["sh", "-c", "echo hi"];
        spec.Process.Env = ["PATH=/bin:/usr/bin", "A=b"];
        var program = Programs.Compile(Programs.Plan(spec) with { DefaultHome = "/root" });
        var lines = Programs.Lines(program);

        var ready = lines.IndexOf("sync(Ready, 0)");
        lines[ready + 1].Should().Be($"openat(-100, \"/proc/self/fd/{Programs.FifoFd}\", O_WRONLY|O_CLOEXEC, 0) -> %fifo");
        lines[ready + 2].Should().Be("write(%fifo, \"0\", 1)");
        var exec = Programs.Index(program, o => o.Code == OpCode.Exec);
        lines[exec].Should().Be("execve([\"/bin/sh\", \"/usr/bin/sh\"], %executable, [\"sh\", \"-c\", \"echo hi\"], [\"PATH=/bin:/usr/bin\", \"A=b\", \"HOME=/root\"]) -> %exec_error [any errno: skip 0]");
        // A failed execve is told on the process's stderr, as runc's init tells it, and the process exits 1.
        lines.Skip(exec + 1).Should().Equal(
            "write(2, \"exec \", 5) [any errno: skip 0]",
            "write_string(2, [\"/bin/sh\", \"/usr/bin/sh\"], %executable, 2, \"\") [any errno: skip 0]",
            "write_string(2, [\": <strerror>\\n\", ...], %exec_error, 134, \": exec failed\\n\") [any errno: skip 0]",
            "exit_group(1)");
        var find = Programs.Index(program, o => o.Code == OpCode.FindExecutable);
        find.Should().BeLessThan(ready, "a missing command fails create, not start");
        program.Ops[find].Culprit.Should().Be("process.args[0]: \"sh\"");
    }

    [Fact]
    public void AContainerStartedAtOnceExecsWhenReadyIsAnsweredAndKeepsNoFifo()
    {
        var program = Programs.Compile(Programs.Plan(Programs.NewSpec()) with { SyncFd = 3, ExecFifoFd = -1 });
        var lines = Programs.Lines(program);

        var ready = lines.IndexOf("sync(Ready, 0)");
        program.Ops[ready + 1].Code.Should().Be(OpCode.Exec, "`run` answers Ready once the container may start");
        lines.Should().NotContain(l => l.Contains("/proc/self/fd/-1"));
        program.Ops.Skip(1).TakeWhile(o => Programs.IsCall(o, Sys.CloseRange)).Select(o => o.Text)
            .Should().ContainSingle().Which.Should().Be("close_range(4, ~0U, 0)", "nothing but stdio and the sync socket survives");
    }

    [Fact]
    public void CommandWithASlashIsTheOnlyCandidate()
    {
        var spec = Programs.NewSpec();
        spec.Process!.Args = ["./bin/app"];
        spec.Process.Env = ["HOME=/home/u", "PATH=/bin"];

        Programs.Lines(Programs.Compile(spec)).Should().Contain(l => l.StartsWith("execve([\"./bin/app\"], %executable, [\"./bin/app\"], [\"HOME=/home/u\", \"PATH=/bin\"])", StringComparison.Ordinal));
    }

    // runc's prepareEnv: the last of a repeated variable wins, at its own place.
    [Fact]
    public void ARepeatedVariableIsPassedOnceWithItsLastValue()
    {
        var spec = Programs.NewSpec();
        spec.Process!.Args = ["/bin/app"];
        spec.Process.Env = ["ONE=two", "PATH=/bin", "ONE=", "HOME=/h"];

        Programs.Lines(Programs.Compile(spec)).Should().Contain(l => l.StartsWith("execve([\"/bin/app\"], %executable, [\"/bin/app\"], [\"PATH=/bin\", \"ONE=\", \"HOME=/h\"])", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("HOME=")]
    [InlineData("HOME=/x", "HOME=")]
    public void AnEmptyHomeIsTheUsersHome(params string[] env)
    {
        var spec = Programs.NewSpec();
        spec.Process!.Args = ["/bin/app"];
        spec.Process.Env = ["PATH=/bin", .. env];

        Programs.Lines(Programs.Compile(Programs.Plan(spec) with { DefaultHome = "/root" })).Should().Contain(l => l.StartsWith("execve([\"/bin/app\"], %executable, [\"/bin/app\"], [\"PATH=/bin\", \"HOME=/root\"])", StringComparison.Ordinal));
    }

    // runc's two tries: as the runtime before the credentials change (a 0700 /root still works
    // for a non-root user), and as the user only if the runtime was refused.
    [Fact]
    public void TheCwdIsTriedAsTheRuntimeAndAgainAsTheUserOnlyWhenRefused()
    {
        var spec = Programs.NewSpec();
        spec.Process!.User.Umask = 0x3f;
        spec.Process.User.Uid = 1000;
        spec.Process.Cwd = "/srv";
        var lines = Programs.Lines(Programs.Compile(spec));

        var first = lines.FindIndex(l => l.StartsWith("openat2(-100, \"/srv\"", StringComparison.Ordinal));
        var setuid = lines.FindIndex(l => l.StartsWith("setresuid(", StringComparison.Ordinal));
        first.Should().BeLessThan(setuid);
        lines.Skip(first).Take(4).Should().Equal(
            "openat2(-100, \"/srv\", {O_DIRECTORY|O_CLOEXEC|O_PATH, 0, RESOLVE_NO_MAGICLINKS|RESOLVE_IN_ROOT}, 24) -> %cwd [EACCES|EPERM: skip 3]",
            "fchdir(%cwd) -> %cwd_entered [EACCES|EPERM: skip 0]",
            "close(%cwd)",
            "value(%cwd_entered) -> %cwd [any errno: skip 0]");
        var second = lines.FindIndex(setuid, l => l.StartsWith("value(%cwd)", StringComparison.Ordinal));
        lines.Skip(second).Take(5).Should().Equal(
            "value(%cwd) [any errno: skip 0] [ok: skip 3]",
            "openat2(-100, \"/srv\", {O_DIRECTORY|O_CLOEXEC|O_PATH, 0, RESOLVE_NO_MAGICLINKS|RESOLVE_IN_ROOT}, 24) -> %cwd",
            "fchdir(%cwd)",
            "close(%cwd)",
            "umask(077)");
        Programs.Lines(Programs.Compile(Programs.NewSpec())).Should().Contain("umask(022)");
    }

    [Fact]
    public void HostnameAndDomainnameAreSetInTheNewUtsNamespace()
    {
        var spec = Programs.NewSpec();
        spec.Hostname = "box";
        spec.Domainname = "example.org";
        var lines = Programs.Lines(Programs.Compile(spec));

        var hostname = lines.IndexOf("sethostname(\"box\", 3)");
        hostname.Should().BeGreaterThan(lines.IndexOf("sync(ParentSetup, 0)"));
        lines[hostname + 1].Should().Be("setdomainname(\"example.org\", 11)");
    }

    [Fact]
    public void MissingArgsAreRefused()
    {
        var spec = Programs.NewSpec();
        spec.Process!.Args = [];

        var compile = () => Programs.Compile(spec);

        compile.Should().Throw<OcirtException>().WithMessage("process.args: missing*");
    }

    [Fact]
    public void TerminalNeedsAConsoleSocket()
    {
        var spec = Programs.NewSpec();
        spec.Process!.Terminal = true;

        var compile = () => Programs.Compile(spec);

        compile.Should().Throw<OcirtException>().WithMessage("process.terminal: a terminal needs --console-socket*");
    }

    [Fact]
    public void TerminalSendsThePtyMasterAndMakesThePeerStdio()
    {
        var spec = Programs.NewSpec();
        spec.Process!.Terminal = true;
        spec.Process.ConsoleSize = new Box { Height = 40, Width = 120 };
        var program = Programs.Compile(Programs.Plan(spec) with { ConsoleSocketFd = 8 });
        var lines = Programs.Lines(program);

        var ptmx = lines.IndexOf("openat(-100, \"/dev/ptmx\", O_RDWR|O_NOCTTY|O_CLOEXEC, 0) -> %ptmx");
        ptmx.Should().BeGreaterThan(lines.IndexOf("pivot_root(\".\", \".\")"), "the pty comes from the container's own devpts");
        var send = Programs.Index(program, o => o.Code == OpCode.SendFd);
        lines[send].Should().Be("send_fd(8, %ptmx)");
        lines.Should().Contain("ioctl(%pty, TIOCSWINSZ, {rows=40, cols=120})");
        lines.Skip(send + 1).Take(7).Should().Equal(
            "close(%ptmx)",
            "setsid()",
            "ioctl(%pty, TIOCSCTTY, 0)",
            "dup3(%pty, 0, 0)",
            "dup3(%pty, 1, 0)",
            "dup3(%pty, 2, 0)",
            "close(%pty)");
    }

    [Fact]
    public void ThePtyHasNoOnlcrAndBelongsToTheProcesssUidAsUnderRunc()
    {
        var spec = Programs.NewSpec();
        spec.Process!.Terminal = true;
        spec.Process.User.Uid = 1000;
        var program = Programs.Compile(Programs.Plan(spec) with { ConsoleSocketFd = 8 });
        var lines = Programs.Lines(program);

        var peer = lines.FindIndex(l => l.StartsWith("ioctl(%ptmx, TIOCGPTPEER", StringComparison.Ordinal));
        lines.Skip(peer + 1).Take(4).Should().Equal(
            "ioctl(%pty, TCGETS, &termios)",
            "mask_word(&termios.c_oflag, ~ONLCR, 0)",
            "ioctl(%pty, TCSETS, &termios)",
            "fchownat(%pty, \"\", 1000, -1, AT_EMPTY_PATH) [EPERM|EINVAL: skip 0]");
        var uid = Programs.Index(program, o => o.Call == Sys.Setresuid);
        uid.Should().BeGreaterThan(peer + 4, "the pty is given away while the process may still chown it");
    }
}

/// <summary>The program in ocirt_spawn.h's layout: sizes, fields, pointer fix-ups.</summary>
public sealed unsafe class ProgramLayoutTests
{
    [Fact]
    public void HeaderAndOpSizesMatchTheCStructs()
    {
        LaidOutProgram.HeaderSize.Should().Be(32, "struct ocirt_program: u32, i32, i32, u32, u64, pointer");
        LaidOutProgram.OpSize.Should().Be(80, "struct ocirt_op: 4 x 32-bit, 2 x 16-bit, u32, i64 nr, 6 x i64");
    }

    [Fact]
    public void HeaderAndOpsAreWrittenAsTheInterpreterReadsThem()
    {
        var program = Programs.Compile(Programs.NewSpec());
        using var laidOut = new LaidOutProgram(program, syncFd: 17, cgroupFd: 23);
        var b = (byte*)laidOut.Pointer;

        (*(uint*)b).Should().Be((uint)program.Ops.Count);
        (*(int*)(b + 4)).Should().Be(17);
        (*(int*)(b + 8)).Should().Be(23);
        (*(ulong*)(b + 16)).Should().Be(program.CloneFlags);
        (*(long*)(b + 24)).Should().Be((long)(b + 32), "the ops follow the header");

        var dataBase = (long)(b + 32 + 80 * program.Ops.Count);
        for (var i = 0; i < program.Ops.Count; i++)
        {
            var op = program.Ops[i];
            var o = b + 32 + 80 * i;
            (*(uint*)o).Should().Be((uint)op.Code, "op {0} code", i);
            (*(int*)(o + 4)).Should().Be(op.Result?.Index ?? -1, "op {0} result register", i);
            (*(int*)(o + 12)).Should().Be(op.AlternateErrno, "op {0} alternate errno", i);
            (*(ushort*)(o + 16)).Should().Be((ushort)op.SkipOnSuccess);
            (*(ushort*)(o + 18)).Should().Be((ushort)op.SkipOnAlternate);
            (*(long*)(o + 24)).Should().Be(op.Call is { } call ? SyscallNumbers.Of(call) : 0, "op {0} ({1}) syscall number", i, op.Text);
            var registerArgs = *(uint*)(o + 8);
            for (var k = 0; k < 6; k++)
            {
                var value = *(long*)(o + 32 + 8 * k);
                if (k >= op.Args.Count)
                {
                    value.Should().Be(0, "unused argument {0} of op {1} is zero", k, i);
                    ((registerArgs >> k) & 1).Should().Be(0u);
                    continue;
                }
                var arg = op.Args[k];
                ((registerArgs >> k) & 1).Should().Be(arg.Kind == ArgKind.Register ? 1u : 0u, "op {0} arg {1} register bit", i, k);
                value.Should().Be(arg.Kind switch
                {
                    ArgKind.Data => dataBase + arg.Value,
                    _ => arg.Value,
                }, "op {0} ({1}) arg {2}", i, op.Text, k);
            }
        }

        var hostname = program.Ops.Single(o => o.Call == Sys.Sethostname);
        var index = program.Ops.ToList().IndexOf(hostname);
        var pointer = *(long*)(b + 32 + 80 * index + 32);
        new string((sbyte*)pointer).Should().Be("runc");
    }

    [Fact]
    public void StringArraysBecomeNullTerminatedPointerArrays()
    {
        var spec = Programs.NewSpec();
        spec.Process!.Args = ["echo", "a b", "ü"];
        spec.Process.Env = ["PATH=/x:/y", "K=V"];
        var program = Programs.Compile(spec);
        using var laidOut = new LaidOutProgram(program, 3, -1);
        var b = (byte*)laidOut.Pointer;
        var execOp = b + 32 + 80 * Programs.Index(program, o => o.Code == OpCode.Exec);
        (*(uint*)execOp).Should().Be((uint)OpCode.Exec);
        var size = 32 + 80 * program.Ops.Count + program.Data.Count;

        ReadArray((long*)*(long*)(execOp + 32), b, size).Should().Equal("/x/echo", "/y/echo");
        ReadArray((long*)*(long*)(execOp + 48), b, size).Should().Equal("echo", "a b", "ü");
        ReadArray((long*)*(long*)(execOp + 56), b, size).Should().Equal("PATH=/x:/y", "K=V", "HOME=/");
    }

    private static List<string> ReadArray(long* array, byte* block, int size)
    {
        ((long)array % 8).Should().Be(0, "pointer arrays are 8-byte aligned");
        var items = new List<string>();
        for (var i = 0; array[i] != 0; i++)
        {
            array[i].Should().BeInRange((long)block, (long)block + size - 1, "every pointer points into the program's block");
            items.Add(System.Text.Encoding.UTF8.GetString(System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpanFromNullTerminated((byte*)array[i])));
        }
        return items;
    }

    [Fact]
    public void SyscallNumbersOfThisArchitecture()
    {
        var expected = System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.X64
            ? new Dictionary<Sys, long> { [Sys.Mount] = 165, [Sys.PivotRoot] = 155, [Sys.Setns] = 308, [Sys.Openat2] = 437, [Sys.Capset] = 126, [Sys.Prctl] = 157, [Sys.Umount2] = 166, [Sys.Unshare] = 272 }
            : new Dictionary<Sys, long> { [Sys.Mount] = 40, [Sys.PivotRoot] = 41, [Sys.Setns] = 268, [Sys.Openat2] = 437, [Sys.Capset] = 91, [Sys.Prctl] = 167, [Sys.Umount2] = 39, [Sys.Unshare] = 97 };
        foreach (var (call, number) in expected)
            SyscallNumbers.Of(call).Should().Be(number, "{0}", call);
    }
}
