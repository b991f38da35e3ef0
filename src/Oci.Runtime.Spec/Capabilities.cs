namespace Oci.Runtime.Spec;

/// <summary>
/// Linux capability names as config.json spells them ("CAP_SYS_ADMIN") and their numbers
/// from linux/capability.h. Names are exact: runc does not accept other spellings either.
/// </summary>
public static class Capabilities
{
    /// <summary>Highest capability number this table knows (CAP_CHECKPOINT_RESTORE, Linux 5.9).</summary>
    public const int Last = 40;

    // Index = capability number.
    private static readonly string[] Names =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID",
        "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
        "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK",
        "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE",
        "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE",
        "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE",
        "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG",
        "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
        "CAP_CHECKPOINT_RESTORE",
    ];

    private static readonly Dictionary<string, int> ByName =
        Names.Select((name, number) => (name, number)).ToDictionary(p => p.name, p => p.number, StringComparer.Ordinal);

    /// <summary>All known names, ordered by number.</summary>
    public static IReadOnlyList<string> All => Names;

    public static bool TryParse(string name, out int number) => ByName.TryGetValue(name, out number);

    /// <summary>The name of a capability number, or null for one this table does not know.</summary>
    public static string? NameOf(int number) => number is >= 0 and <= Last ? Names[number] : null;
}
