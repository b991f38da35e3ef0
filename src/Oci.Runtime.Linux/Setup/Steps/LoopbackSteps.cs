using Oci.Runtime.Spec;
using static Oci.Runtime.Linux.Setup.LinuxConstants;

namespace Oci.Runtime.Linux.Setup.Steps;

/// <summary>
/// A network namespace starts with `lo` down: 127.0.0.1 is unreachable until something brings
/// it up. runc and crun do it for every network namespace they create (not for one joined by
/// path: that one is its owner's to configure), and containers of engines that set up no
/// other network (Docker's `--bridge=none`, `buildah --network none`) rely on it. The flags
/// are read, IFF_UP is added, and they are written back, through an AF_INET socket of the new
/// namespace.
/// </summary>
public static class LoopbackSteps
{
    private const long AF_INET = 2, SOCK_DGRAM = 2, SOCK_CLOEXEC = 0x80000;
    private const long SIOCGIFFLAGS = 0x8913, SIOCSIFFLAGS = 0x8914;
    private const int IFF_UP = 0x1;
    private const int InterfaceFlagsOffset = 16; // struct ifreq: char ifr_name[16], then the union (short ifr_flags)

    public static bool Needed(Spec.Spec spec) =>
        spec.Linux?.Namespaces?.Any(n => n.Type == NamespaceTypes.Network && string.IsNullOrEmpty(n.Path)) == true;

    public static void Emit(SetupEmitter e, Spec.Spec spec)
    {
        if (!Needed(spec))
            return;
        const string culprit = "linux.namespaces: network: bring up \"lo\"";
        var request = new byte[40]; // sizeof(struct ifreq)
        "lo"u8.CopyTo(request);
        var ifreq = e.Program.Bytes(request, "{ifr_name=\"lo\"}");
        var flags = new Arg(ArgKind.Data, ifreq.Value + InterfaceFlagsOffset, "&ifreq.ifr_flags");
        var socket = e.Reg("socket");
        e.Syscall(Sys.Socket, culprit, Arg.Flags(AF_INET, "AF_INET"), Arg.Flags(SOCK_DGRAM | SOCK_CLOEXEC, "SOCK_DGRAM|SOCK_CLOEXEC"), Arg.Number(0));
        e.Then(socket);
        e.Syscall(Sys.Ioctl, culprit, Arg.In(socket), Arg.Flags(SIOCGIFFLAGS, "SIOCGIFFLAGS"), ifreq);
        e.Program.Append(new SetupOp(OpCode.MaskWord, null, [flags, Arg.Flags(~0L, "~0"), Arg.Flags(IFF_UP, "IFF_UP")], culprit));
        e.Syscall(Sys.Ioctl, culprit, Arg.In(socket), Arg.Flags(SIOCSIFFLAGS, "SIOCSIFFLAGS"), ifreq);
        e.Close(socket, culprit);
    }
}
