using Oci.Runtime.Linux.Setup;

namespace Oci.Runtime.Linux.Spawning;

/// <summary>
/// The parent's side of a setup program's reports, the same for create and exec: a failure
/// becomes the error that names its config field, a fork hands over the process that goes on,
/// a sent fd (a seccomp listener) is lent to the caller until the reports end, and every sync
/// point is answered and then released. What each sync point needs is the caller's.
/// </summary>
internal static class SetupReports
{
    /// <param name="forked">The pid the program forked into, and whether the forked-off parent stays to wait for it.</param>
    /// <param name="fd">Gets a sent fd, to use while answering; it is closed when this returns or throws.</param>
    /// <param name="answer">Does what the sync point needs; true when the set-up is over and reading stops.</param>
    /// <returns>True when <paramref name="answer"/> ended the set-up; false when the child closed the socket (it exec'd or died).</returns>
    public static bool Follow(SyncSocket sync, SetupProgram program, Action<int, bool> forked, Action<int> fd, Func<SyncCode, bool> answer)
    {
        var received = new List<int>();
        try
        {
            while (sync.Receive() is { } message)
            {
                switch (message.Kind)
                {
                    case ChildMessageKind.Error:
                        throw SetupFailure.From(program, message.A, message.B);
                    case ChildMessageKind.Forked:
                        forked(message.A, message.B != 0);
                        break;
                    case ChildMessageKind.Fd:
                        received.Add(message.Fd);
                        fd(message.Fd);
                        break;
                    case ChildMessageKind.Sync:
                        var over = answer((SyncCode)message.A);
                        sync.Reply(message.A);
                        if (over)
                            return true;
                        break;
                }
            }
            return false;
        }
        finally
        {
            // Handed on or not (a set-up can fail after sending one), a received fd is not the
            // parent's to keep: the listener has its own copy.
            foreach (var open in received)
                Syscalls.Close(open);
        }
    }

    /// <summary>
    /// After Ready is answered to an init started at once: its last reports (a late seccomp
    /// filter the kernel refused) until the sync socket closes, which it does on exec (it is
    /// close-on-exec) or when the init exits. A failed exec is the process's own, told on its
    /// stderr and by its exit status, as after `start`.
    /// </summary>
    public static void AwaitExec(SyncSocket sync, SetupProgram program)
    {
        while (sync.Receive() is { } message)
        {
            // No fd is sent after Ready; one that came anyway is not ocirt's to keep open.
            if (message.Fd >= 0)
                Syscalls.Close(message.Fd);
            if (message.Kind == ChildMessageKind.Error)
                throw SetupFailure.From(program, message.A, message.B);
        }
    }
}
