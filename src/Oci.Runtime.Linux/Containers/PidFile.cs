using System.Globalization;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Linux.Containers;

/// <summary>--pid-file: the decimal pid, no newline (as runc), written to a temp file and renamed so readers never see half of it.</summary>
public static class PidFile
{
    public static void Write(string path, int pid)
    {
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}");
        try
        {
            File.WriteAllText(temporary, pid.ToString(CultureInfo.InvariantCulture));
            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            throw new OcirtException($"--pid-file \"{full}\": {e.Message}");
        }
    }
}
