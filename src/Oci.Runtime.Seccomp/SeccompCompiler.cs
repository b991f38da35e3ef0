using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Seccomp;

/// <summary>
/// Compiles linux.seccomp to a classic BPF seccomp filter without libseccomp. The result
/// behaves like the filter runc loads (libseccomp's program plus runc's ENOSYS patch):
/// <list type="bullet">
/// <item>the architecture is checked first; syscalls of an ABI the profile does not list are
/// killed (KILL_PROCESS);</item>
/// <item>a syscall's first rule without conditions decides it; otherwise its rules with
/// conditions are tried in profile order, a rule's conditions all having to hold;</item>
/// <item>rules whose action is the default action are dropped, as runc does;</item>
/// <item>syscall names an ABI does not have are skipped for that ABI, names no listed ABI
/// has are skipped with a debug message;</item>
/// <item>unless the default action lets syscalls through (ALLOW, LOG, TRACE), syscall
/// numbers above the highest one the profile names return ENOSYS, so that a libc newer than
/// the profile falls back to older syscalls instead of failing with EPERM.</item>
/// </list>
/// </summary>
public static class SeccompCompiler
{
    private const string Path = "linux.seccomp";

    /// <summary>Action for syscalls of an ABI outside the filter. libseccomp's default is
    /// SCMP_ACT_KILL (the thread); the whole process is killed instead, so that a process
    /// probing foreign ABIs cannot go on with its other threads.</summary>
    private const uint BadArchAction = SeccompActions.KillProcess;

    /// <summary>A profile rule, parsed once for all ABIs.</summary>
    private sealed record ParsedRule(List<string> Names, uint Action, ArgCondition[][] Alternatives);

    public static SeccompProgram Compile(LinuxSeccomp profile, SeccompArch native, ILogger? log = null)
    {
        var defaultAction = SeccompActions.Parse(profile.DefaultAction, profile.DefaultErrnoRet,
            $"{Path}.defaultAction", $"{Path}.defaultErrnoRet");
        // runc: the process that loads the filter still has to hand the listener fd over.
        if (defaultAction == SeccompActions.UserNotif)
            throw new OcirtException($"{Path}.defaultAction: {SeccompActions.NotifyName} cannot be the default action");

        var rules = ParseRules(profile, out var usesNotify);
        var abis = Abis(profile, native, rules.Sum(r => r.Names.Count), log);
        Resolve(rules, abis, defaultAction, log);

        // runc skips its ENOSYS patch when the default already lets syscalls through, and
        // when the default already is ENOSYS the patch would change nothing.
        var enosys = !SeccompActions.LetsSyscallsThrough(defaultAction)
            && defaultAction != (SeccompActions.Errno | SeccompActions.ENOSYS);
        var filter = FilterEmitter.Emit(Sections(abis), new Verdicts(defaultAction, BadArchAction, enosys));
        return new SeccompProgram(filter, SeccompFilterFlags.Resolve(profile.Flags, usesNotify, log), usesNotify);
    }

    /// <summary>The native ABI first, then the listed ones in order, like libseccomp's
    /// seccomp_init followed by seccomp_arch_add.</summary>
    private static List<AbiRules> Abis(LinuxSeccomp profile, SeccompArch native, int names, ILogger? log)
    {
        var abis = new List<AbiRules> { new(ArchTable.For(native), names) };
        for (var i = 0; i < profile.Architectures?.Count; i++)
        {
            var name = profile.Architectures[i];
            if (SeccompArchitectures.TryParse(name, out var arch))
            {
                if (!abis.Exists(a => a.Table.Arch == arch))
                    abis.Add(new AbiRules(ArchTable.For(arch), names));
            }
            else if (KnownNames.SeccompArchitectures.Contains(name))
            {
                // x86_64 kernels run only x86_64, x32 and i386 code, aarch64 kernels only
                // aarch64 and arm: a section for any other ABI could never be entered.
                log?.LogDebug("seccomp: architecture {Architecture} skipped, no supported host kernel runs it", name);
            }
            else
            {
                throw new OcirtException($"{Path}.architectures[{i}]: unknown architecture \"{name}\"");
            }
        }
        return abis;
    }

    private static List<ParsedRule> ParseRules(LinuxSeccomp profile, out bool usesNotify)
    {
        usesNotify = false;
        var parsed = new List<ParsedRule>(profile.Syscalls?.Count ?? 0);
        for (var i = 0; i < profile.Syscalls?.Count; i++)
        {
            var syscall = profile.Syscalls[i];
            var at = $"{Path}.syscalls[{i}]";
            var action = SeccompActions.Parse(syscall.Action, syscall.ErrnoRet, $"{at}.action", $"{at}.errnoRet");
            if (action == SeccompActions.UserNotif)
            {
                usesNotify = true;
                // runc: the process loading the filter writes the listener fd to its parent,
                // which would wait on a listener nobody serves yet.
                var write = syscall.Names.IndexOf("write");
                if (write >= 0)
                    throw new OcirtException($"{at}.names[{write}]: {SeccompActions.NotifyName} cannot be used for write");
            }
            parsed.Add(new ParsedRule(syscall.Names, action, Alternatives(syscall.Args, at)));
        }
        return parsed;
    }

    /// <summary>The condition sets that each make the rule match. One set holding all
    /// conditions, except where two conditions test the same argument: there runc gives each
    /// condition a rule of its own (ORed), and so do we, to match its verdicts.</summary>
    private static ArgCondition[][] Alternatives(List<LinuxSeccompArg>? args, string at)
    {
        if (args is null || args.Count == 0)
            return [[]];
        var conditions = new ArgCondition[args.Count];
        var seen = 0;
        var repeated = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg.Index > 5)
                throw new OcirtException($"{at}.args[{i}].index: must be between 0 and 5, got {arg.Index}");
            var op = arg.Op switch
            {
                "SCMP_CMP_NE" => ArgOp.NotEqual,
                "SCMP_CMP_LT" => ArgOp.Less,
                "SCMP_CMP_LE" => ArgOp.LessOrEqual,
                "SCMP_CMP_EQ" => ArgOp.Equal,
                "SCMP_CMP_GE" => ArgOp.GreaterOrEqual,
                "SCMP_CMP_GT" => ArgOp.Greater,
                "SCMP_CMP_MASKED_EQ" => ArgOp.MaskedEqual,
                _ => throw new OcirtException($"{at}.args[{i}].op: unknown operator \"{arg.Op}\""),
            };
            conditions[i] = new ArgCondition((int)arg.Index, op, arg.Value, arg.ValueTwo);
            repeated |= (seen & (1 << (int)arg.Index)) != 0;
            seen |= 1 << (int)arg.Index;
        }
        return repeated ? conditions.Select(c => new[] { c }).ToArray() : [conditions];
    }

    private static void Resolve(List<ParsedRule> rules, List<AbiRules> abis, uint defaultAction, ILogger? log)
    {
        foreach (var rule in rules)
        {
            foreach (var name in rule.Names)
            {
                var known = false;
                foreach (var abi in abis)
                {
                    if (abi.Table.Lookup(name) is not { } number)
                        continue;
                    known = true;
                    if (abi.HighestNamed is not { } highest || number > highest)
                        abi.HighestNamed = number;
                    if (rule.Action == defaultAction)
                        continue;
                    ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(abi.Syscalls, number, out _);
                    foreach (var conditions in rule.Alternatives)
                        entry.Add(conditions, rule.Action);
                }
                // Like libseccomp, whose tables know every ABI's names: a name of another
                // ABI (socketcall on x86_64) is not unknown, merely absent here.
                if (!known && Array.TrueForAll(ArchTable.All, t => t.Lookup(name) is null))
                    log?.LogDebug("seccomp: unknown syscall {Syscall} ignored", name);
            }
        }
    }

    /// <summary>Groups the ABIs by the AUDIT_ARCH value the kernel reports for them.</summary>
    private static List<ArchSection> Sections(List<AbiRules> abis)
    {
        var sections = new List<ArchSection>(abis.Count);
        foreach (var abi in abis)
        {
            if (sections.Exists(s => s.AuditArch == abi.Table.AuditArch))
                continue;
            var sharing = abi.Table.AuditArch == ArchTable.X86_64.AuditArch
                ? new List<(ArchTable, AbiRules?)>
                {
                    (ArchTable.X86_64, abis.Find(a => a.Table == ArchTable.X86_64)),
                    (ArchTable.X32, abis.Find(a => a.Table == ArchTable.X32)),
                }
                : [(abi.Table, abi)];
            sections.Add(new ArchSection(abi.Table.AuditArch, sharing));
        }
        return sections;
    }
}
