using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Oci.Runtime.Linux.Spawning;
using Oci.Runtime.Spec;
using Oci.Runtime.Spec.Json;

namespace Oci.Runtime.Linux.Hooks;

/// <summary>
/// Runs a kind of hooks in order, each with the container's state on stdin, through the same
/// spawner as containers. A hook that exits non-zero or outlives its timeout fails the
/// operation (or, for poststart and poststop, is reported as a warning), with its output.
/// </summary>
public sealed class HookRunner(ILogger log)
{
    private const int OutputLimit = 4096;

    /// <summary>Runs every hook of <paramref name="kind"/>; the first failure throws, naming hooks.&lt;kind&gt;[i].</summary>
    /// <param name="inheritedEnvironment">The environment of a hook without env (<see cref="HookEnvironment"/>),
    /// asked for only if one needs it; ocirt's own when null.</param>
    public void Run(string kind, IReadOnlyList<Hook>? hooks, State state, IReadOnlyDictionary<string, int>? namespaceFds = null,
        Func<IReadOnlyList<string>>? inheritedEnvironment = null)
    {
        IReadOnlyList<string>? inherited = null;
        for (var i = 0; i < (hooks?.Count ?? 0); i++)
        {
            var environment = hooks![i].Env ?? (inherited ??= (inheritedEnvironment ?? HookEnvironment.OfRuntime)());
            RunOne(hooks[i], $"hooks.{kind}[{i}]", state, namespaceFds ?? new Dictionary<string, int>(), environment);
        }
    }

    /// <summary>poststart and poststop: the spec says a failure is logged as a warning and the
    /// remaining hooks and the lifecycle go on, so every hook runs whatever the one before did (as crun).</summary>
    public void RunWarning(string kind, IReadOnlyList<Hook>? hooks, State state)
    {
        IReadOnlyList<string>? inherited = null;
        for (var i = 0; i < (hooks?.Count ?? 0); i++)
        {
            try
            {
                var environment = hooks![i].Env ?? (inherited ??= HookEnvironment.OfRuntime());
                RunOne(hooks[i], $"hooks.{kind}[{i}]", state, new Dictionary<string, int>(), environment);
            }
            catch (OcirtException e)
            {
                log.LogWarning("{Message}", e.Message);
            }
        }
    }

    /// <summary>
    /// A helper program of ocirt's (newuidmap, newgidmap), run on the host as a hook is, with
    /// nothing on its stdin; a non-zero exit throws, naming <paramref name="culprit"/> and
    /// quoting what the helper said.
    /// </summary>
    public static void RunHelper(string path, IReadOnlyList<string> args, string culprit, int timeoutSeconds) =>
        RunOne(new Hook { Path = path, Args = [.. args], Timeout = timeoutSeconds }, culprit, null, new Dictionary<string, int>(), HookEnvironment.OfRuntime());

    private static void RunOne(Hook hook, string culprit, State? state, IReadOnlyDictionary<string, int> namespaceFds, IReadOnlyList<string> environment)
    {
        CheckPipe(Syscalls.Pipe(out var stdinRead, out var stdinWrite), culprit);
        CheckPipe(Syscalls.Pipe(out var outputRead, out var outputWrite), culprit);
        ChildProcess? child = null;
        try
        {
            var channel = SyncChannel.Create();
            var program = HookProgram.Compile(hook, culprit, channel.ChildEnd, stdinRead, outputWrite, namespaceFds, environment);
            var spawned = Spawner.Spawn(program, channel);
            child = spawned.Child;
            Syscalls.Close(stdinRead);
            Syscalls.Close(outputWrite);
            stdinRead = outputWrite = -1;
            // A hook need not read its stdin: a write refused with EPIPE is not an error.
            if (state is not null)
                Syscalls.Write(stdinWrite, StateDocumentWriter.ToUtf8(state));
            Syscalls.Close(stdinWrite);
            stdinWrite = -1;
            var deadline = hook.Timeout is { } seconds ? DateTime.UtcNow.AddSeconds(seconds) : (DateTime?)null;
            var output = ReadOutput(outputRead, deadline);
            using var sync = spawned.Sync;
            AwaitExec(sync, program);
            var remaining = deadline is { } d ? d - DateTime.UtcNow : (TimeSpan?)null;
            var status = remaining is { } left && left <= TimeSpan.Zero ? null : child.Wait(remaining);
            if (status is null)
            {
                child.Terminate();
                throw new OcirtException($"{culprit}: \"{hook.Path}\" did not finish within {hook.Timeout}s");
            }
            if (status != 0)
                throw new OcirtException($"{culprit}: \"{hook.Path}\" exited with status {status}{Describe(output)}");
        }
        finally
        {
            foreach (var fd in new[] { stdinRead, stdinWrite, outputRead, outputWrite })
            {
                if (fd >= 0)
                    Syscalls.Close(fd);
            }
            child?.Dispose();
        }
    }

    /// <summary>Waits until the hook exec'd (the sync socket closes) or reported why it could not.</summary>
    private static void AwaitExec(SyncSocket sync, Setup.SetupProgram program)
    {
        while (sync.Receive() is { } message)
        {
            if (message.Kind == ChildMessageKind.Error)
                throw SetupFailure.From(program, message.A, message.B);
        }
    }

    /// <summary>Reads what the hook writes (kept for the error message) until it closes the pipe or the deadline passes.</summary>
    private static string ReadOutput(int fd, DateTime? deadline)
    {
        var text = new StringBuilder();
        Span<byte> buffer = stackalloc byte[1024];
        while (true)
        {
            var wait = deadline is { } d ? (int)Math.Max(0, (d - DateTime.UtcNow).TotalMilliseconds) : -1;
            if (Syscalls.Poll(fd, Syscalls.POLLIN, wait) == 0)
                return text.ToString();
            var n = Syscalls.Read(fd, buffer);
            if (n == -Errno.EINTR)
                continue;
            if (n <= 0)
                return text.ToString();
            if (text.Length < OutputLimit)
                text.Append(Encoding.UTF8.GetString(buffer[..(int)n]));
        }
    }

    private static string Describe(string output)
    {
        var trimmed = output.Trim();
        return trimmed.Length == 0 ? "" : $": {trimmed}";
    }

    private static void CheckPipe(long result, string culprit)
    {
        if (result < 0)
            throw new OcirtException($"{culprit}: pipe2: {Errno.Describe((int)-result)}");
    }
}
