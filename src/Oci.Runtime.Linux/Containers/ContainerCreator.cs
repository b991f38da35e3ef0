using System.Globalization;
using Microsoft.Extensions.Logging;
using Oci.Runtime.Cgroups;
using Oci.Runtime.Lifecycle;
using Oci.Runtime.Linux.Setup;
using Oci.Runtime.Linux.Spawning;
using Oci.Runtime.Spec;
using ContainerStatus = Oci.Runtime.Lifecycle.ContainerStatus;

namespace Oci.Runtime.Linux.Containers;

/// <summary>
/// `create`: records the container, compiles its setup program, clones the init, answers its
/// sync points (id maps, rlimits, oom_score_adj, hooks), and records it created once the init
/// waits on the exec fifo. Any failure kills the init and removes everything made so far.
/// </summary>
public sealed class ContainerCreator(StateStore store, ILogger log)
{
    public const string ContainerConfig = "config.json";

    /// <summary>Creates the container; the caller owns the returned init handle (to wait on it for `run`).</summary>
    public (ContainerRecord Record, ChildProcess Init) Create(CreateRequest request)
    {
        var rootfs = Path.GetFullPath(Path.Combine(request.Bundle, request.Spec.Root!.Path));
        if (!Directory.Exists(rootfs))
            throw new OcirtException($"root.path: rootfs \"{rootfs}\" does not exist or is not a directory");
        var record = new ContainerRecord
        {
            OciVersion = request.Spec.OciVersion,
            Id = request.Id,
            Status = ContainerStatus.Creating.ToWord(),
            Bundle = request.Bundle,
            Rootfs = rootfs,
            Created = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'00Z'", CultureInfo.InvariantCulture),
            Annotations = request.Spec.Annotations,
            CgroupsPath = request.Spec.Linux?.CgroupsPath,
            SystemdCgroup = request.SystemdCgroup,
            Hooks = request.Spec.Hooks,
            Resources = request.Spec.Linux?.Resources,
            Namespaces = request.Spec.Linux?.Namespaces?.Select(n => n.Type).ToList(),
        };
        var cgroup = ContainerCgroups.Open(record, log);
        ContainerCgroups.RefuseFrozen(cgroup);
        // Recorded before they are made: a create killed at any instant leaves a record that
        // `delete --force` removes them by (an existing directory is not ours to remove).
        record.CgroupDirectories = [.. ContainerCgroups.Guard(cgroup.DirectoriesToCreate)];
        using var held = store.Create(record);
        using var fds = new OpenFds();
        ChildProcess? child = null;
        InitSession? session = null;
        try
        {
            // Not saved here: until `located` saves it, the record lists every directory that was
            // to be made, and `delete --force` after a crash finds the ones that were.
            cgroup = ContainerCgroups.Create(cgroup, request.Spec, record, request.Rootless, log);
            var directory = store.DirectoryOf(request.Id);
            // exec takes the container's process (env, user, capabilities, seccomp) as its defaults, as runc does.
            // The text as read, not the spec written back: writing it anew would configure serializer
            // metadata for every spec type a second time, on every create.
            WritePrivately(Path.Combine(directory, ContainerConfig), request.ConfigJson);
            using var channel = SyncChannel.Create();
            var plan = Plan(request, rootfs, directory, fds, cgroup, channel);
            if (plan.SharesHostMounts)
            {
                log.LogWarning("linux.namespaces: no mount namespace: the container shares the runtime's, its mounts are made on the host under \"{Rootfs}\" (delete removes them) and its root is a chroot", rootfs);
                HostMountsMade.NoteBefore(directory, rootfs);
            }
            var program = ContainerProgram.Compile(plan);
            // The listing is built only for a debug log: it costs as much as compiling the program.
            if (log.IsEnabled(LogLevel.Debug))
                log.LogDebug("setup program for {Id}:\n{Listing}", request.Id, ContainerProgram.Listing(program));
            // On a cgroup2 hierarchy the init is born in its cgroup (CLONE_INTO_CGROUP): nothing of it ever runs outside.
            var cgroupFd = cgroup.UnifiedPath is { } unified ? fds.Open(unified, OpenFds.DirectoryPath, "cgroup") : -1;
            var spawned = Spawner.Spawn(program, channel, cgroupFd);
            child = spawned.Child;
            using var sync = spawned.Sync;
            session = new InitSession(request, record, program, child, sync, log);
            var init = session.Run(
                located: initPid =>
                {
                    Locate(record, initPid);
                    store.Save(record);
                },
                ready: initPid =>
                {
                    Locate(record, initPid);
                    // Started at once, there is no fifo, so this record already reads as running.
                    record.Status = ContainerStatus.Created.ToWord();
                    store.Save(record);
                    if (request.PidFile is { } pidFile)
                        PidFile.Write(pidFile, initPid);
                    if (request.StartAtOnce)
                        ContainerStarter.RunStartContainerHooks(record, () => request.Spec.Process, log);
                });
            if (request.StartAtOnce)
                SetupReports.AwaitExec(sync, program);
            if (init != child)
                child.Dispose();
            return (record, init);
        }
        catch
        {
            // Every step is attempted and none may hide the error that got us here.
            var init = session?.Init;
            BestEffort(() => init?.Terminate());
            BestEffort(() => child?.Terminate());
            if (init != child)
                init?.Dispose();
            child?.Dispose();
            BestEffort(() => ContainerCgroups.Guard(cgroup.Destroy));
            if (HostMountsMade.Apply(record.Namespaces))
                BestEffort(() => HostMountsMade.Undo(store.DirectoryOf(request.Id), rootfs, log));
            BestEffort(() => store.Remove(request.Id));
            throw;
        }
    }

    private void BestEffort(Action cleanup)
    {
        try
        {
            cleanup();
        }
        catch (Exception e) when (e is OcirtException or IOException or UnauthorizedAccessException)
        {
            log.LogWarning("clean-up after a failed create: {Message}", e.Message);
        }
    }

    /// <summary>Notes the init's pid and start time in the record (the pair that identifies it for later verbs).</summary>
    private static void Locate(ContainerRecord record, int pid)
    {
        record.Pid = pid;
        record.PidStartTime = new ProcFsProcessProbe().Probe(pid)?.StartTime
            ?? throw new OcirtException($"container init {pid} vanished during create");
    }

    /// <summary>0600 whatever the umask: the saved config holds the container's environment.</summary>
    private static void WritePrivately(string path, byte[] json)
    {
        using var file = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        file.Write(json);
    }

    private static ContainerPlan Plan(CreateRequest request, string rootfs, string directory, OpenFds fds, ICgroupManager cgroup, SyncChannel channel) =>
        ContainerPlans.Build(request, rootfs, cgroup, channel.ChildEnd,
            execFifoFd: request.StartAtOnce ? -1 : MakeExecFifo(directory, fds),
            consoleSocketFd: request.ConsoleSocket is { } socket ? fds.Connect(socket) : request.ConsoleFd,
            openNamespace: ns => fds.Open(ns.Path!, OpenFds.ReadOnly, $"linux.namespaces: {ns.Type} namespace \"{ns.Path}\""),
            cgroupJoinFds: ContainerCgroups.OpenJoinFiles(cgroup, fds),
            cloneMount: fds.CloneMount,
            idmap: (tree, index) => IdmappedMounts.Apply(tree, request.Spec, index, fds));

    /// <summary>The fifo a created container's init waits on until `start`; returns an O_PATH fd of it for the child.</summary>
    private static int MakeExecFifo(string directory, OpenFds fds)
    {
        var fifo = Path.Combine(directory, StateStore.ExecFifo);
        // 0622: the init writes to it after dropping to the container's user.
        var made = Syscalls.MakeFifo(fifo, 0x192);
        if (made < 0)
            throw new OcirtException($"mkfifo {fifo}: {Errno.Describe((int)-made)}");
        // mkfifo applied the caller's umask; the container's user must be able to open it for writing.
        File.SetUnixFileMode(fifo, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite);
        return fds.Open(fifo, OpenFds.PathOnly, "exec fifo");
    }
}
