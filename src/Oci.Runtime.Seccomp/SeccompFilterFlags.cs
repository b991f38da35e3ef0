using Microsoft.Extensions.Logging;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Seccomp;

/// <summary>SECCOMP_FILTER_FLAG_* bits for seccomp(SECCOMP_SET_MODE_FILTER, flags, prog).</summary>
public static class SeccompFilterFlags
{
    public const uint Tsync = 1u << 0;
    public const uint Log = 1u << 1;
    public const uint SpecAllow = 1u << 2;
    public const uint NewListener = 1u << 3;
    public const uint TsyncEsrch = 1u << 4;
    public const uint WaitKillableRecv = 1u << 5;

    /// <summary>Turns linux.seccomp.flags into the bits the kernel accepts together.</summary>
    internal static uint Resolve(List<string>? names, bool usesNotify, ILogger? log)
    {
        var flags = usesNotify ? NewListener : 0;
        for (var i = 0; i < names?.Count; i++)
        {
            flags |= names[i] switch
            {
                "SECCOMP_FILTER_FLAG_TSYNC" => Tsync,
                "SECCOMP_FILTER_FLAG_LOG" => Log,
                "SECCOMP_FILTER_FLAG_SPEC_ALLOW" => SpecAllow,
                "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV" => WaitKillableRecv,
                var other => throw new OcirtException($"linux.seccomp.flags[{i}]: unknown flag \"{other}\""),
            };
        }

        // The kernel rejects WAIT_KILLABLE_RECV without NEW_LISTENER (EINVAL); it only
        // changes how a notifying syscall waits, so without a notify rule it means nothing.
        if ((flags & WaitKillableRecv) != 0 && !usesNotify)
        {
            log?.LogDebug("seccomp: SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV dropped, no rule uses SCMP_ACT_NOTIFY");
            flags &= ~WaitKillableRecv;
        }

        // TSYNC and NEW_LISTENER both want the return value (a failing thread id, the
        // listener fd); the kernel accepts the pair only when TSYNC reports failure as ESRCH.
        if ((flags & Tsync) != 0 && usesNotify)
            flags |= TsyncEsrch;
        return flags;
    }
}
