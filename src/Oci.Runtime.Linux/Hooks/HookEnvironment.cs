using System.Collections;
using Oci.Runtime.Linux.Containers;
using Oci.Runtime.Linux.Setup.Steps;

namespace Oci.Runtime.Linux.Hooks;

/// <summary>
/// The environment of a hook whose config has no <c>env</c>. runc runs hooks with Go's
/// exec.Cmd and a nil Env, and crun with its own environ: a hook of the runtime's namespace
/// inherits the runtime's environment (engines' GPU and network hooks rely on PATH and their
/// own variables), and a hook run in the container (createContainer, startContainer), which
/// runc and crun start from the container's init after it took process.env, gets the
/// container process's environment, HOME included.
/// </summary>
public static class HookEnvironment
{
    /// <summary>ocirt's own environment, as the engine gave it.</summary>
    public static IReadOnlyList<string> OfRuntime()
    {
        var variables = new List<string>();
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
            variables.Add($"{variable.Key}={variable.Value}");
        variables.Sort(StringComparer.Ordinal);
        return variables;
    }

    /// <summary>What the container's process gets: process.env, and HOME from the rootfs's /etc/passwd when missing.</summary>
    public static IReadOnlyList<string> OfContainerProcess(Spec.Process? process, string rootfs) =>
        process is null ? [] : ProcessEnvironment.Of(process, HostFacts.HomeOf(rootfs, process.User.Uid));
}
