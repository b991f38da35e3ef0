using Oci.Runtime.Spec;

namespace Oci.Runtime.Lifecycle;

/// <summary>
/// Container ids become directory names under --root, so they are checked before any
/// path is built from them: runc's rule (letters, digits and _ + - .), never "." or "..",
/// and a length that fits a file name.
/// </summary>
public static class ContainerId
{
    private const int MaxLength = 1024;

    public static void Validate(string id)
    {
        if (string.IsNullOrEmpty(id))
            throw new OcirtException("container id cannot be empty");
        if (id is "." or "..")
            throw new OcirtException($"invalid container id \"{id}\": \".\" and \"..\" are not allowed");
        if (id.Length > MaxLength)
            throw new OcirtException($"invalid container id: longer than {MaxLength} characters");
        foreach (var c in id)
        {
            if (!IsAllowed(c))
                throw new OcirtException(
                    $"invalid container id \"{id}\": character '{c}' is not allowed (use letters, digits, '_', '+', '-', '.')");
        }
    }

    private static bool IsAllowed(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '+' or '-' or '.';
}
