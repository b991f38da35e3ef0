using Microsoft.Extensions.Logging;
using Oci.Runtime.Cli.CommandLine;
using Oci.Runtime.Cli.Logging;
using Oci.Runtime.Lifecycle;
using Oci.Runtime.Linux;
using Oci.Runtime.Linux.Containers;

namespace Oci.Runtime.Cli.Commands;

/// <summary>What a verb runs with. The container manager is made on first use, like the logger.</summary>
public sealed class CommandContext(GlobalOptions global, ParsedArguments args, TextWriter output, TextWriter errors, Logs logs)
{
    private ContainerManager? _containers;

    public GlobalOptions Global => global;
    public ParsedArguments Args => args;
    public TextWriter Out => output;
    public TextWriter Errors => errors;
    public ILogger Log => logs.Logger;

    public ContainerManager Containers => _containers ??= NewContainerManager();

    private ContainerManager NewContainerManager()
    {
        var store = new StateStore(global.Root);
        return new ContainerManager(store, new HostProcesses(), new HostResources(store, Log));
    }

    /// <summary>The single container id most verbs take as their first argument.</summary>
    public string ContainerId => args.Positional[0];
}
