namespace Oci.Runtime.Cgroups;

/// <summary>
/// Everything the managers do to a cgroup filesystem. Kept this small so the unit tests can
/// run every manager against a temporary tree that behaves like the kernel (missing file is
/// ENOENT, rmdir of a populated cgroup is EBUSY); <see cref="HostCgroupFs"/> is the real one.
/// Failures are <see cref="CgroupFsException"/> carrying the errno, which the managers turn
/// into an <c>OcirtException</c> naming the spec field.
/// </summary>
public interface ICgroupFs
{
    string ReadFile(string path);

    /// <summary>One write(2) of the whole value without O_CREAT or O_TRUNC: cgroup files
    /// take one value per write, and a file that does not exist must fail with ENOENT.</summary>
    void WriteFile(string path, string content);

    bool Exists(string path);

    /// <summary>mkdir(2) of one level; false when it already existed.</summary>
    bool CreateDirectory(string path);

    /// <summary>rmdir(2): the kernel removes a cgroup's control files with it.</summary>
    void RemoveDirectory(string path);

    IReadOnlyList<string> SubDirectories(string path);

    /// <summary>Makes program (eBPF instructions, BPF_PROG_TYPE_CGROUP_DEVICE) the cgroup's
    /// device filter in place of any it had, with no moment without one (cgroup v2).</summary>
    void ReplaceDeviceFilter(string path, byte[] program);
}

/// <summary>A failed cgroupfs operation with its errno, and what else the kernel said (the
/// BPF verifier's log).</summary>
public sealed class CgroupFsException(string operation, string path, int errno, string? detail = null)
    : Exception($"{operation} {path}: {Spec.Errno.Describe(errno)}{(detail is null ? "" : "; " + detail)}")
{
    public string Operation { get; } = operation;
    public string Path { get; } = path;
    public int Errno { get; } = errno;
}
