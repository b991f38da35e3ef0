using Oci.Runtime.Linux.Setup;
using Oci.Runtime.Linux.Setup.Steps;
using Oci.Runtime.Spec;
using static Oci.Runtime.Linux.Setup.LinuxConstants;

namespace Oci.Runtime.Linux.Hooks;

/// <summary>
/// The setup program that runs one hook: optionally join the container's namespaces (for
/// createContainer and startContainer hooks), take the state on stdin and a pipe as
/// stdout/stderr, and exec the hook's path with its args and environment.
/// </summary>
public static class HookProgram
{
    /// <param name="namespaceFds">Fds of the container's namespaces by type, or none for a hook run on the host.</param>
    /// <param name="environment">The hook's environment: its env, or what it inherits (<see cref="HookEnvironment"/>).</param>
    public static SetupProgram Compile(Hook hook, string culprit, int syncFd, int stdinFd, int outputFd, IReadOnlyDictionary<string, int> namespaceFds,
        IReadOnlyList<string> environment)
    {
        var e = new SetupEmitter(new SetupProgram());
        InheritedFdSteps.CloseAllBut(e, new SortedSet<int>([0, 1, 2, syncFd, stdinFd, outputFd, .. namespaceFds.Values]).ToList());
        if (namespaceFds.Count > 0)
        {
            // Until execve this is the host's ocirt binary inside the container's namespaces (CVE-2019-5736).
            e.Prctl(PR_SET_DUMPABLE, 0, $"{culprit}: make the hook process non-dumpable", "PR_SET_DUMPABLE");
            NamespaceSteps.RequireOwnMemoryToJoin(e, namespaceFds.Keys, culprit);
            foreach (var type in NamespaceSteps.JoinOrder.Where(namespaceFds.ContainsKey))
            {
                e.Syscall(Sys.Setns, $"{culprit}: join the container's {type} namespace",
                    SetupEmitter.Fd(namespaceFds[type]), Arg.Flags((long)NamespaceSteps.CloneFlags[type], NamespaceSteps.Names(NamespaceSteps.CloneFlags[type])));
            }
            // The hook's own process is born in the PID namespace; this one waits for it and exits with
            // its status, so ocirt reaps a child of its own whatever the namespace.
            if (namespaceFds.ContainsKey(NamespaceTypes.Pid))
                e.Program.Append(new SetupOp(OpCode.Fork, null, [Arg.Flags(1, "wait")], $"{culprit}: fork into the container's PID namespace"));
        }
        e.Syscall(Sys.Dup3, $"{culprit}: the state on stdin", Arg.Number(stdinFd), Arg.Number(0), Arg.Number(0));
        e.Syscall(Sys.Dup3, $"{culprit}: stdout to ocirt", Arg.Number(outputFd), Arg.Number(1), Arg.Number(0));
        e.Syscall(Sys.Dup3, $"{culprit}: stderr to ocirt", Arg.Number(outputFd), Arg.Number(2), Arg.Number(0));
        e.Syscall(Sys.CloseRange, $"{culprit}: close every other fd on exec", Arg.Number(3), Arg.Flags(uint.MaxValue, "~0U"),
            Arg.Flags(CLOSE_RANGE_CLOEXEC, "CLOSE_RANGE_CLOEXEC"));
        var path = e.Program.StringArray([hook.Path]);
        var found = e.Reg("executable");
        e.Program.Append(new SetupOp(OpCode.FindExecutable, null, [path], $"{culprit}: \"{hook.Path}\"") { Result = found });
        var args = hook.Args is { Count: > 0 } given ? given : [hook.Path];
        e.Program.Append(new SetupOp(OpCode.Exec, null,
            [path, Arg.In(found), e.Program.StringArray(args), e.Program.StringArray(environment)], $"{culprit}: exec \"{hook.Path}\""));
        return e.Program;
    }
}
