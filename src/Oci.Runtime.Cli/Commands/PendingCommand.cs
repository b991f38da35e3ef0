namespace Oci.Runtime.Cli.Commands;

/// <summary>
/// Verbs that act on an existing container through a part of ocirt not built yet: the id
/// and the container are checked (so a wrong id gets the right error), then the verb fails.
/// </summary>
public static class PendingCommand
{
    public static Func<CommandContext, int> Needing(string verb, string missingPart) => context =>
    {
        context.Containers.Store.Load(context.ContainerId);
        throw NotBuilt.Error(verb, missingPart);
    };
}
