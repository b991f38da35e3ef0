using System.Globalization;
using System.Text.RegularExpressions;

namespace Oci.Runtime.Spec;

/// <summary>The runtime-spec versions ocirt reads and the one it writes.</summary>
public static partial class SpecVersion
{
    /// <summary>Written by <c>ocirt spec</c> and into state documents.</summary>
    public const string Current = "1.3.0";

    /// <summary>Oldest and newest spec versions accepted in a config.json (features.md's ociVersionMin/Max).</summary>
    public const string Minimum = "1.0.0";
    public const string Maximum = "1.3.0";

    /// <summary>Parses a SemVer 2.0.0 string; pre-release and build parts are accepted and ignored.</summary>
    public static bool TryParse(string version, out int major, out int minor, out int patch)
    {
        major = minor = patch = 0;
        var m = SemVerRegex().Match(version);
        return m.Success
            && int.TryParse(m.Groups["major"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out major)
            && int.TryParse(m.Groups["minor"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out minor)
            && int.TryParse(m.Groups["patch"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out patch);
    }

    /// <summary>
    /// True for 1.0.0 through any 1.3.x: patch releases never change the format, and
    /// pre-releases such as "1.0.2-dev" or "1.3.0+dev" are what tools built from git write.
    /// </summary>
    public static bool IsSupported(string version) =>
        TryParse(version, out var major, out var minor, out _) && major == 1 && minor <= 3;

    [GeneratedRegex(@"^(?<major>0|[1-9][0-9]*)\.(?<minor>0|[1-9][0-9]*)\.(?<patch>0|[1-9][0-9]*)" +
                    @"(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$")]
    private static partial Regex SemVerRegex();
}
