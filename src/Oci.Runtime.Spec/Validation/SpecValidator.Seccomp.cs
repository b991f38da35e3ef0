namespace Oci.Runtime.Spec;

public static partial class SpecValidator
{
    private const string NotifyAction = "SCMP_ACT_NOTIFY";

    private static void CheckSeccomp(LinuxSeccomp? seccomp, ProblemList problems)
    {
        if (seccomp is null)
            return;
        const string path = "linux.seccomp";
        problems.RequireKnown($"{path}.defaultAction", seccomp.DefaultAction, KnownNames.SeccompActions, "action");
        CheckErrnoRet($"{path}.defaultErrnoRet", seccomp.DefaultErrnoRet, seccomp.DefaultAction, problems);
        problems.RequireAllKnown($"{path}.architectures", seccomp.Architectures, KnownNames.SeccompArchitectures, "architecture");
        problems.RequireAllKnown($"{path}.flags", seccomp.Flags, KnownNames.SeccompFlags, "flag");
        for (var i = 0; i < seccomp.Syscalls?.Count; i++)
            CheckSyscall(SpecPath.Index($"{path}.syscalls", i), seccomp.Syscalls[i], problems);

        var notifies = seccomp.DefaultAction == NotifyAction || seccomp.Syscalls?.Any(s => s.Action == NotifyAction) == true;
        if (notifies && string.IsNullOrEmpty(seccomp.ListenerPath))
            problems.Add($"{path}.listenerPath", $"required when an action is {NotifyAction}");
    }

    private static void CheckSyscall(string at, LinuxSyscall syscall, ProblemList problems)
    {
        if (syscall.Names.Count == 0)
            problems.Add(SpecPath.Member(at, "names"), "at least one name is required");
        for (var i = 0; i < syscall.Names.Count; i++)
            if (syscall.Names[i].Length == 0)
                problems.Add(SpecPath.Index(SpecPath.Member(at, "names"), i), "must not be empty");
        problems.RequireKnown(SpecPath.Member(at, "action"), syscall.Action, KnownNames.SeccompActions, "action");
        CheckErrnoRet(SpecPath.Member(at, "errnoRet"), syscall.ErrnoRet, syscall.Action, problems);
        for (var i = 0; i < syscall.Args?.Count; i++)
        {
            var arg = SpecPath.Index(SpecPath.Member(at, "args"), i);
            if (syscall.Args[i].Index > 5)
                problems.Add(SpecPath.Member(arg, "index"), $"must be between 0 and 5, got {syscall.Args[i].Index}");
            problems.RequireKnown(SpecPath.Member(arg, "op"), syscall.Args[i].Op, KnownNames.SeccompOperators, "operator");
        }
    }

    // config-linux.md: when the action doesn't support an errno, the runtime MUST fail.
    private static void CheckErrnoRet(string path, ulong? errnoRet, string action, ProblemList problems)
    {
        if (errnoRet is not null && action is not ("SCMP_ACT_ERRNO" or "SCMP_ACT_TRACE"))
            problems.Add(path, "only SCMP_ACT_ERRNO and SCMP_ACT_TRACE take an errno");
    }
}
