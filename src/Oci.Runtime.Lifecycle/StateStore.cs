using System.Runtime.InteropServices;
using System.Text.Json;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Lifecycle;

/// <summary>
/// Containers on disk: &lt;root&gt;/&lt;id&gt;/state.json. Writers hold the container's
/// <see cref="ContainerLock"/>; readers need none, because every write is a rename of a
/// complete file over the old one, so a reader sees the old or the new state.
/// Nothing is fsynced, as runc and crun do not: the rename alone is atomic against readers and
/// against ocirt dying, and what state.json describes (processes, mounts) does not outlive the
/// machine. An fsync of the file and its directory was a fifth of `run`'s time on a disk root.
/// </summary>
public sealed class StateStore
{
    private const string StateFile = "state.json";

    /// <summary>
    /// The fifo a created container's init waits on; `start` removes it. Its absence is what
    /// says a container recorded as created has started (runc tells the two apart the same way),
    /// so `start` writes no state: one file and a rename fewer on every start, and a start on a
    /// full --root works, as runc's does.
    /// </summary>
    public const string ExecFifo = "exec.fifo";
    private const UnixFileMode RootMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    // 0700: config.json holds the container's environment (passwords, tokens), and a --root of
    // 0711, as containerd makes it, would let any local user read it. The init reaches the exec
    // fifo through a magic link of an O_PATH fd, which needs no search permission on the way.
    private const UnixFileMode ContainerMode = RootMode;

    public StateStore(string root) => Root = root;

    public string Root { get; }

    /// <summary>The container's directory; the id is checked first, as it becomes a path.</summary>
    public string DirectoryOf(string id)
    {
        ContainerId.Validate(id);
        return Path.Combine(Root, id);
    }

    /// <summary>Whether the container's state.json is there. One that cannot be seen (a 0700
    /// directory of root's, to a rootless caller) is an error naming it, not "does not exist".</summary>
    public bool Exists(string id)
    {
        var path = Path.Combine(DirectoryOf(id), StateFile);
        if (File.Exists(path))
            return true;
        if (!Directory.Exists(DirectoryOf(id)))
            return false;
        var fd = Libc.Open(path, Libc.O_RDONLY | Libc.O_CLOEXEC);
        if (fd >= 0)
        {
            Libc.Close(fd);
            return true;
        }
        var errno = Marshal.GetLastPInvokeError();
        return errno == Errno.ENOENT ? false : throw new OcirtException($"open {path}: {Errno.Describe(errno)}");
    }

    /// <summary>
    /// Makes the container's directory (failing if the id is taken) and records its first
    /// state. Returns the lock, held, so the caller finishes creating before anyone else acts.
    /// </summary>
    public ContainerLock Create(ContainerRecord record)
    {
        var directory = DirectoryOf(record.Id);
        MakeRoot();
        // mkdir(2), not Directory.CreateDirectory: an existing directory must fail, as the id is taken.
        if (Libc.Mkdir(directory, (int)ContainerMode) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new OcirtException(errno == Errno.EEXIST
                ? $"container \"{record.Id}\" already exists"
                : $"mkdir {directory}: {Errno.Describe(errno)}");
        }
        var held = ContainerLock.Acquire(directory);
        try
        {
            Save(record);
            return held;
        }
        catch
        {
            held.Dispose();
            Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    public ContainerRecord Load(string id) =>
        TryLoad(id) ?? throw new OcirtException($"container \"{id}\" does not exist");

    /// <summary>mkdir -p of the root, each missing part with the root's mode; a refusal names the part and the errno.</summary>
    private void MakeRoot()
    {
        if (Directory.Exists(Root))
            return;
        var path = "";
        foreach (var part in Root.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            path += "/" + part;
            if (Libc.Mkdir(path, (int)RootMode) != 0 && Marshal.GetLastPInvokeError() is var errno && errno != Errno.EEXIST)
                throw new OcirtException($"--root: mkdir {path}: {Errno.Describe(errno)}");
        }
    }

    public ContainerRecord? TryLoad(string id)
    {
        var path = Path.Combine(DirectoryOf(id), StateFile);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (UnauthorizedAccessException) when (Directory.Exists(path))
        {
            throw new OcirtException($"{path}: corrupt state: read: {Errno.Describe(Errno.EISDIR)}");
        }
        catch (UnauthorizedAccessException)
        {
            throw new OcirtException($"open {path}: {Errno.Describe(Errno.EACCES)}");
        }
        ContainerRecord record;
        try
        {
            record = ContainerRecordJson.Read(bytes);
        }
        catch (JsonException e)
        {
            // The reader's own messages say what is wrong; the parser's carry .NET's wording, so give the place only.
            throw new OcirtException(e.LineNumber is { } line
                ? $"{path}: corrupt state: invalid JSON at line {line + 1}, byte {e.BytePositionInLine + 1}"
                : $"{path}: corrupt state: {e.Message}");
        }
        if (record.Status == ContainerStatus.Created.ToWord() && !File.Exists(Path.Combine(DirectoryOf(id), ExecFifo)))
            record.Status = ContainerStatus.Running.ToWord();
        return record;
    }

    /// <summary>Locks an existing container for a change.</summary>
    public ContainerLock Lock(string id)
    {
        var directory = DirectoryOf(id);
        if (!Exists(id))
            throw new OcirtException($"container \"{id}\" does not exist");
        return ContainerLock.Acquire(directory);
    }

    /// <summary>Locks the container's directory, waiting for a create in flight; null when there is none.</summary>
    public ContainerLock? TryLock(string id)
    {
        var directory = DirectoryOf(id);
        return Directory.Exists(directory) ? ContainerLock.TryAcquire(directory) : null;
    }

    /// <summary>Replaces state.json atomically: temp file, then rename over the old one.</summary>
    public void Save(ContainerRecord record)
    {
        var directory = DirectoryOf(record.Id);
        var final = Path.Combine(directory, StateFile);
        var temporary = Path.Combine(directory, $".{StateFile}.{Environment.ProcessId}");
        var bytes = ContainerRecordJson.Write(record);
        // libc, not FileStream: a full or read-only --root must read "write …: no space left on device".
        var failure = WriteWhole(temporary, final, bytes);
        if (failure is null && Libc.Rename(temporary, final) != 0)
            failure = $"rename {temporary} to {final}: {Errno.Describe(Marshal.GetLastPInvokeError())}";
        if (failure is not null)
        {
            Libc.Unlink(temporary);
            throw new OcirtException(failure);
        }
    }

    /// <summary>Writes the whole file (0600); the failure in runc's words (naming the file it will become), or null.</summary>
    private static string? WriteWhole(string path, string shown, byte[] bytes)
    {
        var fd = Libc.Open(path, Libc.O_WRONLY | Libc.O_CREAT | Libc.O_TRUNC | Libc.O_CLOEXEC, 0x180);
        if (fd < 0)
            return $"open {shown}: {Errno.Describe(Marshal.GetLastPInvokeError())}";
        try
        {
            for (var written = 0; written < bytes.Length;)
            {
                var n = Libc.Write(fd, bytes.AsSpan(written), bytes.Length - written);
                if (n < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == Errno.EINTR)
                        continue;
                    return $"write {shown}: {Errno.Describe(errno)}";
                }
                written += (int)n;
            }
            return null;
        }
        finally
        {
            Libc.Close(fd);
        }
    }

    /// <summary>Removes the container's directory and everything in it.</summary>
    public void Remove(string id)
    {
        var directory = DirectoryOf(id);
        if (Directory.Exists(directory))
            Directory.Delete(directory, recursive: true);
    }

    /// <summary>Ids of every container under the root, sorted; an absent root holds none.</summary>
    public IReadOnlyList<string> ListIds()
    {
        if (!Directory.Exists(Root))
            return [];
        var ids = new List<string>();
        foreach (var directory in Directory.EnumerateDirectories(Root))
        {
            if (File.Exists(Path.Combine(directory, StateFile)))
                ids.Add(Path.GetFileName(directory));
        }
        ids.Sort(StringComparer.Ordinal);
        return ids;
    }

    /// <summary>The user owning the container's directory, as runc's `list` shows it ("#uid" when unnamed).</summary>
    public string OwnerOf(string id) => UserNames.NameOf(FileOwner.UidOf(DirectoryOf(id)));
}
