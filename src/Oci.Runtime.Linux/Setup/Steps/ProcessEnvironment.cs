namespace Oci.Runtime.Linux.Setup.Steps;

/// <summary>
/// process.env as the container's process gets it, by runc's rules: a variable given twice
/// is passed once, with its last value and at its last place (a process that reads the first
/// of two would otherwise see a value the engine overrode), and HOME, when missing or empty,
/// is the user's home from the container's /etc/passwd. With socket-activation fds passed,
/// LISTEN_FDS and LISTEN_PID=1 come last, over any the config gave.
/// </summary>
public static class ProcessEnvironment
{
    public static IReadOnlyList<string> Of(Spec.Process process, string defaultHome, int listenFds = 0)
    {
        IReadOnlyList<string> given = listenFds > 0
            ? [.. process.Env ?? [], $"LISTEN_FDS={listenFds.ToString(System.Globalization.CultureInfo.InvariantCulture)}", "LISTEN_PID=1"]
            : process.Env ?? [];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var lastFirst = new List<string>(given.Count + 1);
        for (var i = given.Count - 1; i >= 0; i--)
        {
            if (seen.Add(NameOf(given[i])))
                lastFirst.Add(given[i]);
        }
        lastFirst.Reverse();

        var home = lastFirst.FindIndex(v => v.StartsWith("HOME=", StringComparison.Ordinal));
        if (home < 0)
            lastFirst.Add("HOME=" + defaultHome);
        else if (lastFirst[home].Length == "HOME=".Length)
            lastFirst[home] = "HOME=" + defaultHome;
        return lastFirst;
    }

    // Validation has made sure every entry has a '=' after a non-empty name.
    private static string NameOf(string variable)
    {
        var equals = variable.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? variable : variable[..equals];
    }
}
