using Oci.Runtime.Linux.Setup;
using Oci.Runtime.Linux.Setup.Steps;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Linux.Spawning;

/// <summary>Turns the child's (operation, errno) report into a message naming the config field and the syscall.</summary>
public static class SetupFailure
{
    public static OcirtException From(SetupProgram program, int index, int errno)
    {
        if (index < 0 || index >= program.Ops.Count)
            return new OcirtException($"container init: the setup program ended without exec: {Errno.Describe(errno)}");
        var op = program.Ops[index];
        if (op.Code == OpCode.FindExecutable)
        {
            // runc's (and Go's) wording: podman maps these to exit codes 127 and 126.
            var command = op.Culprit[(op.Culprit.IndexOf('"') + 1)..^1];
            if (errno == Errno.ENOENT)
            {
                // Go's exec.LookPath: a bare name is searched in $PATH, a path is only stat'ed.
                return new OcirtException(command.Contains('/')
                    ? $"{op.Culprit}: exec: \"{command}\": stat {command}: {Errno.Describe(errno)}"
                    : $"{op.Culprit}: exec: \"{command}\": executable file not found in $PATH");
            }
            return new OcirtException($"{op.Culprit}: exec: \"{command}\": {Errno.Describe(errno)}");
        }
        if (op.Code == OpCode.CwdInRoot)
            return new OcirtException(op.Culprit);
        if (op.Call == Sys.Openat2 && errno == Errno.ENOTDIR && op.Culprit.EndsWith(MountSteps.OrdinaryDirectoryRequired, StringComparison.Ordinal))
            return new OcirtException(op.Culprit); // runc's wording for the same refusal
        if (EntersCwd(op))
        {
            // runc's wording for the init and exec alike (its finalizeNamespace): engines and people match on it.
            var cwd = op.Culprit[(op.Culprit.IndexOf('"') + 1)..^1];
            return new OcirtException($"chdir to cwd (\"{cwd}\") set in config.json failed: {Errno.Describe(errno)}");
        }
        if (op.Call == Sys.SchedSetattr && errno == Errno.EPERM && op.Culprit is $"{ProcessSteps.SchedulerCulprit}: SCHED_FIFO" or $"{ProcessSteps.SchedulerCulprit}: SCHED_RR")
        {
            // With real-time group scheduling (cgroup v1's cpu.rt_runtime_us) the kernel refuses a
            // real-time policy in a cgroup without a budget, and refuses a real-time task joining one.
            return new OcirtException($"{op.Culprit}: {op.Name}: {Errno.Describe(errno)} (a real-time policy needs a real-time budget " +
                "in the container's cpu cgroup: set linux.resources.cpu.realtimeRuntime)");
        }
        var mentionsCall = op.Culprit.Contains($": {op.Name} ", StringComparison.Ordinal) || op.Culprit.Contains($": {op.Name}\"", StringComparison.Ordinal);
        return new OcirtException(mentionsCall
            ? $"{op.Culprit}: {Errno.Describe(errno)}"
            : $"{op.Culprit}: {op.Name}: {Errno.Describe(errno)}");
    }

    /// <summary>The steps that enter process.cwd (open from the new root, then fchdir, or chdir), not those that create it in the rootfs.</summary>
    private static bool EntersCwd(SetupOp op) => op.Call switch
    {
        Sys.Openat2 => op.Culprit.StartsWith("process.cwd: open \"", StringComparison.Ordinal) && op.Args[0].Value == LinuxConstants.AT_FDCWD,
        Sys.Fchdir or Sys.Chdir => op.Culprit.StartsWith("process.cwd: chdir to \"", StringComparison.Ordinal),
        _ => false,
    };
}
