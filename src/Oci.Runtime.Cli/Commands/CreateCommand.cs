using Oci.Runtime.Lifecycle;
using Oci.Runtime.Spec;
using RuntimeSpec = Oci.Runtime.Spec.Spec;

namespace Oci.Runtime.Cli.Commands;

/// <summary>
/// `create` and `run`. Everything that can be checked before a process exists is checked
/// here, in runc's order (id, bundle and config, then the id's uniqueness), and nothing is
/// written under --root until all of it passes.
/// </summary>
public static class CreateCommand
{
    public static Func<CommandContext, int> For(string verb) => context =>
    {
        Prepare(context);
        throw NotBuilt.Error(verb, NotBuilt.Executor);
    };

    /// <summary>Checks the id, loads and validates the bundle's config.json, and checks the id is free.</summary>
    public static RuntimeSpec Prepare(CommandContext context)
    {
        var id = context.ContainerId;
        ContainerId.Validate(id);
        if (context.Args.Int("preserve-fds") < 0)
            throw new OcirtException("--preserve-fds: must not be negative");
        var bundle = Path.GetFullPath(context.Args.String("bundle") is { Length: > 0 } given ? given : ".");
        var spec = SpecLoader.Load(bundle);
        var problems = SpecValidator.Validate(spec);
        if (problems.Count > 0)
            throw new OcirtException($"{Path.Combine(bundle, "config.json")}: {string.Join("; ", problems)}");
        if (context.Containers.Store.Exists(id))
            throw new OcirtException($"container \"{id}\" already exists");
        return spec;
    }
}
