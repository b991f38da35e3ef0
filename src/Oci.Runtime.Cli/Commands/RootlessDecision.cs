namespace Oci.Runtime.Cli.Commands;

/// <summary>
/// Whether ocirt runs rootless, by runc's rules. `--rootless true|false` says so; `auto` (the
/// default) means rootless when not root, or when root only inside a user namespace that a
/// user other than root made (rootless podman runs the runtime so, as uid 0 of its own
/// namespace, with $USER still the user's name). The systemd driver is never rootless by
/// auto: systemd itself decides what the caller may do.
/// </summary>
public static class RootlessDecision
{
    public static bool Decide(string flag, bool systemdCgroup) =>
        Decide(flag, systemdCgroup, Environment.IsPrivilegedProcess, Linux.Containers.HostFacts.InUserNamespace, Environment.GetEnvironmentVariable("USER"));

    public static bool Decide(string flag, bool systemdCgroup, bool euidIsRoot, Func<bool> inUserNamespace, string? user) =>
        CommandLine.ParsedArguments.ParseBool(flag) ?? (!systemdCgroup && RunsAsUser(euidIsRoot, inUserNamespace, user));

    /// <summary>runc's shouldHonorXDGRuntimeDir: state goes under $XDG_RUNTIME_DIR for such a caller.</summary>
    public static bool RunsAsUser() => RunsAsUser(Environment.IsPrivilegedProcess, Linux.Containers.HostFacts.InUserNamespace, Environment.GetEnvironmentVariable("USER"));

    public static bool RunsAsUser(bool euidIsRoot, Func<bool> inUserNamespace, string? user) =>
        !euidIsRoot || (inUserNamespace() && user != "root");
}
