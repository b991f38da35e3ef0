using System.Globalization;
using Oci.Runtime.Seccomp.Tables;

namespace Oci.Runtime.Seccomp;

/// <summary>What the compiler needs to know about one syscall ABI: the AUDIT_ARCH value the
/// kernel puts in seccomp_data.arch, the syscall numbers the ABI owns, how wide its
/// arguments are, and its name → number table. The generated tables are text, turned into a
/// dictionary on first use: a few microseconds once, where a compiled switch over hundreds of
/// names costs the optimising JIT (and the NativeAOT compiler) seconds.</summary>
internal sealed class ArchTable
{
    // <linux/audit.h>: EM_* machine number | __AUDIT_ARCH_64BIT | __AUDIT_ARCH_LE.
    private const uint AuditArch64Bit = 0x8000_0000;
    private const uint AuditArchLittleEndian = 0x4000_0000;

    /// <summary>__X32_SYSCALL_BIT: x32 shares AUDIT_ARCH_X86_64 and is told apart by this bit
    /// of the syscall number, so the two ABIs split x86_64's number space at it.</summary>
    public const uint X32SyscallBit = 0x4000_0000;

    public static readonly ArchTable X86_64 = new(SeccompArch.X86_64, 62 | AuditArch64Bit | AuditArchLittleEndian,
        args64: true, firstNumber: 0, lastNumber: X32SyscallBit - 1, SyscallTables.X86_64);

    // libseccomp's x32 arch_def is 32-bit (ILP32), so like it we compare only the low halves.
    public static readonly ArchTable X32 = new(SeccompArch.X32, X86_64.AuditArch,
        args64: false, firstNumber: X32SyscallBit, lastNumber: uint.MaxValue, SyscallTables.X32);

    public static readonly ArchTable X86 = new(SeccompArch.X86, 3 | AuditArchLittleEndian,
        args64: false, firstNumber: 0, lastNumber: uint.MaxValue, SyscallTables.X86);

    public static readonly ArchTable Aarch64 = new(SeccompArch.Aarch64, 183 | AuditArch64Bit | AuditArchLittleEndian,
        args64: true, firstNumber: 0, lastNumber: uint.MaxValue, SyscallTables.Aarch64);

    public static readonly ArchTable Arm = new(SeccompArch.Arm, 40 | AuditArchLittleEndian,
        args64: false, firstNumber: 0, lastNumber: uint.MaxValue, SyscallTables.Arm);

    public static readonly ArchTable[] All = [X86_64, X32, X86, Aarch64, Arm];

    private readonly string _table;

    // Built once; two threads racing here build equal dictionaries and either one is kept.
    private Dictionary<string, uint>? _numbers;

    private ArchTable(SeccompArch arch, uint auditArch, bool args64, uint firstNumber, uint lastNumber, string table)
    {
        Arch = arch;
        AuditArch = auditArch;
        Args64 = args64;
        FirstNumber = firstNumber;
        LastNumber = lastNumber;
        _table = table;
    }

    public SeccompArch Arch { get; }

    public uint AuditArch { get; }

    /// <summary>False for 32-bit ABIs, whose argument comparisons use the low half only,
    /// the upper 32 bits of the profile's values stripped as libseccomp does.</summary>
    public bool Args64 { get; }

    /// <summary>First and last seccomp_data.nr value this ABI owns under its AUDIT_ARCH.</summary>
    public uint FirstNumber { get; }

    public uint LastNumber { get; }

    public static ArchTable For(SeccompArch arch) => arch switch
    {
        SeccompArch.X86_64 => X86_64,
        SeccompArch.X32 => X32,
        SeccompArch.X86 => X86,
        SeccompArch.Aarch64 => Aarch64,
        SeccompArch.Arm => Arm,
        _ => throw new ArgumentOutOfRangeException(nameof(arch), arch, null),
    };

    /// <summary>The syscall's number in this ABI, or null when the ABI has no such syscall.</summary>
    public uint? Lookup(string name) =>
        (_numbers ??= Parse(_table)).TryGetValue(name, out var number) ? number : null;

    private static Dictionary<string, uint> Parse(string table)
    {
        var numbers = new Dictionary<string, uint>(capacity: 512);
        foreach (var line in table.AsSpan().EnumerateLines())
        {
            var space = line.IndexOf(' ');
            var number = line[(space + 1)..];
            numbers.Add(line[..space].ToString(), number.StartsWith("0x")
                ? uint.Parse(number[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture)
                : uint.Parse(number, NumberStyles.None, CultureInfo.InvariantCulture));
        }
        return numbers;
    }
}
