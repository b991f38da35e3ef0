using System.Runtime.InteropServices;
using System.Text;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Cgroups.V2;

/// <summary>
/// Loads a device filter with bpf(2) and makes it the one attached to a cgroup v2 directory,
/// as runc's ebpf_linux.go and crun's ebpf.c do: the programs attached now are listed first
/// (BPF_PROG_QUERY), the new one is attached beside them with BPF_F_ALLOW_MULTI, and only
/// then are the old ones detached, so the cgroup is never without a filter (while both are
/// attached a device must pass both, which is never looser than either).
/// </summary>
internal static unsafe class BpfDeviceFilter
{
    // bpf(2) commands, program and attach types, flags (uapi linux/bpf.h).
    private const int BPF_PROG_LOAD = 5, BPF_PROG_ATTACH = 8, BPF_PROG_DETACH = 9, BPF_PROG_GET_FD_BY_ID = 13, BPF_PROG_QUERY = 16;
    private const uint BPF_PROG_TYPE_CGROUP_DEVICE = 15, BPF_CGROUP_DEVICE = 6, BPF_F_ALLOW_MULTI = 2;

    // Same string as runc's: the kernel only checks it for GPL-only helpers, which the filter does not call.
    private static readonly byte[] License = "Apache\0"u8.ToArray();

    private const int VerifierLogSize = 64 * 1024;

    [StructLayout(LayoutKind.Sequential)]
    private struct ProgLoadAttr
    {
        public uint ProgType, InsnCnt;
        public ulong Insns, License;
        public uint LogLevel, LogSize;
        public ulong LogBuf;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct QueryAttr
    {
        public uint TargetFd, AttachType, QueryFlags, AttachFlags;
        public ulong ProgIds;
        public uint ProgCnt;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct AttachAttr
    {
        public uint TargetFd, AttachBpfFd, AttachType, AttachFlags;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct GetFdByIdAttr
    {
        public uint ProgId;
    }

    public static void Replace(string cgroupDir, byte[] program)
    {
        int dirFd = Native.Open(cgroupDir, Native.O_RDONLY | Native.O_CLOEXEC);
        if (dirFd < 0) throw new CgroupFsException("open", cgroupDir, Marshal.GetLastPInvokeError());
        try
        {
            uint[] old = AttachedIds(dirFd, cgroupDir);
            int progFd = Load(program, cgroupDir);
            try
            {
                var attach = new AttachAttr { TargetFd = (uint)dirFd, AttachBpfFd = (uint)progFd, AttachType = BPF_CGROUP_DEVICE, AttachFlags = BPF_F_ALLOW_MULTI };
                if (Native.Bpf(BPF_PROG_ATTACH, &attach, sizeof(AttachAttr)) < 0)
                    throw new CgroupFsException("bpf(BPF_PROG_ATTACH, BPF_CGROUP_DEVICE, BPF_F_ALLOW_MULTI) to", cgroupDir, Marshal.GetLastPInvokeError());
            }
            finally
            {
                // The attachment holds its own reference to the program.
                Native.Close(progFd);
            }
            foreach (uint id in old) Detach(dirFd, id, cgroupDir);
        }
        finally
        {
            Native.Close(dirFd);
        }
    }

    /// <summary>The ids of the device programs attached to the cgroup itself. The kernel says
    /// ENOSPC when the array is too small, with the count it needs in ProgCnt.</summary>
    internal static uint[] AttachedIds(int dirFd, string cgroupDir)
    {
        uint[] ids = new uint[64];
        while (true)
        {
            fixed (uint* p = ids)
            {
                var query = new QueryAttr { TargetFd = (uint)dirFd, AttachType = BPF_CGROUP_DEVICE, ProgIds = (ulong)p, ProgCnt = (uint)ids.Length };
                if (Native.Bpf(BPF_PROG_QUERY, &query, sizeof(QueryAttr)) == 0) return ids[..(int)query.ProgCnt];
                int errno = Marshal.GetLastPInvokeError();
                if (errno != Errno.ENOSPC) throw new CgroupFsException("bpf(BPF_PROG_QUERY, BPF_CGROUP_DEVICE) of", cgroupDir, errno);
                ids = new uint[Math.Max(query.ProgCnt, (uint)ids.Length * 2)];
            }
        }
    }

    /// <summary>Loads without a log first (the kernel does less work); on failure loads again
    /// with the verifier's log, so the error says what it refused. RLIMIT_MEMLOCK is not raised
    /// as runc does: since 5.11 the kernel charges programs to the memory cgroup instead.</summary>
    private static int Load(byte[] program, string cgroupDir)
    {
        int fd = LoadOnce(program, null);
        if (fd >= 0) return fd;
        int errno = Marshal.GetLastPInvokeError();
        var log = new byte[VerifierLogSize];
        int retried = LoadOnce(program, log);
        if (retried >= 0) return retried;
        string text = Encoding.UTF8.GetString(log, 0, Math.Max(0, Array.IndexOf(log, (byte)0))).Trim();
        throw new CgroupFsException("bpf(BPF_PROG_LOAD, BPF_PROG_TYPE_CGROUP_DEVICE) of the device filter for", cgroupDir, errno,
            text.Length > 0 ? "verifier: " + text.ReplaceLineEndings(" | ") : null);
    }

    private static int LoadOnce(byte[] program, byte[]? log)
    {
        fixed (byte* insns = program)
        fixed (byte* license = License)
        fixed (byte* logBuf = log)
        {
            var attr = new ProgLoadAttr
            {
                ProgType = BPF_PROG_TYPE_CGROUP_DEVICE,
                InsnCnt = (uint)(program.Length / BpfInstruction.Size),
                Insns = (ulong)insns,
                License = (ulong)license,
                LogLevel = log is null ? 0u : 1u,
                LogSize = (uint)(log?.Length ?? 0),
                LogBuf = (ulong)logBuf,
            };
            return Native.Bpf(BPF_PROG_LOAD, &attr, sizeof(ProgLoadAttr));
        }
    }

    /// <summary>Detaches one old program. One gone already (ENOENT: detached by a concurrent
    /// update, or unloaded) is fine; one this process may not open (EPERM, EACCES: an LSM
    /// label, e.g. a program systemd attached) is left, as runc leaves it, since another
    /// device filter can only deny more.</summary>
    private static void Detach(int dirFd, uint id, string cgroupDir)
    {
        var get = new GetFdByIdAttr { ProgId = id };
        int progFd = Native.Bpf(BPF_PROG_GET_FD_BY_ID, &get, sizeof(GetFdByIdAttr));
        if (progFd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno is Errno.ENOENT or Errno.EPERM or Errno.EACCES) return;
            throw new CgroupFsException($"bpf(BPF_PROG_GET_FD_BY_ID, {id}) for", cgroupDir, errno);
        }
        try
        {
            var detach = new AttachAttr { TargetFd = (uint)dirFd, AttachBpfFd = (uint)progFd, AttachType = BPF_CGROUP_DEVICE };
            if (Native.Bpf(BPF_PROG_DETACH, &detach, sizeof(AttachAttr)) < 0 && Marshal.GetLastPInvokeError() is var errno and not Errno.ENOENT)
                throw new CgroupFsException($"bpf(BPF_PROG_DETACH, BPF_CGROUP_DEVICE) of the old device filter {id} from", cgroupDir, errno);
        }
        finally
        {
            Native.Close(progFd);
        }
    }
}
