namespace Oci.Runtime.Spec;

/// <summary>
/// Linux signal names and numbers (x86_64/aarch64 share them), as `kill` and the
/// stop-signal annotation accept them: "TERM", "SIGTERM", "15", and "RTMIN+3".
/// </summary>
public static class Signals
{
    private static readonly (string Name, int Number)[] Table =
    [
        ("HUP", 1), ("INT", 2), ("QUIT", 3), ("ILL", 4), ("TRAP", 5), ("ABRT", 6), ("IOT", 6),
        ("BUS", 7), ("FPE", 8), ("KILL", 9), ("USR1", 10), ("SEGV", 11), ("USR2", 12),
        ("PIPE", 13), ("ALRM", 14), ("TERM", 15), ("STKFLT", 16), ("CHLD", 17), ("CLD", 17),
        ("CONT", 18), ("STOP", 19), ("TSTP", 20), ("TTIN", 21), ("TTOU", 22), ("URG", 23),
        ("XCPU", 24), ("XFSZ", 25), ("VTALRM", 26), ("PROF", 27), ("WINCH", 28), ("IO", 29),
        ("POLL", 29), ("PWR", 30), ("SYS", 31),
    ];

    public const int RealtimeMin = 34;
    public const int RealtimeMax = 64;

    /// <summary>Parses a signal as runc does: a number, or a name with or without "SIG", any case.</summary>
    public static bool TryParse(string text, out int number)
    {
        number = 0;
        if (string.IsNullOrEmpty(text))
            return false;
        if (int.TryParse(text, System.Globalization.NumberStyles.None, null, out var n))
        {
            number = n;
            return n is > 0 and <= RealtimeMax;
        }
        var name = text.ToUpperInvariant();
        if (name.StartsWith("SIG", StringComparison.Ordinal))
            name = name[3..];
        foreach (var (n2, num) in Table)
        {
            if (n2 == name)
            {
                number = num;
                return true;
            }
        }
        return TryParseRealtime(name, out number);
    }

    /// <summary>Name of a signal number without the "SIG" prefix, or the number itself.</summary>
    public static string NameOf(int number)
    {
        foreach (var (name, num) in Table)
            if (num == number)
                return name;
        if (number == RealtimeMin) return "RTMIN";
        if (number == RealtimeMax) return "RTMAX";
        if (number is > RealtimeMin and < RealtimeMax) return $"RTMIN+{number - RealtimeMin}";
        return number.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static bool TryParseRealtime(string name, out int number)
    {
        number = 0;
        int Base(string prefix) => prefix == "RTMIN" ? RealtimeMin : RealtimeMax;
        foreach (var prefix in (string[])["RTMIN", "RTMAX"])
        {
            if (!name.StartsWith(prefix, StringComparison.Ordinal))
                continue;
            var rest = name[prefix.Length..];
            if (rest.Length == 0)
            {
                number = Base(prefix);
                return true;
            }
            if ((rest[0] == '+' || rest[0] == '-') &&
                int.TryParse(rest.AsSpan(1), System.Globalization.NumberStyles.None, null, out var offset))
            {
                number = Base(prefix) + (rest[0] == '+' ? offset : -offset);
                return number is >= RealtimeMin and <= RealtimeMax;
            }
        }
        return false;
    }
}
