using System.Text.Json.Nodes;
using Oci.Runtime.Integration.Tests.Infrastructure;

namespace Oci.Runtime.Integration.Tests;

/// <summary>Hooks of the runtime's namespace, run by real containers: order, the state on stdin, and when poststart runs.</summary>
[Collection(RealContainers.Name)]
public sealed class HookTests : IDisposable
{
    private readonly ContainerBundle _bundle = new();

    public void Dispose() => _bundle.Dispose();

    private string Log => Path.Combine(_bundle.Sandbox.Directory, "hooks.log");

    /// <summary>A hook that appends its name, the status on its stdin, and what the container's pid runs.</summary>
    private JsonNode Hook(string name) => new JsonObject
    {
        ["path"] = "/bin/sh",
        ["args"] = new JsonArray("sh", "-c",
            "state=$(cat); status=$(echo \"$state\" | sed -n 's/.*\"status\": *\"\\([a-z]*\\)\".*/\\1/p'); " +
            "pid=$(echo \"$state\" | sed -n 's/.*\"pid\": *\\([0-9]*\\).*/\\1/p'); " +
            $"echo \"{name} $status $(tr '\\0' ' ' < /proc/$pid/cmdline 2>/dev/null)\" >> {Log}"),
    };

    [Fact]
    public void RuntimeNamespaceHooksRunInOrderWithTheStateOnStdinAndPoststartAfterTheProcessIsExecuted()
    {
        _bundle.SetArgs("sleep", "600");
        _bundle.Config["hooks"] = new JsonObject
        {
            ["prestart"] = new JsonArray(Hook("prestart")),
            ["createRuntime"] = new JsonArray(Hook("createRuntime")),
            ["poststart"] = new JsonArray(Hook("poststart")),
            ["poststop"] = new JsonArray(Hook("poststop")),
        };
        _bundle.Save();
        var id = _bundle.NewId();

        _bundle.Ocirt("create", "--bundle", _bundle.Bundle, id).ExitCode.Should().Be(0);
        var start = _bundle.Ocirt("start", id);
        start.ExitCode.Should().Be(0, start.ToString());
        _bundle.Ocirt("kill", id, "KILL").ExitCode.Should().Be(0);
        Host.WaitUntilGone((int)_bundle.State(id)["pid"]!, TimeSpan.FromSeconds(10));
        var delete = _bundle.Ocirt("delete", "--force", id);
        delete.ExitCode.Should().Be(0, delete.ToString());

        var lines = File.ReadAllLines(Log);
        lines.Select(l => l.Split(' ')[0]).Should().Equal("prestart", "createRuntime", "poststart", "poststop");
        lines[0].Should().StartWith("prestart created ", "create-time hooks see \"created\", as the runtime-tools suite and crun say");
        lines[1].Should().StartWith("createRuntime created ");
        // The spec: poststart hooks are called after the user-specified process is executed.
        lines[2].Should().Be("poststart running sleep 600 ", "start waits for the init's exec before it runs poststart hooks");
        lines[3].Should().StartWith("poststop stopped");
        _bundle.AssertNoLeaks(id);
    }

    [Fact]
    public void AFailingPrestartHookFailsCreateAndLeavesNothing()
    {
        _bundle.SetArgs("sleep", "600");
        _bundle.Config["hooks"] = new JsonObject
        {
            ["prestart"] = new JsonArray(new JsonObject { ["path"] = "/bin/sh", ["args"] = new JsonArray("sh", "-c", "exit 7") }),
        };
        _bundle.Save();
        var id = _bundle.NewId();

        var create = _bundle.Ocirt("create", "--bundle", _bundle.Bundle, id);

        create.ExitCode.Should().Be(1);
        create.Stderr.Should().Contain("prestart", "the error names the hook kind");
        _bundle.AssertNoLeaks(id);
    }

    // runtime-spec: a failing poststart or poststop hook is a warning, "the remaining hooks and
    // lifecycle continue" (crun runs them all).
    [Fact]
    public void AFailingPoststartOrPoststopHookIsWarnedOfAndTheOthersOfItsKindStillRun()
    {
        _bundle.SetArgs("sleep", "600");
        var failing = new JsonObject { ["path"] = "/bin/sh", ["args"] = new JsonArray("sh", "-c", "exit 3") };
        _bundle.Config["hooks"] = new JsonObject
        {
            ["poststart"] = new JsonArray(failing.DeepClone(), Hook("poststart-after-a-failure")),
            ["poststop"] = new JsonArray(failing.DeepClone(), Hook("poststop-after-a-failure")),
        };
        _bundle.Save();
        var id = _bundle.NewId();

        _bundle.Ocirt("create", "--bundle", _bundle.Bundle, id).ExitCode.Should().Be(0);
        var start = _bundle.Ocirt("start", id);
        start.ExitCode.Should().Be(0, start.ToString());
        start.Stderr.Should().Contain("level=warning").And.Contain("hooks.poststart[0]").And.Contain("exited with status 3");
        _bundle.State(id)["status"]!.GetValue<string>().Should().Be("running");
        var delete = _bundle.Ocirt("delete", "--force", id);
        delete.ExitCode.Should().Be(0, delete.ToString());
        delete.Stderr.Should().Contain("hooks.poststop[0]");

        File.ReadAllLines(Log).Select(l => l.Split(' ')[0]).Should().Equal("poststart-after-a-failure", "poststop-after-a-failure");
        _bundle.AssertNoLeaks(id);
    }
}
