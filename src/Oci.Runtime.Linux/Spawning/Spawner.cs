using Oci.Runtime.Linux.Setup;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Linux.Spawning;

/// <summary>
/// Runs a setup program in a new child: the program laid out in unmanaged memory, and one
/// call into the C interpreter. Nothing else in ocirt creates processes.
/// </summary>
public static class Spawner
{
    public static (ChildProcess Child, SyncSocket Sync) Spawn(SetupProgram program, SyncChannel channel, int cgroupFd = -1)
    {
        using (channel)
        {
            using var laidOut = new LaidOutProgram(program, channel.ChildEnd, cgroupFd);
            var pid = NativeSpawn.Spawn(laidOut.Pointer, out var pidfd);
            channel.CloseChildEnd();
            if (pid < 0)
                throw new OcirtException($"clone3 ({Setup.Steps.NamespaceSteps.Names(program.CloneFlags)}): {Errno.Describe((int)-pid)}");
            if (pidfd < 0)
            {
                var opened = Syscalls.PidfdOpen((int)pid);
                if (opened < 0)
                    throw new OcirtException($"pidfd_open {pid}: {Errno.Describe((int)-opened)}");
                pidfd = (int)opened;
            }
            return (new ChildProcess((int)pid, pidfd), channel.TakeParentEnd());
        }
    }
}
