using System.Globalization;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Lifecycle;

/// <summary>uid → user name from /etc/passwd, the way runc's `list` shows owners ("#1000" when unnamed).</summary>
public static class UserNames
{
    public static string NameOf(uint uid, string passwdPath = "/etc/passwd")
    {
        var wanted = uid.ToString(CultureInfo.InvariantCulture);
        try
        {
            foreach (var line in SmallFile.ReadText(passwdPath).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var fields = line.Split(':');
                if (fields.Length > 2 && fields[2] == wanted)
                    return fields[0];
            }
        }
        catch (IOException)
        {
            // No readable passwd database: fall through to the numeric form.
        }
        return "#" + wanted;
    }
}
