using Oci.Runtime.Spec;

namespace Oci.Runtime.Lifecycle;

/// <summary>
/// The lifecycle verbs that need only the state store and the host's process table:
/// state, list, kill and delete. Messages keep runc's key phrases ("does not exist",
/// "container not running") because containerd and podman match on them.
/// </summary>
public sealed class ContainerManager(StateStore store, IHostProcesses processes, IContainerResources? resources = null)
{
    private const int SigKill = 9;
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(10);

    public StateStore Store => store;

    public ContainerStatus StatusOf(ContainerRecord record) => StatusResolver.Resolve(record, processes);

    public ContainerStateView View(string id)
    {
        var record = store.Load(id);
        return ContainerStateView.From(record, StatusOf(record), store.OwnerOf(id));
    }

    /// <summary>Every container under the root; one that cannot be read is reported and skipped, as runc does.</summary>
    public List<ContainerStateView> ListViews(Action<string, string> onUnreadable)
    {
        var views = new List<ContainerStateView>();
        foreach (var id in store.ListIds())
        {
            try
            {
                views.Add(View(id));
            }
            catch (OcirtException e)
            {
                onUnreadable(id, e.Message);
            }
        }
        return views;
    }

    /// <summary>Signals the init process. A created container may be signalled; a stopped one may not.</summary>
    public void Kill(string id, int signal)
    {
        var record = store.Load(id);
        if (StatusOf(record) == ContainerStatus.Stopped || !processes.Signal(record.Pid, record.PidStartTime, signal))
            throw new OcirtException($"cannot signal container \"{id}\": container not running");
    }

    /// <summary>
    /// Removes a stopped container. A created one is killed first (its init only waits on the
    /// exec fifo); a running or paused one only with <paramref name="force"/>. With force, an
    /// id that does not exist is not an error: engines call `delete --force` on every removal.
    /// </summary>
    public void Delete(string id, bool force)
    {
        // The lock first, then the record: a create in flight holds the lock until the container
        // is created or wholly undone, and a record read before it lets go would be stale (no
        // pid yet) and leave the init waiting forever on a removed exec fifo.
        using var held = store.TryLock(id);
        ContainerRecord? record;
        try
        {
            record = held is null ? null : store.TryLoad(id);
        }
        catch (OcirtException unreadable) when (force)
        {
            // runc gives up here and leaves the init, its cgroup and the state behind.
            resources?.Salvage(id, store.DirectoryOf(id), unreadable.Message);
            store.Remove(id);
            return;
        }
        if (record is null)
        {
            if (force)
            {
                // A directory without state.json: a create killed before it wrote its first record.
                store.Remove(id);
                return;
            }
            throw new OcirtException($"container \"{id}\" does not exist");
        }
        var status = StatusOf(record);
        if (status is ContainerStatus.Running or ContainerStatus.Paused && !force)
            throw new OcirtException($"cannot delete container \"{id}\" that is not stopped: {status.ToWord()}");
        if (status != ContainerStatus.Stopped)
            KillAndWait(record, status);
        resources?.Release(record);
        store.Remove(id);
    }

    private void KillAndWait(ContainerRecord record, ContainerStatus status)
    {
        if (!processes.Signal(record.Pid, record.PidStartTime, SigKill))
            return;
        // A frozen init keeps its SIGKILL pending until thawed (runc thaws after signalling too).
        if (status == ContainerStatus.Paused)
            resources?.Thaw(record);
        var deadline = DateTime.UtcNow + ExitWait;
        while (StatusOf(record) != ContainerStatus.Stopped)
        {
            if (DateTime.UtcNow > deadline)
                throw new OcirtException($"container \"{record.Id}\": init process {record.Pid} did not exit after SIGKILL");
            Thread.Sleep(10);
        }
    }
}
