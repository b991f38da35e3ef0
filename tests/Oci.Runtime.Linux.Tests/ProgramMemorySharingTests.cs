using Oci.Runtime.Linux.Hooks;
using Oci.Runtime.Linux.Setup;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Linux.Tests;

/// <summary>
/// Which children share ocirt's memory until their exec (CLONE_VM) and which get a copy: the
/// kernel refuses setns into, and unshare of, a user or time namespace to a process sharing its
/// memory, and spreads an oom_score_adj over every process sharing it.
/// </summary>
public sealed class ProgramMemorySharingTests
{
    [Fact]
    public void AnInitInNewNamespacesSharesTheMemory()
    {
        var spec = Programs.NewSpec();
        spec.Linux!.Namespaces!.Add(Programs.Ns(NamespaceTypes.User));

        var program = Programs.Compile(spec);

        program.SharesMemory.Should().BeTrue("a user namespace the child is born in is no setns");
        program.OwnMemoryReason.Should().BeNull();
    }

    [Fact]
    public void AnInitWhoseOomScoreAdjTheParentWritesGetsAMemoryOfItsOwn()
    {
        var spec = Programs.NewSpec();
        spec.Process!.OomScoreAdj = 500;

        var program = Programs.Compile(spec);

        program.SharesMemory.Should().BeFalse();
        program.OwnMemoryReason.Should().Be("process.oomScoreAdj");
    }

    [Fact]
    public void AnInitJoiningAUserNamespaceGetsAMemoryOfItsOwn()
    {
        var spec = Programs.NewSpec();
        spec.Linux!.Namespaces!.Add(Programs.Ns(NamespaceTypes.User, "/proc/1/ns/user"));
        var plan = Programs.Plan(spec) with { JoinedNamespaceFds = new Dictionary<string, int> { [NamespaceTypes.User] = 9 } };

        Programs.Compile(plan).OwnMemoryReason.Should().Be("linux.namespaces: joins a user namespace");
    }

    [Fact]
    public void AnInitJoiningOneNamespaceAndUnsharingAUserNamespaceGetsAMemoryOfItsOwn()
    {
        var spec = Programs.NewSpec();
        spec.Linux!.Namespaces!.Add(Programs.Ns(NamespaceTypes.User));
        spec.Linux.Namespaces.Single(n => n.Type == NamespaceTypes.Network).Path = "/proc/1/ns/net";
        var plan = Programs.Plan(spec) with { JoinedNamespaceFds = new Dictionary<string, int> { [NamespaceTypes.Network] = 9 } };

        Programs.Compile(plan).OwnMemoryReason.Should().Be("linux.namespaces: unshares a user namespace");
    }

    [Fact]
    public void AnInitWithTimeOffsetsGetsAMemoryOfItsOwn()
    {
        var spec = Programs.NewSpec();
        spec.Linux!.Namespaces!.Add(Programs.Ns(NamespaceTypes.Time));
        spec.Linux.TimeOffsets = new Dictionary<string, LinuxTimeOffset> { ["monotonic"] = new() { Secs = 1 } };

        Programs.Compile(spec).SharesMemory.Should().BeFalse();
    }

    [Fact]
    public void AnExecIntoAUserNamespaceGetsAMemoryOfItsOwnAndOneWithoutSharesIt()
    {
        var plan = new ProcessPlan(Programs.NewSpec().Process!, null, 40, "/root", 0, null, null);

        var intoUser = ExecProgram.Compile(plan, syncFd: 5, new Dictionary<string, int> { [NamespaceTypes.User] = 6, [NamespaceTypes.Mount] = 8 }, [], waitForChild: false);
        var withoutUser = ExecProgram.Compile(plan, syncFd: 5, new Dictionary<string, int> { [NamespaceTypes.Pid] = 7, [NamespaceTypes.Mount] = 8 }, [], waitForChild: false);

        intoUser.OwnMemoryReason.Should().Be("exec: joins a user namespace");
        withoutUser.SharesMemory.Should().BeTrue();
    }

    [Fact]
    public void AHookJoiningTheContainersUserNamespaceGetsAMemoryOfItsOwn()
    {
        var hook = new Hook { Path = "/bin/true" };

        var inside = HookProgram.Compile(hook, "hooks.createContainer[0]", 5, 6, 7, new Dictionary<string, int> { [NamespaceTypes.User] = 8 }, []);
        var onTheHost = HookProgram.Compile(hook, "hooks.createRuntime[0]", 5, 6, 7, new Dictionary<string, int>(), []);

        inside.OwnMemoryReason.Should().Be("hooks.createContainer[0]: joins a user namespace");
        onTheHost.SharesMemory.Should().BeTrue();
    }
}
