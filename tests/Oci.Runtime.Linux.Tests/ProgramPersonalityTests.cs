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
        var open = Programs.Index(program, o => o.Call == Sys.Openat2 && o.Culprit.StartsWith("process.cwd", StringComparison.Ordinal));
        seccomp.Should().BeLessThan(open, "the filter loads before the capabilities are dropped");
        program.Ops[open].AlternateErrno.Should().Be(Errno.EPERM);
        // EPERM skips fchdir and close and lands on chdir; success skips the chdir.
        program.Ops[open + 1].Call.Should().Be(Sys.Fchdir);
        program.Ops[open + 2].Call.Should().Be(Sys.Close);
        program.Ops[open + 2].SkipOnSuccess.Should().Be(1);
        program.Ops[open + 3].Call.Should().Be(Sys.Chdir);
        program.Ops[open].SkipOnAlternate.Should().Be(2);
        program.Ops.Single(o => o.Call == Sys.CloseRange && o.Culprit == "close every other fd on exec").AlternateErrno.Should().Be(Errno.EPERM);
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
