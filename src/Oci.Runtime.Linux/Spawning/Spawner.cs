using Oci.Runtime.Linux.Setup;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Linux.Spawning;

/// <summary>
/// Runs a setup program in a new child: the program laid out in unmanaged memory, and one
/// call into the C interpreter. Nothing else in ocirt creates processes.
/// </summary>
public static class Spawner
{
    // Programs read by children that share ocirt's memory: kept until ocirt exits, as such a
    // child reads its program until its exec, long after Spawn returned (after `create` exited, even).
    private static readonly List<LaidOutProgram> SharedWithChildren = [];

    public static (ChildProcess Child, SyncSocket Sync) Spawn(SetupProgram program, SyncChannel channel, int cgroupFd = -1)
    {
        using (channel)
        {
            var laidOut = new LaidOutProgram(program, channel.ChildEnd, cgroupFd);
            long pid;
            int pidfd;
            try
            {
                pid = NativeSpawn.Spawn(laidOut.Pointer, out pidfd);
            }
            finally
            {
                if (program.SharesMemory)
                    SharedWithChildren.Add(laidOut);
                else
                    laidOut.Dispose();
            }
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
