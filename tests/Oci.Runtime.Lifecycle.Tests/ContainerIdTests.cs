using Oci.Runtime.Lifecycle;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Lifecycle.Tests;

public class ContainerIdTests
{
    [Theory]
    [InlineData("abc")]
    [InlineData("a.b-c_d+e")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void AcceptsRuncIds(string id) => FluentActions.Invoking(() => ContainerId.Validate(id)).Should().NotThrow();

    [Theory]
    [InlineData("", "empty")]
    [InlineData(".", "\".\"")]
    [InlineData("..", "\"..\"")]
    [InlineData("a/b", "'/'")]
    [InlineData("../etc", "'/'")]
    [InlineData("x y", "' '")]
    [InlineData("tab\tid", "'\t'")]
    public void RejectsIdsThatAreNotPlainNames(string id, string culprit) =>
        FluentActions.Invoking(() => ContainerId.Validate(id)).Should().Throw<OcirtException>().WithMessage($"*{culprit}*");

    [Fact]
    public void RejectsOverlongIds() =>
        FluentActions.Invoking(() => ContainerId.Validate(new string('a', 1025))).Should().Throw<OcirtException>().WithMessage("*longer than*");
}
