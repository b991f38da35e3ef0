using Oci.Runtime.Linux;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Linux.Tests;

public class SupportedFeaturesTests
{
    [Fact]
    public void ClaimsTheSpecRangeAndNothingTheExecutorCannotDoYet()
    {
        var features = SupportedFeatures.Describe("1.2.3", "abc");
        features.OciVersionMin.Should().Be(SpecVersion.Minimum);
        features.OciVersionMax.Should().Be(SpecVersion.Maximum);
        features.Hooks.Should().BeEmpty();
        features.Linux!.Namespaces.Should().BeEmpty();
        features.Linux.Seccomp!.Enabled.Should().BeFalse();
        features.Annotations.Should().Contain("ocirt.version", "1.2.3").And.Contain("ocirt.commit", "abc");
    }
}
