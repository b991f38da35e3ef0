using Oci.Runtime.Linux.Setup;
using Oci.Runtime.Linux.Setup.Steps;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Linux.Tests;

public class ProgramPersonalityTests
{
    [Theory]
    [InlineData("LINUX32", "personality(PER_LINUX32)")]
    [InlineData("LINUX", "personality(PER_LINUX)")]
    public void PersonalityIsSetBeforeTheCredentialsChange(string domain, string expected)
    {
        var spec = Programs.NewSpec();
        spec.Linux!.Personality = new LinuxPersonality { Domain = domain };
        var program = Programs.Compile(spec);

        var personality = Programs.IndexOfText(program, expected);
        personality.Should().BeGreaterThan(0);
        program.Ops[personality].Culprit.Should().Be($"linux.personality: {domain}");
        personality.Should().BeLessThan(Programs.Index(program, o => o.Call == Sys.Setresuid));
    }

    [Fact]
    public void NoPersonalityNoSyscall() =>
        Programs.Compile(Programs.NewSpec()).Ops.Should().NotContain(o => o.Call == Sys.Personality);
}

public class ProgramEarlySeccompTests
{
    private static SetupProgram WithSeccomp(bool noNewPrivileges)
    {
        var spec = Programs.NewSpec();
        spec.Process!.NoNewPrivileges = noNewPrivileges;
        spec.Linux!.Seccomp = new LinuxSeccomp { DefaultAction = "SCMP_ACT_ALLOW" };
        return Programs.Compile(spec);
    }

    [Fact]
    public void WithoutNoNewPrivsTheCwdFallsBackToChdirWhenTheProfileRefusesOpenat2()
    {
        var program = WithSeccomp(noNewPrivileges: false);
        var seccomp = Programs.Index(program, o => o.Call == Sys.Seccomp);
        var asRuntime = Programs.Index(program, o => o.Call == Sys.Openat2 && o.Culprit.StartsWith("process.cwd", StringComparison.Ordinal));
        asRuntime.Should().BeLessThan(seccomp, "the first try, as the runtime, comes before any filter");
        var open = Enumerable.Range(seccomp, program.Ops.Count - seccomp)
            .First(i => program.Ops[i].Call == Sys.Openat2 && program.Ops[i].Culprit.StartsWith("process.cwd", StringComparison.Ordinal));
        program.Ops[open - 1].Code.Should().Be(OpCode.Value);
        program.Ops[open - 1].SkipOnSuccess.Should().Be(5, "a first try that entered the cwd skips the whole second one");
        // A profile may refuse openat2 with EPERM or answer ENOSYS (older profiles do).
        program.Ops[open].AlternateErrno.Should().Be(Errno.EPERM);
        program.Ops[open].AlsoAlternateErrno.Should().Be(Errno.ENOSYS);
        // EPERM/ENOSYS skip fchdir and close and land on chdir and its CVE-2024-21626 check; success skips both.
        program.Ops[open + 1].Call.Should().Be(Sys.Fchdir);
        program.Ops[open + 2].Call.Should().Be(Sys.Close);
        program.Ops[open + 2].SkipOnSuccess.Should().Be(2);
        program.Ops[open + 3].Call.Should().Be(Sys.Chdir);
        program.Ops[open + 4].Code.Should().Be(OpCode.CwdInRoot);
        program.Ops[open].SkipOnAlternate.Should().Be(2);
    }

    [Fact]
    public void WithoutNoNewPrivsARefusedCloseRangeMarksEveryHandedFdCloseOnExec()
    {
        var program = WithSeccomp(noNewPrivileges: false);
        var closeRange = Programs.Index(program, o => o.Call == Sys.CloseRange && o.Culprit == "close every other fd on exec");
        program.Ops[closeRange].AlternateErrno.Should().Be(Errno.EPERM);
        program.Ops[closeRange].AlsoAlternateErrno.Should().Be(Errno.ENOSYS);
        // The sync socket and the exec fifo are what the init was handed above fd 2 (CVE-2016-9962).
        var handed = new[] { Programs.SyncFd, Programs.FifoFd }.Order().ToArray();
        program.Ops[closeRange].SkipOnSuccess.Should().Be(handed.Length);
        Programs.Lines(program).Skip(closeRange + 1).Take(handed.Length)
            .Should().Equal(handed.Select(fd => $"fcntl({fd}, F_SETFD, FD_CLOEXEC) [EBADF: skip 0]"));
    }

    [Fact]
    public void WithNoNewPrivsTheFilterComesLastAndNothingFallsBack()
    {
        var program = WithSeccomp(noNewPrivileges: true);
        var seccomp = Programs.Index(program, o => o.Call == Sys.Seccomp);
        seccomp.Should().BeGreaterThan(Programs.Index(program, o => o.Code == OpCode.Sync && o.Culprit.StartsWith("create", StringComparison.Ordinal)));
        program.Ops.Should().NotContain(o => o.Call == Sys.Chdir && o.Culprit.StartsWith("process.cwd", StringComparison.Ordinal));
    }
}

public class ProgramSeccompNotifyTests
{
    private static SetupProgram WithNotify(bool noNewPrivileges, string? listenerPath = "/run/listener.sock")
    {
        var spec = Programs.NewSpec();
        spec.Process!.NoNewPrivileges = noNewPrivileges;
        spec.Linux!.Seccomp = new LinuxSeccomp
        {
            DefaultAction = "SCMP_ACT_ALLOW",
            ListenerPath = listenerPath,
            Syscalls = [new LinuxSyscall { Names = ["mkdir"], Action = "SCMP_ACT_NOTIFY" }],
        };
        return Programs.Compile(spec);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TheListenerFdGoesToTheParentBeforeTheReadyReport(bool noNewPrivileges)
    {
        var program = WithNotify(noNewPrivileges);
        var seccomp = Programs.Index(program, o => o.Call == Sys.Seccomp);
        var send = Programs.Index(program, o => o.Code == OpCode.SendFd);
        var ready = Programs.Index(program, o => o.Code == OpCode.Sync && o.Args[0].Value == (long)SyncCode.Ready);

        program.Ops[seccomp].Result.Should().NotBeNull("seccomp(2) returns the listener fd");
        send.Should().Be(seccomp + 1);
        program.Ops[send].Args[0].Value.Should().Be(Programs.SyncFd);
        program.Ops[send].Args[2].Value.Should().Be(SeccompSteps.ListenerFd);
        send.Should().BeLessThan(ready);
    }

    [Fact]
    public void NotifyWithoutAListenerPathIsRefused() =>
        FluentActions.Invoking(() => WithNotify(noNewPrivileges: true, listenerPath: null))
            .Should().Throw<OcirtException>().WithMessage("linux.seccomp.listenerPath: *");
}
