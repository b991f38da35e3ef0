using Oci.Runtime.Cli.Commands;

namespace Oci.Runtime.Cli.Tests;

/// <summary>runc's rules for --rootless and for the default state root.</summary>
public sealed class RootlessDecisionTests
{
    private static readonly Func<bool> InUserNamespace = () => true;
    private static readonly Func<bool> InInitialNamespace = () => false;

    [Theory]
    [InlineData("true", true, true)]
    [InlineData("false", false, false)]
    [InlineData("auto", true, false)]   // root on the host: not rootless
    [InlineData("auto", false, true)]   // a user: rootless
    public void TheFlagDecidesAndAutoLooksAtTheCaller(string flag, bool euidIsRoot, bool expected) =>
        RootlessDecision.Decide(flag, systemdCgroup: false, euidIsRoot, InInitialNamespace, "someone").Should().Be(expected);

    [Theory]
    [InlineData("ocirtrl", true)]
    [InlineData(null, true)]
    [InlineData("root", false)]
    public void RootInAUserNamespaceIsRootlessUnlessTheUserIsRoot(string? user, bool expected) =>
        RootlessDecision.Decide("auto", systemdCgroup: false, euidIsRoot: true, InUserNamespace, user).Should().Be(expected);

    [Fact]
    public void TheSystemdDriverIsNeverRootlessByAuto() =>
        RootlessDecision.Decide("auto", systemdCgroup: true, euidIsRoot: false, InInitialNamespace, "someone").Should().BeFalse();

    [Fact]
    public void TheUserNamespaceIsNotLookedAtForAUser()
    {
        var looked = false;
        RootlessDecision.RunsAsUser(euidIsRoot: false, () => looked = true, "someone").Should().BeTrue();
        looked.Should().BeFalse("a caller that is not root needs no /proc read");
    }
}
