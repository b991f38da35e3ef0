using Oci.Runtime.Spec;

namespace Oci.Runtime.Seccomp;

/// <summary>SECCOMP_RET_* values (<c>linux/seccomp.h</c>) and the mapping from libseccomp's
/// action names to them, with runc's defaults for the optional errno.</summary>
internal static class SeccompActions
{
    public const uint KillProcess = 0x8000_0000;
    public const uint KillThread = 0x0000_0000;
    public const uint Trap = 0x0003_0000;
    public const uint Errno = 0x0005_0000;
    public const uint UserNotif = 0x7fc0_0000;
    public const uint Trace = 0x7ff0_0000;
    public const uint Log = 0x7ffc_0000;
    public const uint Allow = 0x7fff_0000;

    /// <summary>SECCOMP_RET_ACTION_FULL: the action part of a return value; the rest is data.</summary>
    public const uint ActionMask = 0xffff_0000;

    public const string NotifyName = "SCMP_ACT_NOTIFY";

    // Both are 1 and 38 on every ABI the compiler has tables for (asm-generic, x86, arm).
    public const uint EPERM = 1;
    public const uint ENOSYS = 38;

    /// <summary>Returns the SECCOMP_RET_* value for a libseccomp action name. runc gives
    /// ERRNO and TRACE the data EPERM when errnoRet is absent; SCMP_ACT_KILL is KILL_THREAD.</summary>
    public static uint Parse(string action, ulong? errnoRet, string actionPath, string errnoPath)
    {
        if (errnoRet is not null && action is not ("SCMP_ACT_ERRNO" or "SCMP_ACT_TRACE"))
            throw new OcirtException($"{errnoPath}: only SCMP_ACT_ERRNO and SCMP_ACT_TRACE take an errno, not {action}");
        // The kernel keeps only SECCOMP_RET_DATA (16 bits); a larger value would be cut silently.
        if (errnoRet > 0xffff)
            throw new OcirtException($"{errnoPath}: must be at most 65535, got {errnoRet}");
        var data = (uint)(errnoRet ?? EPERM);
        return action switch
        {
            "SCMP_ACT_KILL" or "SCMP_ACT_KILL_THREAD" => KillThread,
            "SCMP_ACT_KILL_PROCESS" => KillProcess,
            "SCMP_ACT_TRAP" => Trap,
            "SCMP_ACT_ERRNO" => Errno | data,
            "SCMP_ACT_TRACE" => Trace | data,
            "SCMP_ACT_ALLOW" => Allow,
            "SCMP_ACT_LOG" => Log,
            NotifyName => UserNotif,
            _ => throw new OcirtException($"{actionPath}: unknown action \"{action}\""),
        };
    }

    /// <summary>runc's isAllowAction: default actions that let unknown syscalls through, for
    /// which the ENOSYS stub is pointless. TRACE counts because a tracer should handle new
    /// syscalls itself.</summary>
    public static bool LetsSyscallsThrough(uint action) =>
        (action & ActionMask) is Allow or Log or Trace;
}
