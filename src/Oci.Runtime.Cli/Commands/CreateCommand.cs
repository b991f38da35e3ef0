using Microsoft.Extensions.Logging;
using Oci.Runtime.Lifecycle;
using Oci.Runtime.Linux.Containers;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Cli.Commands;

/// <summary>
/// `create`. Everything that can be checked before a process exists is checked first, in
/// runc's order (id, bundle and config, then the id's uniqueness), so bad input leaves
/// nothing behind; then the executor creates the container.
/// </summary>
public static class CreateCommand
{
    public static int Run(CommandContext context)
    {
        var (_, init) = Create(context);
        init.Dispose();
        return 0;
    }

    /// <summary>Creates the container; the caller owns the returned init handle.</summary>
    public static (ContainerRecord Record, Linux.Spawning.ChildProcess Init) Create(CommandContext context) => Create(context, Prepare(context));

    public static (ContainerRecord Record, Linux.Spawning.ChildProcess Init) Create(CommandContext context, CreateRequest request)
    {
        Linux.ParentProcess.MakeNonDumpable();
        return new ContainerCreator(context.Containers.Store, context.Log).Create(request);
    }

    /// <summary>
    /// What the process asked for and will not get is said, never silently dropped: AppArmor
    /// and SELinux labels (ocirt has no support for them yet), and capabilities this host
    /// cannot grant (the runtime-spec asks for a warning, not a failure).
    /// </summary>
    public static void WarnOfWhatIsNotApplied(CommandContext context, Spec.Process? process)
    {
        if (process?.ApparmorProfile is { Length: > 0 } profile)
            context.Log.LogWarning("process.apparmorProfile: \"{Profile}\" is not applied: ocirt has no AppArmor support yet", profile);
        if (process?.SelinuxLabel is { Length: > 0 } label)
            context.Log.LogWarning("process.selinuxLabel: \"{Label}\" is not applied: ocirt has no SELinux support yet", label);
        foreach (var warning in CapabilityGrants.Warnings(process, HostFacts.GrantableCapabilities()))
            context.Log.LogWarning("{Warning}", warning);
    }

    /// <summary>Checks the id, loads and validates the bundle's config.json, and checks the id is free.</summary>
    public static CreateRequest Prepare(CommandContext context)
    {
        var id = context.ContainerId;
        ContainerId.Validate(id);
        var preserveFds = context.Args.Int("preserve-fds");
        if (preserveFds < 0)
            throw new OcirtException("--preserve-fds: must not be negative");
        var bundle = Path.GetFullPath(context.Args.String("bundle") is { Length: > 0 } given ? given : ".");
        var spec = SpecLoader.Load(bundle, out var configJson);
        var problems = SpecValidator.Validate(spec);
        if (problems.Count > 0)
            throw new OcirtException($"{Path.Combine(bundle, "config.json")}: {string.Join("; ", problems)}");
        if (context.Containers.Store.Exists(id))
            throw new OcirtException($"container \"{id}\" already exists");
        WarnOfWhatIsNotApplied(context, spec.Process);
        foreach (var warning in DeviceAccess.Warnings(spec.Linux?.Resources?.Devices))
            context.Log.LogWarning("{Warning}", warning);
        foreach (var note in MountOptionNotes.Ignored(spec.Mounts))
            context.Log.LogDebug("{Note}", note);
        return new CreateRequest(id, bundle, spec, configJson,
            ConsoleSocket: context.Args.String("console-socket") is { Length: > 0 } socket ? Path.GetFullPath(socket) : null,
            PidFile: context.Args.String("pid-file") is { Length: > 0 } pidFile ? Path.GetFullPath(pidFile) : null,
            NoPivot: context.Args.Bool("no-pivot"),
            PreserveFds: preserveFds,
            SystemdCgroup: context.Global.SystemdCgroup)
        {
            Rootless = context.Global.IsRootless,
        };
    }
}
