using System.Globalization;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Linux.Containers;

/// <summary>
/// process.rlimits and process.oomScoreAdj, set by the parent on the init: raising a hard
/// limit or lowering oom_score_adj needs CAP_SYS_RESOURCE in the host's user namespace,
/// which an init inside a new user namespace does not have.
/// </summary>
public static class ProcessLimits
{
    public static void Apply(int pid, Spec.Spec spec)
    {
        var process = spec.Process;
        if (process is null)
            return;
        foreach (var (limit, index) in (process.Rlimits ?? []).Select((l, i) => (l, i)))
        {
            Rlimits.TryParse(limit.Type, out var resource);
            var result = Syscalls.PrLimit(pid, resource, limit.Soft, limit.Hard);
            if (result < 0)
                throw new OcirtException($"process.rlimits[{index}]: prlimit {limit.Type} soft={limit.Soft} hard={limit.Hard}: {Errno.Describe((int)-result)}");
        }
        if (process.OomScoreAdj is { } adjustment)
        {
            var path = $"/proc/{pid}/oom_score_adj";
            try
            {
                File.WriteAllText(path, adjustment.ToString(CultureInfo.InvariantCulture));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new OcirtException($"process.oomScoreAdj: write {path}: {e.Message}");
            }
        }
    }
}
