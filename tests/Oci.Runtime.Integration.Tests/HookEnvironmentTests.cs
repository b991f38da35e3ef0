using System.Text.Json.Nodes;
using Oci.Runtime.Integration.Tests.Infrastructure;

namespace Oci.Runtime.Integration.Tests;

/// <summary>The environment of hooks whose config gives no env, as runc and crun give it.</summary>
[Collection(RealContainers.Name)]
public sealed class HookEnvironmentTests : IDisposable
{
    private readonly ContainerBundle _bundle = new();

    public HookEnvironmentTests()
    {
        // What an engine puts in the runtime's environment for its hooks.
        _bundle.Environment["OCIRT_IT_ENGINE_VAR"] = "from-the-engine";
        _bundle.Process["env"] = new JsonArray("PATH=/bin", "CONTAINER_VAR=from-process-env");
        _bundle.Config["root"]!["readonly"] = false;
    }

    public void Dispose() => _bundle.Dispose();

    /// <summary>A hook that writes its environment to <paramref name="file"/> (a host path, or one in the container for hooks run there).</summary>
    private static JsonObject EnvDump(string file, JsonArray? env = null)
    {
        var hook = new JsonObject { ["path"] = "/bin/sh", ["args"] = new JsonArray("sh", "-c", $"env > {file}") };
        if (env is not null)
            hook["env"] = env;
        return hook;
    }

    private static string[] Lines(string path) => File.ReadAllLines(path);

    [Fact]
    public void HooksOfTheRuntimesNamespaceWithoutEnvInheritTheRuntimesEnvironment()
    {
        var dir = _bundle.Sandbox.Directory;
        _bundle.Config["hooks"] = new JsonObject
        {
            ["prestart"] = new JsonArray(EnvDump($"{dir}/prestart.env"), EnvDump($"{dir}/prestart-own.env", new JsonArray("ONLY=this"))),
            ["createRuntime"] = new JsonArray(EnvDump($"{dir}/createRuntime.env")),
            ["poststart"] = new JsonArray(EnvDump($"{dir}/poststart.env")),
            ["poststop"] = new JsonArray(EnvDump($"{dir}/poststop.env")),
        };
        _bundle.Save();
        var id = _bundle.NewId();

        var run = _bundle.Ocirt("run", "--bundle", _bundle.Bundle, id);

        run.ExitCode.Should().Be(0, run.ToString());
        foreach (var kind in new[] { "prestart", "createRuntime", "poststart", "poststop" })
        {
            var env = Lines($"{dir}/{kind}.env");
            env.Should().Contain("OCIRT_IT_ENGINE_VAR=from-the-engine", kind);
            env.Should().Contain(l => l.StartsWith("PATH=", StringComparison.Ordinal) && l != "PATH=/bin", kind + " gets the runtime's PATH");
            env.Should().NotContain("CONTAINER_VAR=from-process-env", kind);
        }
        Lines($"{dir}/prestart-own.env").Should().Contain("ONLY=this").And.NotContain("OCIRT_IT_ENGINE_VAR=from-the-engine", "a hook's own env replaces the runtime's");
        _bundle.AssertNoLeaks(id);
    }

    [Fact]
    public void HooksRunInTheContainerWithoutEnvGetTheContainerProcesssEnvironment()
    {
        _bundle.SetArgs("sleep", "600");
        // createContainer hooks run before pivot_root (as runc's): the host's paths are still there.
        var createContainerEnv = Path.Combine(_bundle.Sandbox.Directory, "createContainer.env");
        _bundle.Config["hooks"] = new JsonObject
        {
            ["createContainer"] = new JsonArray(EnvDump(createContainerEnv)),
            ["startContainer"] = new JsonArray(EnvDump("/tmp/startContainer.env"), EnvDump("/tmp/startContainer-own.env", new JsonArray("ONLY=this"))),
        };
        _bundle.Save();
        var id = _bundle.NewId();

        var create = _bundle.Ocirt("create", "--bundle", _bundle.Bundle, id);
        create.ExitCode.Should().Be(0, create.ToString());
        var start = _bundle.Ocirt("start", id);
        start.ExitCode.Should().Be(0, start.ToString());

        foreach (var (kind, file) in new[] { ("createContainer", createContainerEnv), ("startContainer", Path.Combine(_bundle.Rootfs, "tmp", "startContainer.env")) })
        {
            var env = Lines(file);
            env.Should().Contain(["CONTAINER_VAR=from-process-env", "PATH=/bin", "HOME=/root"], kind + " gets process.env and HOME from /etc/passwd");
            env.Should().NotContain("OCIRT_IT_ENGINE_VAR=from-the-engine", kind);
        }
        Lines(Path.Combine(_bundle.Rootfs, "tmp", "startContainer-own.env")).Should().Contain("ONLY=this").And.NotContain("CONTAINER_VAR=from-process-env");
        _bundle.Ocirt("delete", "--force", id).ExitCode.Should().Be(0);
        _bundle.AssertNoLeaks(id);
    }
}
