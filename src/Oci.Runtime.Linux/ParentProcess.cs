using Oci.Runtime.Spec;

namespace Oci.Runtime.Linux;

/// <summary>Settings of the ocirt process itself.</summary>
public static class ParentProcess
{
    private const int PR_SET_CHILD_SUBREAPER = 36;
    private const int PR_SET_DUMPABLE = 4;

    /// <summary>Orphaned descendants (an init forked into a PID namespace) are reparented to ocirt, which can then reap them.</summary>
    public static void BecomeSubreaper()
    {
        var result = Syscalls.Prctl(PR_SET_CHILD_SUBREAPER, 1);
        if (result < 0)
            throw new OcirtException($"prctl(PR_SET_CHILD_SUBREAPER): {Errno.Describe((int)-result)}");
    }

    /// <summary>
    /// CVE-2019-5736: while create or exec runs, a process in a container that shares ocirt's
    /// PID namespace could open /proc/&lt;ocirt&gt;/exe. Non-dumpable, ocirt's /proc entries are root's only.
    /// </summary>
    public static void MakeNonDumpable() => Syscalls.Prctl(PR_SET_DUMPABLE, 0);
}
