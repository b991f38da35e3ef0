using Oci.Runtime.Spec;

namespace Oci.Runtime.Cgroups.V2;

/// <summary>
/// Emits the BPF_PROG_TYPE_CGROUP_DEVICE program that enforces linux.resources.devices on
/// cgroup v2, shaped as runc's devicefilter.go (itself from crun's ebpf.c). The rules are first
/// replayed through the model of the v1 devices controller, as runc does, so v2 gives the
/// verdicts v1 would: a later rule overrides an earlier one, an "a" rule resets to allow-all
/// or deny-all, access bits given to one device by several rules add up, and a hole in a
/// wildcard rule is refused. What is left is a default verdict and exceptions that all have
/// the opposite verdict, so their order in the program does not matter: one block each,
/// then the default.
/// </summary>
internal static class DeviceProgram
{
    // struct bpf_cgroup_dev_ctx (uapi linux/bpf.h): u32 access_type with BPF_DEVCG_DEV_* in
    // the low 16 bits and BPF_DEVCG_ACC_* in the high 16, u32 major, u32 minor.
    private const short AccessTypeOffset = 0, MajorOffset = 4, MinorOffset = 8;
    private const int DevBlock = 1, DevChar = 2;
    private const int AccMknod = 1, AccRead = 2, AccWrite = 4, AccAll = AccMknod | AccRead | AccWrite;

    // Registers: R1 holds the context on entry and is scratch after the prologue; R2 the
    // device type, R3 the requested access, R4 the major, R5 the minor; R0 the verdict.
    private const byte R0 = 0, R1 = 1, R2 = 2, R3 = 3, R4 = 4, R5 = 5;

    public static List<BpfInstruction> Compile(IReadOnlyList<DeviceRule> rules)
    {
        var emulated = DeviceEmulator.FromRules(rules);
        var program = new List<BpfInstruction>
        {
            new(BpfInstruction.LoadWord, R2, R1, AccessTypeOffset, 0),
            new(BpfInstruction.And32Imm, R2, 0, 0, 0xffff),
            new(BpfInstruction.LoadWord, R3, R1, AccessTypeOffset, 0),
            new(BpfInstruction.Rsh32Imm, R3, 0, 0, 16),
            new(BpfInstruction.LoadWord, R4, R1, MajorOffset, 0),
            new(BpfInstruction.LoadWord, R5, R1, MinorOffset, 0),
        };
        foreach (var exception in emulated.Exceptions) AppendException(program, exception);
        program.Add(new(BpfInstruction.Mov32Imm, R0, 0, 0, emulated.DefaultAllow ? 1 : 0));
        program.Add(new(BpfInstruction.Exit, 0, 0, 0, 0));
        return program;
    }

    /// <summary>The program as the bytes BPF_PROG_LOAD takes.</summary>
    public static byte[] Encode(IReadOnlyList<BpfInstruction> program)
    {
        var bytes = new byte[program.Count * BpfInstruction.Size];
        for (int i = 0; i < program.Count; i++) program[i].WriteTo(bytes.AsSpan(i * BpfInstruction.Size));
        return bytes;
    }

    /// <summary>
    /// One block: each test that fails jumps past the block's end, to the next exception.
    /// The access test follows the v1 kernel (security/device_cgroup.c): an allow exception
    /// must cover every requested bit (match_exception), while a deny exception matches as
    /// soon as it shares one (match_exception_partial), so "deny c 1:3 w" also refuses an
    /// O_RDWR open. runc tests both the first way, which would let O_RDWR past that rule.
    /// </summary>
    private static void AppendException(List<BpfInstruction> program, DeviceRule rule)
    {
        int access = (rule.Access.Contains('r') ? AccRead : 0) | (rule.Access.Contains('w') ? AccWrite : 0) | (rule.Access.Contains('m') ? AccMknod : 0);
        bool testAccess = access != AccAll, testMajor = rule.Major >= 0, testMinor = rule.Minor >= 0;
        int end = program.Count + 1 + (testAccess ? 3 : 0) + (testMajor ? 1 : 0) + (testMinor ? 1 : 0) + 2;
        // A jump's offset counts from the instruction after it.
        short ToEnd() => (short)(end - (program.Count + 1));

        program.Add(new(BpfInstruction.JneImm, R2, 0, ToEnd(), rule.Type == 'b' ? DevBlock : DevChar));
        if (testAccess)
        {
            program.Add(new(BpfInstruction.Mov32Reg, R1, R3, 0, 0));
            program.Add(new(BpfInstruction.And32Imm, R1, 0, 0, access));
            program.Add(rule.Allow ? new(BpfInstruction.JneReg, R1, R3, ToEnd(), 0) : new(BpfInstruction.JeqImm, R1, 0, ToEnd(), 0));
        }
        if (testMajor) program.Add(new(BpfInstruction.JneImm, R4, 0, ToEnd(), Number(rule.Major, rule)));
        if (testMinor) program.Add(new(BpfInstruction.JneImm, R5, 0, ToEnd(), Number(rule.Minor, rule)));
        program.Add(new(BpfInstruction.Mov32Imm, R0, 0, 0, rule.Allow ? 1 : 0));
        program.Add(new(BpfInstruction.Exit, 0, 0, 0, 0));
    }

    /// <summary>The program compares against a sign-extended 32-bit immediate, and the kernel's
    /// majors (12 bits) and minors (20 bits) are far below that anyway.</summary>
    private static int Number(long value, DeviceRule rule) =>
        value <= int.MaxValue ? (int)value
            : throw new OcirtException($"linux.resources.devices: rule \"{rule.ToCgroupString()}\": device number {value} is out of range");
}
