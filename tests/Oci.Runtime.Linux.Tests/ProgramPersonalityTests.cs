using Oci.Runtime.Linux.Setup;
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
