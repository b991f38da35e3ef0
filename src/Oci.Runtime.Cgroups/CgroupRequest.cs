namespace Oci.Runtime.Cgroups;

/// <summary>What a container asks of the cgroup code: its id, linux.cgroupsPath, the
/// --systemd-cgroup flag, and (for a later ocirt process) the directories its create made.</summary>
public sealed record CgroupRequest(
    string ContainerId,
    string? CgroupsPath,
    bool SystemdCgroup = false,
    IReadOnlyList<string>? CreatedDirectories = null);
