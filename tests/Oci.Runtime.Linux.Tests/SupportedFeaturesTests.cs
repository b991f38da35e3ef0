using Oci.Runtime.Linux;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Linux.Tests;

public class SupportedFeaturesTests
{
    private readonly Features _features = SupportedFeatures.Describe("1.2.3", "abc");

    [Fact]
    public void ClaimsTheSpecRangeAndWhatTheExecutorDoes()
    {
        _features.OciVersionMin.Should().Be(SpecVersion.Minimum);
        _features.OciVersionMax.Should().Be(SpecVersion.Maximum);
        _features.Hooks.Should().BeEquivalentTo(["prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"]);
        _features.Linux!.Namespaces.Should().BeEquivalentTo(NamespaceTypes.All);
        _features.Linux.Seccomp!.Enabled.Should().BeTrue();
        _features.Linux.Seccomp.Actions.Should().Contain("SCMP_ACT_NOTIFY");
        _features.Annotations.Should().Contain("ocirt.version", "1.2.3").And.Contain("ocirt.commit", "abc");
    }

    [Fact]
    public void LeavesOutWhatIsNotBuilt()
    {
        _features.Linux!.Cgroup!.Systemd.Should().BeFalse();
        _features.Linux.Apparmor!.Enabled.Should().BeFalse();
        _features.Linux.Selinux!.Enabled.Should().BeFalse();
    }

    [Fact]
    public void ReportsIdmappedMounts()
    {
        _features.MountOptions.Should().Contain(["idmap", "ridmap"]);
        _features.Linux!.MountExtensions!.IdMap!.Enabled.Should().BeTrue();
    }

    [Fact]
    public void EveryClaimedMountOptionIsOneTheCompilerKnows()
    {
        foreach (var option in _features.MountOptions!)
        {
            var parsed = Setup.MountOptions.Parse([option]);
            parsed.Data.Should().BeEmpty($"\"{option}\" is a runtime option, not filesystem data");
        }
    }
}
