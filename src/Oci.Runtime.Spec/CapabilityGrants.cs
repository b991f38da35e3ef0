namespace Oci.Runtime.Spec;

/// <summary>
/// process.capabilities against what this host can grant. The runtime-spec says a value that
/// cannot be mapped to the kernel, or cannot be granted otherwise, MUST be logged as a warning
/// and SHOULD NOT fail the container (a config written for a newer kernel, or for a runtime
/// with more capabilities, still runs): such names are left out of every set, as runc (1.2 and
/// later) leaves them, and each is named once. <c>grantable</c> has bit N set when capability
/// N exists on this kernel and is in the runtime's own bounding set.
/// </summary>
public static class CapabilityGrants
{
    /// <summary>Every capability through <paramref name="last"/>: what a host without other limits grants.</summary>
    public static ulong Through(int last) => last >= 63 ? ~0UL : (1UL << (last + 1)) - 1;

    /// <summary>The bits of the names that can be granted; the rest are left out (and warned of).</summary>
    public static ulong Mask(IEnumerable<string>? names, ulong grantable)
    {
        var mask = 0UL;
        foreach (var name in names ?? [])
        {
            if (Capabilities.TryParse(name, out var cap) && (grantable & (1UL << cap)) != 0)
                mask |= 1UL << cap;
        }
        return mask;
    }

    /// <summary>The ambient capabilities to raise: grantable, and both permitted and inheritable, which the kernel requires.</summary>
    public static IEnumerable<(string Name, int Number)> Ambient(LinuxCapabilities? caps, ulong grantable)
    {
        var allowed = Mask(caps?.Permitted, grantable) & Mask(caps?.Inheritable, grantable);
        foreach (var name in (caps?.Ambient ?? []).Distinct(StringComparer.Ordinal))
        {
            if (Capabilities.TryParse(name, out var cap) && (allowed & (1UL << cap)) != 0)
                yield return (name, cap);
        }
    }

    /// <summary>One warning per name left out, and one for the ambient capabilities the kernel
    /// would refuse to raise for a process that is not root. Root's do not matter: execve gives
    /// uid 0 its bounding and inheritable sets whatever the ambient set holds, and runc 1.1's
    /// default config (so `spec`'s) asks for three that are not inheritable.</summary>
    public static IEnumerable<string> Warnings(Process? process, ulong grantable)
    {
        if (process?.Capabilities is not { } caps)
            yield break;
        var sets = new (string Set, List<string>? Names)[]
        {
            ("bounding", caps.Bounding), ("effective", caps.Effective), ("inheritable", caps.Inheritable),
            ("permitted", caps.Permitted), ("ambient", caps.Ambient),
        };
        var leftOut = new List<string>();
        foreach (var (_, names) in sets)
            leftOut.AddRange((names ?? []).Where(n => !Capabilities.TryParse(n, out var cap) || (grantable & (1UL << cap)) == 0));
        foreach (var name in leftOut.Distinct(StringComparer.Ordinal))
        {
            var where = string.Join(", ", sets.Where(s => s.Names?.Contains(name) == true).Select(s => s.Set));
            var why = Capabilities.TryParse(name, out _)
                ? "this host cannot grant it (not on this kernel, or not in the runtime's bounding set)"
                : "unknown capability";
            yield return $"process.capabilities: ignoring \"{name}\" ({where}): {why}";
        }
        if (process.User.Uid == 0)
            yield break;
        var raised = Ambient(caps, grantable).Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        var refused = (caps.Ambient ?? []).Distinct(StringComparer.Ordinal)
            .Where(n => !raised.Contains(n) && Capabilities.TryParse(n, out var cap) && (grantable & (1UL << cap)) != 0).ToList();
        if (refused.Count > 0)
            yield return $"process.capabilities.ambient: {string.Join(", ", refused)} {(refused.Count == 1 ? "is" : "are")} not raised: "
                + "an ambient capability must also be in the permitted and inheritable sets";
    }
}
