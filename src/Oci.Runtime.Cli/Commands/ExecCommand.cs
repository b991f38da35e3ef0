using System.Globalization;
using Oci.Runtime.Linux;
using Oci.Runtime.Linux.Containers;
using Oci.Runtime.Linux.Spawning;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Cli.Commands;

/// <summary>
/// `exec [flags] ID COMMAND [ARGS…]` or `exec --process FILE ID`: a new process in a running
/// container. Without --process it is the container's own process (env, user, capabilities,
/// cwd…) with the command and the flags applied, as runc builds it.
/// </summary>
public static class ExecCommand
{
    /// <summary>runc's exit status when the process could not be started: 255, which engines tell apart from the process's own.</summary>
    public const int NotStarted = 255;

    public static int Run(CommandContext context)
    {
        var id = context.ContainerId;
        try
        {
            return Exec(context, id);
        }
        catch (Exception e) when (e is OcirtException or IOException or UnauthorizedAccessException)
        {
            throw new OcirtException($"exec failed: {e.Message}", e) { ExitCode = NotStarted };
        }
    }

    private static int Exec(CommandContext context, string id)
    {
        Lifecycle.ContainerId.Validate(id);
        var store = context.Containers.Store;
        store.Load(id);
        var container = SavedConfig.LoadExecDefaults(store, id);
        var process = context.Args.String("process") is { Length: > 0 } file ? FromFile(file) : FromFlags(context, container);
        var preserveFds = context.Args.Int("preserve-fds");
        if (preserveFds < 0)
            throw new OcirtException("--preserve-fds: must not be negative");
        if (context.Args.String("apparmor") is { Length: > 0 } apparmor)
            process.ApparmorProfile = apparmor;
        if (context.Args.String("process-label") is { Length: > 0 } label)
            process.SelinuxLabel = label;
        CreateCommand.WarnOfWhatIsNotApplied(context, process);
        ParentProcess.MakeNonDumpable();
        var detach = context.Args.Bool("detach");
        var request = new ExecRequest(id, process, container, detach,
            context.Args.String("pid-file") is { Length: > 0 } pidFile ? Path.GetFullPath(pidFile) : null,
            context.Args.String("console-socket") is { Length: > 0 } socket ? Path.GetFullPath(socket) : null,
            preserveFds, context.Args.Bool("ignore-paused"));
        using var console = process.Terminal && request.ConsoleSocket is null
            ? (detach ? throw new OcirtException("--tty: a detached exec needs --console-socket to hand the terminal to") : ConsoleProxy.Create())
            : null;
        using var executed = new ContainerExecutor(store, new HostProcesses(), context.Log).Exec(request with { ConsoleFd = console?.ChildEnd });
        console?.Start();
        if (detach)
            return 0;
        int status;
        using (SignalForwarding.To(executed.Process, console))
            status = executed.Reaped.Wait() ?? 1;
        console?.Drain();
        return status;
    }

    private static Spec.Process FromFile(string path)
    {
        var process = SpecLoader.LoadProcess(path);
        if (process.Args is not { Count: > 0 })
            throw new OcirtException($"--process \"{path}\": args must not be empty");
        if (!process.Cwd.StartsWith('/'))
            throw new OcirtException($"--process \"{path}\": cwd must be an absolute path, got \"{process.Cwd}\"");
        return process;
    }

    /// <summary>The container's process with runc's exec flags applied.</summary>
    private static Spec.Process FromFlags(CommandContext context, ExecDefaults container)
    {
        var args = context.Args.Positional.Skip(1).ToList();
        if (args.Count == 0)
            throw new OcirtException("exec: no command given: ocirt exec [flags] ID COMMAND [ARGS...] or --process FILE");
        var process = container.Process ?? new Spec.Process { Cwd = "/" };
        process.Args = args;
        process.Env = [.. process.Env ?? [], .. context.Args.Strings("env")];
        process.Terminal = context.Args.Bool("tty");
        process.ConsoleSize = null;
        if (context.Args.String("cwd") is { Length: > 0 } cwd)
            process.Cwd = cwd;
        if (context.Args.String("user") is { Length: > 0 } user)
            (process.User.Uid, process.User.Gid) = ParseUser(user);
        if (context.Args.Strings("additional-gids") is { Count: > 0 } gids)
            process.User.AdditionalGids = [.. gids.Select(g => ParseId(g, "--additional-gids"))];
        if (context.Args.Strings("cap") is { Count: > 0 } caps)
        {
            process.Capabilities ??= new LinuxCapabilities();
            foreach (var cap in caps)
            {
                // runc adds it to the bounding, effective, permitted and ambient sets (an unknown name is warned of and left out).
                (process.Capabilities.Bounding ??= []).Add(cap);
                (process.Capabilities.Effective ??= []).Add(cap);
                (process.Capabilities.Permitted ??= []).Add(cap);
                (process.Capabilities.Ambient ??= []).Add(cap);
            }
        }
        if (context.Args.Bool("no-new-privs"))
            process.NoNewPrivileges = true;
        return process;
    }

    /// <summary>--user: "uid" or "uid:gid", numbers as runc takes them.</summary>
    private static (uint Uid, uint Gid) ParseUser(string user)
    {
        var parts = user.Split(':');
        if (parts.Length > 2)
            throw new OcirtException($"--user \"{user}\": expected <uid>[:<gid>]");
        var uid = ParseId(parts[0], "--user");
        return (uid, parts.Length == 2 ? ParseId(parts[1], "--user") : 0);
    }

    private static uint ParseId(string text, string flag) =>
        uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new OcirtException($"{flag} \"{text}\": not a number");
}
