namespace Oci.Runtime.Spec.Tests;

public sealed class SpecVersionTests
{
    [Theory]
    [InlineData("1.0.0")]
    [InlineData("1.0.2-dev")]
    [InlineData("1.1.0-rc.1")]
    [InlineData("1.2.1")]
    [InlineData("1.3.0+dev")]
    [InlineData("1.3.7")]
    [InlineData(SpecVersion.Current)]
    public void Supported(string version)
    {
        SpecVersion.IsSupported(version).Should().BeTrue();
    }

    [Theory]
    [InlineData("0.6.0")]
    [InlineData("1.4.0")]
    [InlineData("2.0.0")]
    [InlineData("1.0")]
    [InlineData("v1.0.0")]
    [InlineData("01.0.0")]
    [InlineData("1.0.0-")]
    [InlineData("")]
    public void Unsupported(string version)
    {
        SpecVersion.IsSupported(version).Should().BeFalse();
    }

    [Fact]
    public void Parses_the_three_numbers()
    {
        SpecVersion.TryParse("1.2.3-rc1+build.5", out var major, out var minor, out var patch).Should().BeTrue();
        (major, minor, patch).Should().Be((1, 2, 3));
    }
}
