namespace Oci.Runtime.Spec.Tests;

public sealed class NameTableTests
{
    [Theory]
    [InlineData("CAP_CHOWN", 0)]
    [InlineData("CAP_NET_BIND_SERVICE", 10)]
    [InlineData("CAP_SYS_ADMIN", 21)]
    [InlineData("CAP_AUDIT_WRITE", 29)]
    [InlineData("CAP_PERFMON", 38)]
    [InlineData("CAP_BPF", 39)]
    [InlineData("CAP_CHECKPOINT_RESTORE", 40)]
    public void Capability_numbers_match_the_kernel(string name, int number)
    {
        Capabilities.TryParse(name, out var parsed).Should().BeTrue();
        parsed.Should().Be(number);
        Capabilities.NameOf(number).Should().Be(name);
    }

    [Theory]
    [InlineData("cap_chown")]
    [InlineData("CHOWN")]
    [InlineData("CAP_FLY")]
    [InlineData("")]
    public void Capability_names_are_exact(string name)
    {
        Capabilities.TryParse(name, out _).Should().BeFalse();
    }

    [Fact]
    public void Capability_table_is_complete_and_ordered()
    {
        Capabilities.All.Should().HaveCount(Capabilities.Last + 1).And.OnlyHaveUniqueItems();
        Capabilities.NameOf(Capabilities.Last + 1).Should().BeNull();
        Capabilities.NameOf(-1).Should().BeNull();
    }

    [Theory]
    [InlineData("RLIMIT_CPU", 0)]
    [InlineData("RLIMIT_NOFILE", 7)]
    [InlineData("RLIMIT_AS", 9)]
    [InlineData("RLIMIT_RTTIME", 15)]
    public void Rlimit_numbers_match_the_kernel(string name, int number)
    {
        Rlimits.TryParse(name, out var parsed).Should().BeTrue();
        parsed.Should().Be(number);
    }

    [Fact]
    public void All_sixteen_rlimits_are_known()
    {
        Rlimits.All.Should().HaveCount(16);
        Rlimits.TryParse("RLIMIT_BOGUS", out _).Should().BeFalse();
    }
}
