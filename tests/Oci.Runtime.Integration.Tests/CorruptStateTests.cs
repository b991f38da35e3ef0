using Oci.Runtime.Integration.Tests.Infrastructure;

namespace Oci.Runtime.Integration.Tests;

/// <summary>
/// A state.json that cannot be read (garbage, empty, `null`, a directory in its place): `state`
/// says so by path, and `delete --force` still kills the init and removes its cgroup and state
/// directory, where runc gives up and leaves all three.
/// </summary>
[Collection(RealContainers.Name)]
public sealed class CorruptStateTests : IDisposable
{
    private readonly ContainerBundle _bundle = new();

    public void Dispose() => _bundle.Dispose();

    [Theory]
    [InlineData("garbage")]
    [InlineData("empty")]
    [InlineData("null")]
    [InlineData("directory")]
    public void DeleteForceRemovesAContainerWhoseStateIsUnreadable(string corruption)
    {
        _bundle.SetArgs("sleep", "100");
        _bundle.Save();
        var id = _bundle.NewId();
        var create = _bundle.Ocirt("create", "--bundle", _bundle.Bundle, id);
        create.ExitCode.Should().Be(0, create.ToString());
        var pid = _bundle.State(id)["pid"]!.GetValue<int>();
        Host.CgroupDirectoriesOf(id).Should().NotBeEmpty();
        var statePath = Path.Combine(_bundle.Sandbox.Root, id, "state.json");
        Corrupt(statePath, corruption);

        var state = _bundle.Ocirt("state", id);
        state.ExitCode.Should().NotBe(0);
        state.Stderr.Should().Contain(statePath).And.Contain("corrupt state").And.NotContain("Exception").And.NotContain("LineNumber");

        var delete = _bundle.Ocirt("delete", "--force", id);

        delete.ExitCode.Should().Be(0, delete.ToString());
        delete.Stderr.Should().Contain("level=warning").And.Contain(statePath);
        Host.WaitUntilGone(pid, TimeSpan.FromSeconds(5)).Should().BeTrue("the init is killed");
        _bundle.AssertNoLeaks(id);
    }

    private static void Corrupt(string path, string corruption)
    {
        switch (corruption)
        {
            case "garbage":
                File.WriteAllText(path, "xx{\"id\": ");
                break;
            case "empty":
                File.WriteAllText(path, "");
                break;
            case "null":
                File.WriteAllText(path, "null");
                break;
            default:
                File.Delete(path);
                Directory.CreateDirectory(path);
                break;
        }
    }
}
