using Oci.Runtime.Linux.Setup;
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
        var mentionsCall = op.Culprit.Contains($": {op.Name} ", StringComparison.Ordinal) || op.Culprit.Contains($": {op.Name}\"", StringComparison.Ordinal);
        return new OcirtException(mentionsCall
            ? $"{op.Culprit}: {Errno.Describe(errno)}"
            : $"{op.Culprit}: {op.Name}: {Errno.Describe(errno)}");
    }
}
