namespace Oci.Runtime.Lifecycle;

/// <summary>
/// What a container holds on the host besides its state directory (cgroups; poststop hooks
/// to run): released by delete once the container has stopped. Behind an interface because
/// the lifecycle rules do not depend on how the host is managed.
/// </summary>
public interface IContainerResources
{
    void Release(ContainerRecord record);

    /// <summary>Lets a paused (frozen) container's processes run again, e.g. to die of a pending SIGKILL.</summary>
    void Thaw(ContainerRecord record);
}
