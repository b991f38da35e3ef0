using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Oci.Runtime.Linux.Containers;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Cli.Commands;

/// <summary>
/// `ps [--format table|json] ID [ps options]`: the host pids in the container's cgroup, as a
/// JSON array (containerd reads this), or the host's `ps` output (options default "-ef")
/// cut down to its header and the lines whose PID is one of them, as runc does.
/// </summary>
public static class PsCommand
{
    public static int Run(CommandContext context)
    {
        var record = context.Containers.Store.Load(context.ContainerId);
        var pids = ContainerCgroups.Guard(() => ContainerCgroups.Open(record, context.Log).Pids());
        switch (context.Args.String("format"))
        {
            case "json":
                context.Out.Write(JsonArray(pids) + "\n");
                return 0;
            case "table":
                break;
            default:
                throw new OcirtException("invalid format option");
        }
        var options = context.Args.Positional.Skip(1).ToList();
        context.Out.Write(KeepContainerLines(RunPs(options.Count > 0 ? options : ["-ef"]), pids));
        return 0;
    }

    /// <summary>Go's encoding of runc's []int: "null" when the cgroup holds no process.</summary>
    internal static string JsonArray(IReadOnlyList<int> pids) =>
        pids.Count == 0 ? "null" : "[" + string.Join(",", pids.Select(p => p.ToString(CultureInfo.InvariantCulture))) + "]";

    /// <summary>The header line, then each line whose PID column (found by name in the header) is in <paramref name="pids"/>.</summary>
    internal static string KeepContainerLines(string psOutput, IReadOnlyCollection<int> pids)
    {
        var lines = psOutput.Split('\n');
        var pidColumn = Array.IndexOf(Fields(lines[0]), "PID");
        if (pidColumn < 0)
            throw new OcirtException("couldn't find PID field in ps output");
        var kept = new StringBuilder(lines[0]).Append('\n');
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var fields = Fields(line);
            var text = pidColumn < fields.Length ? fields[pidColumn] : "";
            if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var pid))
                throw new OcirtException($"unable to parse pid: strconv.Atoi: parsing \"{text}\": invalid syntax");
            if (pids.Contains(pid))
                kept.Append(line).Append('\n');
        }
        return kept.ToString();
    }

    private static string[] Fields(string line) => line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// Runs the host's ps. ocirt never forks from C# on a hot path (engines call create, start,
    /// kill, delete constantly); `ps` is only run for a person asking, so System.Diagnostics.Process
    /// is acceptable here. Output and errors are both kept, for the message when ps fails.
    /// </summary>
    private static string RunPs(IReadOnlyList<string> options)
    {
        var info = new ProcessStartInfo("ps")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var option in options)
            info.ArgumentList.Add(option);
        System.Diagnostics.Process ps;
        try
        {
            ps = System.Diagnostics.Process.Start(info) ?? throw new OcirtException("exec: \"ps\": could not be started");
        }
        catch (Win32Exception e)
        {
            throw new OcirtException($"exec: \"ps\": {e.Message}");
        }
        using (ps)
        {
            var errors = ps.StandardError.ReadToEndAsync();
            var output = ps.StandardOutput.ReadToEnd();
            ps.WaitForExit();
            if (ps.ExitCode != 0)
                throw new OcirtException($"exit status {ps.ExitCode}: {output}{errors.Result}");
            return output;
        }
    }
}
