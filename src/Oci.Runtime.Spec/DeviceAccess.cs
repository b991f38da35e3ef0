namespace Oci.Runtime.Spec;

/// <summary>
/// linux.resources.devices[].access as runc reads it: the letters r, w and m count, any other
/// letter is ignored ("rwa" is "rw"), which ocirt names in a warning.
/// </summary>
public static class DeviceAccess
{
    /// <summary>The known letters, in "rwm" order, each once.</summary>
    public static string Known(string access) =>
        (access.Contains('r') ? "r" : "") + (access.Contains('w') ? "w" : "") + (access.Contains('m') ? "m" : "");

    /// <summary>The letters that are ignored, each once, in the order given.</summary>
    public static string Ignored(string access) => new([.. access.Where(c => c is not ('r' or 'w' or 'm')).Distinct()]);

    /// <summary>One warning per rule with ignored letters: `linux.resources.devices[1].access: "rwa": "a" is ignored (not r, w or m)`.</summary>
    public static IEnumerable<string> Warnings(IReadOnlyList<LinuxDeviceCgroup>? rules)
    {
        for (var i = 0; i < rules?.Count; i++)
        {
            if (rules[i].Access is { } access && Ignored(access) is { Length: > 0 } ignored)
                yield return $"linux.resources.devices[{i}].access: \"{access}\": \"{ignored}\" {(ignored.Length == 1 ? "is" : "are")} ignored (not r, w or m), as runc does";
        }
    }
}
