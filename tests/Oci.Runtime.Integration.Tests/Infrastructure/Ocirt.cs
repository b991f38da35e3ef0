using System.Diagnostics;
using System.Text;

namespace Oci.Runtime.Integration.Tests.Infrastructure;

/// <summary>What one run of the binary did.</summary>
public sealed record RunResult(IReadOnlyList<string> Arguments, int ExitCode, string Stdout, string Stderr)
{
    public string[] StderrLines => Lines(Stderr);
    public string[] StdoutLines => Lines(Stdout);

    /// <summary>The last non-empty stderr line, or "" when stderr is empty.</summary>
    public string LastStderrLine => StderrLines.LastOrDefault() ?? "";

    private static string[] Lines(string text) =>
        text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToArray();

    /// <summary>Everything a failure message needs to explain what happened.</summary>
    public override string ToString() =>
        $"ocirt {string.Join(' ', Arguments.Select(Quote))}\n  exit code: {ExitCode}\n  stdout: {Indent(Stdout)}\n  stderr: {Indent(Stderr)}";

    private static string Quote(string arg) => arg.Length == 0 || arg.Any(char.IsWhiteSpace) ? $"'{arg}'" : arg;
    private static string Indent(string text) => text.Length == 0 ? "(empty)" : "\n    " + text.TrimEnd('\n').Replace("\n", "\n    ");
}

/// <summary>Runs the ocirt binary under test, capturing its output, with a timeout.</summary>
public static class Ocirt
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static RunResult Run(params string[] args) => RunIn(null, args);

    public static RunResult RunIn(string? workingDirectory, params string[] args) =>
        Execute(RepoPaths.Binary, args, workingDirectory, DefaultTimeout);

    /// <summary>Runs any program (also used for runc) and captures its output.</summary>
    public static RunResult Execute(string program, IReadOnlyList<string> args, string? workingDirectory, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "/",
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException(
                $"{program} {string.Join(' ', args)} did not finish within {timeout.TotalSeconds} s " +
                $"(stdout so far: {stdout.Result}, stderr: {stderr.Result})");
        }
        process.WaitForExit();
        return new RunResult(args.ToArray(), process.ExitCode, stdout.Result, stderr.Result);
    }
}
