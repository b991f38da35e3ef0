using Oci.Runtime.Integration.Tests.Infrastructure;

namespace Oci.Runtime.Integration.Tests;

/// <summary>
/// `make install` ships a man page per verb and bash completion, as Debian's runc package does,
/// generated from the help text the binary prints (scripts/gen-docs.sh), so they say what it says.
/// </summary>
public sealed class GeneratedDocsTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("ocirt-it-docs-").FullName;

    public GeneratedDocsTests()
    {
        var generate = Host.Execute(Path.Combine(RepoPaths.Root, "scripts", "gen-docs.sh"), RepoPaths.Binary, _out);
        generate.ExitCode.Should().Be(0, generate.ToString());
    }

    public void Dispose() => Directory.Delete(_out, recursive: true);

    private static string[] Verbs()
    {
        var help = Host.Execute(RepoPaths.Binary, "--help").Stdout.Split('\n');
        return help.SkipWhile(l => l != "COMMANDS:").Skip(1).TakeWhile(l => l.Length > 0)
            .Select(l => l.Trim().Split(' ')[0]).Where(v => v != "help").ToArray();
    }

    [Fact]
    public void EveryVerbHasAManPageThatRendersItsOwnOptions()
    {
        var verbs = Verbs();
        verbs.Should().Contain(["create", "run", "exec", "kill", "delete"]);
        Directory.GetFiles(Path.Combine(_out, "man8")).Select(Path.GetFileName).Should()
            .BeEquivalentTo(verbs.Select(v => $"ocirt-{v}.8").Append("ocirt.8"));

        var page = Host.Execute("man", "-l", "-P", "cat", Path.Combine(_out, "man8", "ocirt-create.8"));
        page.ExitCode.Should().Be(0, page.ToString());
        page.Stdout.Should().Contain("ocirt-create - create a container").And.Contain("--console-socket value").And.Contain("--pid-file value");
    }

    [Theory]
    [InlineData("ocirt cr", "create")]
    [InlineData("ocirt --root /run/x cre", "create")]
    [InlineData("ocirt --lo", "--log --log-format")]
    [InlineData("ocirt create --pid", "--pid-file")]
    [InlineData("ocirt exec --preserve", "--preserve-fds")]
    public void BashCompletesVerbsAndEachVerbsFlags(string line, string expected)
    {
        var script = $"source '{Path.Combine(_out, "bash-completion", "ocirt")}'; COMP_WORDS=({line}); " +
            "COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _ocirt; echo \"${COMPREPLY[*]}\"";

        var completion = Host.Execute("bash", "-c", script);

        completion.ExitCode.Should().Be(0, completion.ToString());
        completion.Stdout.Trim().Should().Be(expected);
    }
}
