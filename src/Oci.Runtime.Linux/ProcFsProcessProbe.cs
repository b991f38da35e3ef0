using System.Globalization;
using Oci.Runtime.Lifecycle;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Linux;

/// <summary>Reads a process's state and start time from /proc/&lt;pid&gt;/stat (proc(5)).</summary>
public sealed class ProcFsProcessProbe(string procRoot = "/proc")
{
    public ProcessSnapshot? Probe(int pid)
    {
        string stat;
        try
        {
            stat = SmallFile.ReadText(Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture), "stat"));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return null;
        }
        return Parse(stat);
    }

    /// <summary>
    /// Field 2 (comm) is in parentheses and may itself hold spaces and ')', so fields are
    /// counted from the last ')': state is field 3, starttime field 22.
    /// </summary>
    internal static ProcessSnapshot? Parse(string stat)
    {
        var close = stat.LastIndexOf(')');
        if (close < 0)
            return null;
        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        const int stateIndex = 0, startTimeIndex = 22 - 3;
        if (fields.Length <= startTimeIndex || fields[stateIndex].Length != 1 ||
            !ulong.TryParse(fields[startTimeIndex], NumberStyles.None, CultureInfo.InvariantCulture, out var startTime))
            return null;
        return new ProcessSnapshot(startTime, fields[stateIndex][0]);
    }
}
