namespace Oci.Runtime.Lifecycle;

/// <summary>
/// What a container holds on the host besides its state directory (cgroups; poststop hooks
/// to run): released by delete once the container has stopped. Behind an interface because
/// the lifecycle rules do not depend on how the host is managed.
/// </summary>
public interface IContainerResources
{
    void Release(ContainerRecord record);

    /// <summary>
    /// `delete --force` of a container whose record cannot be read (garbage, empty, a directory):
    /// what its record would have named is found another way, its processes killed and its cgroup
    /// removed. <paramref name="why"/> says what was wrong with the record.
    /// </summary>
    void Salvage(string id, string directory, string why);

    /// <summary>Lets a paused (frozen) container's processes run again, e.g. to die of a pending SIGKILL.</summary>
    void Thaw(ContainerRecord record);
}
