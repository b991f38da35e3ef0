namespace Oci.Runtime.Spec;

public static partial class SpecValidator
{
    private static void CheckProcess(Process? process, ProblemList problems)
    {
        if (process is null)
            return; // Only `start` needs a process; `create` of a config without one is fine.
        CheckArgs(process, problems);
        problems.RequireAbsolute("process.cwd", process.Cwd);
        problems.RequireEnvironment("process.env", process.Env);
        CheckExecStringLengths("process.args", process.Args, problems);
        CheckExecStringLengths("process.env", process.Env, problems);
        CheckUmask(process.User, problems);
        CheckRlimits(process.Rlimits, problems);
        CheckOomScoreAdj(process.OomScoreAdj, problems);
        CheckScheduler(process.Scheduler, problems);
        CheckIOPriority(process.IOPriority, problems);
    }

    private static void CheckArgs(Process process, ProblemList problems)
    {
        if (process.Args is not { Count: > 0 })
        {
            if (string.IsNullOrEmpty(process.CommandLine))
                problems.Add("process.args", "at least one argument is required");
            return;
        }
        if (process.Args[0].Length == 0)
            problems.Add("process.args[0]", "the program to run must not be empty");
    }

    /// <summary>
    /// execve refuses (E2BIG) any single argument or variable longer than MAX_ARG_STRLEN
    /// (32 pages, the NUL included), whatever the stack limit: say which one before anything
    /// is made, rather than a bare "argument list too long" from the container's process.
    /// </summary>
    private static void CheckExecStringLengths(string path, List<string>? strings, ProblemList problems)
    {
        for (var i = 0; i < strings?.Count; i++)
        {
            var bytes = System.Text.Encoding.UTF8.GetByteCount(strings[i]) + 1;
            if (bytes > ExecLimits.MaxArgStrlen)
                problems.Add(SpecPath.Index(path, i),
                    $"{bytes} bytes, more than the {ExecLimits.MaxArgStrlen} that execve takes for one string (MAX_ARG_STRLEN)");
        }
    }

    private static void CheckUmask(User user, ProblemList problems)
    {
        const uint maxUmask = 0b111_111_111; // 0777
        if (user.Umask is > maxUmask and var umask)
            problems.Add("process.user.umask", $"must be at most 511 (octal 777), got {umask}");
    }

    private static void CheckRlimits(List<PosixRlimit>? rlimits, ProblemList problems)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < rlimits?.Count; i++)
        {
            var at = SpecPath.Index("process.rlimits", i);
            var rlimit = rlimits[i];
            if (!Rlimits.TryParse(rlimit.Type, out _))
                problems.Add(SpecPath.Member(at, "type"), $"unknown rlimit \"{rlimit.Type}\"");
            else if (seen.TryGetValue(rlimit.Type, out var first))
                problems.Add(SpecPath.Member(at, "type"), $"duplicate rlimit \"{rlimit.Type}\" (also at process.rlimits[{first}])");
            else
                seen.Add(rlimit.Type, i);
            if (rlimit.Soft > rlimit.Hard)
                problems.Add(at, $"soft limit {rlimit.Soft} exceeds hard limit {rlimit.Hard}");
        }
    }

    private static void CheckOomScoreAdj(int? score, ProblemList problems)
    {
        if (score is < -1000 or > 1000)
            problems.Add("process.oomScoreAdj", $"must be between -1000 and 1000, got {score}");
    }

    // The combinations sched_setattr(2) rejects, as runc checks them.
    private static void CheckScheduler(Scheduler? scheduler, ProblemList problems)
    {
        if (scheduler is null)
            return;
        problems.RequireKnown("process.scheduler.policy", scheduler.Policy, KnownNames.SchedulerPolicies, "scheduler policy");
        problems.RequireAllKnown("process.scheduler.flags", scheduler.Flags, KnownNames.SchedulerFlags, "scheduler flag");
        if (scheduler.Nice is < -20 or > 19)
            problems.Add("process.scheduler.nice", $"must be between -20 and 19, got {scheduler.Nice}");
        if (scheduler.Priority != 0 && scheduler.Policy is not ("SCHED_FIFO" or "SCHED_RR"))
            problems.Add("process.scheduler.priority", "only SCHED_FIFO and SCHED_RR take a priority");
        if ((scheduler.Runtime | scheduler.Deadline | scheduler.Period) != 0 && scheduler.Policy != "SCHED_DEADLINE")
            problems.Add("process.scheduler", "runtime, deadline and period only apply to SCHED_DEADLINE");
    }

    private static void CheckIOPriority(LinuxIOPriority? priority, ProblemList problems)
    {
        if (priority is null)
            return;
        problems.RequireKnown("process.ioPriority.class", priority.Class, KnownNames.IOPriorityClasses, "I/O priority class");
        if (priority.Priority is < 0 or > 7)
            problems.Add("process.ioPriority.priority", $"must be between 0 and 7, got {priority.Priority}");
    }
}
