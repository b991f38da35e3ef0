namespace Oci.Runtime.Linux.Setup.Steps;

/// <summary>
/// Where the child looks for process.args[0], as Go's exec.LookPath does inside runc init: a
/// name with a slash is taken as it is; a bare name is tried in each $PATH directory of the
/// process's own environment, in order (an empty entry means the cwd).
/// </summary>
public static class ExecutableCandidates
{
    public static IReadOnlyList<string> For(string command, IReadOnlyList<string> environment)
    {
        if (command.Contains('/'))
            return [command];
        var path = environment.LastOrDefault(v => v.StartsWith("PATH=", StringComparison.Ordinal))?[5..] ?? "";
        return path.Split(':').Where(_ => path.Length > 0).Select(dir => (dir.Length == 0 ? "." : dir) + "/" + command).ToList();
    }
}
