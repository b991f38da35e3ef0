using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Oci.Runtime.Integration.Tests.Infrastructure;

namespace Oci.Runtime.Integration.Tests;

/// <summary>A create that fails says why, naming the config field, and leaves nothing behind.</summary>
[Collection(RealContainers.Name)]
public sealed class ExecutorFailureTests : IDisposable
{
    private readonly ContainerBundle _bundle = new();

    public void Dispose() => _bundle.Dispose();

    private string CreateFails()
    {
        _bundle.Save();
        var id = _bundle.NewId();
        var create = _bundle.Ocirt("create", "--bundle", _bundle.Bundle, id);
        var message = LogLines.ExpectTextError(create.AsRunResult());
        // Mounts are checked under the sandbox (AssertNoLeaks): a count of all the host's mounts
        // would also see whatever else the machine mounts meanwhile.
        _bundle.AssertNoLeaks(id);
        Host.MountPoints().Should().NotContain(m => m.Contains(_bundle.Rootfs, StringComparison.Ordinal),
            "a failed create leaves no mount of the rootfs in the host's namespace");
        _bundle.Sandbox.RootEntries().Should().BeEmpty("the state root holds nothing of the failed container");
        return message;
    }

    [Fact]
    public void MissingCommandFailsCreate()
    {
        _bundle.SetArgs("no-such-command", "x");

        CreateFails().Should().Contain("exec: \"no-such-command\": executable file not found in $PATH");
    }

    [Fact]
    public void MissingAbsoluteCommandFailsCreate()
    {
        // runc (Go's exec.LookPath): a name with a slash is not looked up in $PATH; the error is stat's.
        _bundle.SetArgs("/bin/no-such-command");

        CreateFails().Should().Contain("/bin/no-such-command").And.Contain("no such file or directory");
    }

    [Fact]
    public void NonExecutableFileIsPermissionDenied()
    {
        File.WriteAllText(Path.Combine(_bundle.Rootfs, "notexec"), "#!/bin/sh\n");
        _bundle.SetArgs("/notexec");

        CreateFails().Should().Contain("exec: \"/notexec\": permission denied");
    }

    [Fact]
    public void UnknownFilesystemTypeNamesTheMount()
    {
        _bundle.Mounts.Add(JsonNode.Parse("""{"destination":"/x","type":"nosuchfs","source":"none"}"""));
        var index = _bundle.Mounts.Count - 1;

        CreateFails().Should().Contain($"mounts[{index}]").And.Contain("\"/x\"").And.Contain("no such device");
    }

    [Fact]
    public void MissingBindSourceNamesTheMount()
    {
        _bundle.Mounts.Add(JsonNode.Parse("""{"destination":"/x","type":"bind","source":"/no/such/source","options":["rbind"]}"""));
        var index = _bundle.Mounts.Count - 1;

        CreateFails().Should().Contain($"mounts[{index}]").And.Contain("no such file or directory");
    }

    [Fact]
    public void JoiningAMissingNamespaceFailsCreate()
    {
        foreach (var ns in _bundle.Namespaces.Where(n => (string?)n!["type"] == "network"))
            ns!["path"] = "/proc/999999999/ns/net";

        CreateFails().Should().Contain("linux.namespaces").And.Contain("/proc/999999999/ns/net");
    }

    [Fact]
    public void MissingRootfsFailsCreate()
    {
        _bundle.Config["root"]!["path"] = "no-such-rootfs";

        CreateFails().Should().Contain("root.path");
    }
}

/// <summary>Namespaces checked from outside: joined ones are the target's, new ones are not the host's, a user namespace is mapped.</summary>
[Collection(RealContainers.Name)]
public sealed class ExecutorNamespaceTests : IDisposable
{
    private readonly ContainerBundle _bundle = new();
    private readonly List<Process> _holders = [];

    public void Dispose()
    {
        _bundle.Dispose();
        foreach (var holder in _holders)
        {
            try
            {
                if (!holder.HasExited)
                    holder.Kill(entireProcessTree: true);
                holder.WaitForExit();
            }
            catch (InvalidOperationException)
            {
            }
            holder.Dispose();
        }
    }

    /// <summary>A process in new namespaces of its own (unshare(1)), to join by /proc/PID/ns/*.</summary>
    private int Holder(params string[] unshareFlags)
    {
        var info = new ProcessStartInfo("unshare", [.. unshareFlags, "sleep", "600"]) { UseShellExecute = false };
        var process = Process.Start(info)!;
        _holders.Add(process);
        ExecutorLifecycleTests.WaitFor(() => File.ReadAllText($"/proc/{process.Id}/cmdline").StartsWith("sleep", StringComparison.Ordinal),
            "unshare has exec'd sleep");
        return process.Id;
    }

    private (string Id, int Pid) CreateSleeping()
    {
        _bundle.SetArgs("sleep", "600");
        _bundle.Save();
        var id = _bundle.NewId();
        var create = _bundle.Ocirt("create", "--bundle", _bundle.Bundle, id);
        create.ExitCode.Should().Be(0, create.ToString());
        return (id, (int)_bundle.State(id)["pid"]!);
    }

    [Fact]
    public void JoinedNetworkNamespaceIsTheTargetsAndTheOthersAreNew()
    {
        var holder = Holder("--net");
        var target = $"/proc/{holder}/ns/net";
        foreach (var ns in _bundle.Namespaces.Where(n => (string?)n!["type"] == "network"))
            ns!["path"] = target;

        var (id, pid) = CreateSleeping();

        Host.NamespaceInode($"/proc/{pid}/ns/net").Should().Be(Host.NamespaceInode(target));
        Host.NamespaceInode($"/proc/{pid}/ns/net").Should().NotBe(Host.NamespaceInode("/proc/self/ns/net"));
        foreach (var ns in new[] { "pid", "ipc", "uts", "mnt" })
            Host.NamespaceInode($"/proc/{pid}/ns/{ns}").Should().NotBe(Host.NamespaceInode($"/proc/self/ns/{ns}"), "{0} is new", ns);
        File.ReadAllText($"/proc/{pid}/status").Should().Contain("NSpid:\t" + pid + "\t1", "after joining, the init is forked into its new PID namespace");
        File.ReadAllLines($"/proc/{pid}/cgroup").Should().OnlyContain(l => l.EndsWith("/" + id, StringComparison.Ordinal),
            "the forked init is in the container's cgroups too");

        _bundle.Ocirt("start", id).ExitCode.Should().Be(0);
        ExecutorLifecycleTests.WaitFor(() => File.ReadAllText($"/proc/{pid}/cmdline") == "sleep\0600\0", "the forked init runs the process");
        _bundle.Ocirt("delete", "--force", id).ExitCode.Should().Be(0);
        _bundle.AssertNoLeaks(id);
        Host.IsAlive(holder).Should().BeTrue("deleting the container does not touch the joined namespace's owner");
    }

    [Fact]
    public void JoinedUserAndPidNamespacesAreAnotherContainers()
    {
        // Container A in a new user namespace (root mapped to 100000), as a target to join by path.
        _bundle.Namespaces.Add(JsonNode.Parse("""{"type":"user"}"""));
        _bundle.Config["linux"]!["uidMappings"] = JsonNode.Parse("""[{"containerID":0,"hostID":100000,"size":65536}]""");
        _bundle.Config["linux"]!["gidMappings"] = JsonNode.Parse("""[{"containerID":0,"hostID":100000,"size":65536}]""");
        var (first, firstPid) = CreateSleeping();
        File.ReadAllText($"/proc/{firstPid}/uid_map").Split(' ', StringSplitOptions.RemoveEmptyEntries).Should().Equal("0", "100000", "65536\n");

        // Container B joins A's user and PID namespaces by their /proc paths (its mount namespace is its own).
        foreach (var ns in _bundle.Namespaces.Where(n => (string?)n!["type"] is "user" or "pid"))
            ns!["path"] = $"/proc/{firstPid}/ns/{(string?)ns["type"]}";
        ((JsonObject)_bundle.Config["linux"]!).Remove("uidMappings");
        ((JsonObject)_bundle.Config["linux"]!).Remove("gidMappings");
        var (second, secondPid) = CreateSleeping();

        foreach (var ns in new[] { "user", "pid" })
            Host.NamespaceInode($"/proc/{secondPid}/ns/{ns}").Should().Be(Host.NamespaceInode($"/proc/{firstPid}/ns/{ns}"), "{0} is A's", ns);
        Host.NamespaceInode($"/proc/{secondPid}/ns/mnt").Should().NotBe(Host.NamespaceInode($"/proc/{firstPid}/ns/mnt"));
        Host.NamespaceInode($"/proc/{secondPid}/ns/user").Should().NotBe(Host.NamespaceInode("/proc/self/ns/user"));
        _bundle.Ocirt("delete", "--force", second).ExitCode.Should().Be(0);
        _bundle.Ocirt("delete", "--force", first).ExitCode.Should().Be(0);
        _bundle.AssertNoLeaks(second);
        _bundle.AssertNoLeaks(first);
    }

    [Fact]
    public void JoinedMountNamespaceIsTheTargetsAndTheRootfsIsSetUpInIt()
    {
        var holder = Holder("--mount");
        var target = $"/proc/{holder}/ns/mnt";
        foreach (var ns in _bundle.Namespaces.Where(n => (string?)n!["type"] == "mount"))
            ns!["path"] = target;

        var (id, pid) = CreateSleeping();

        Host.NamespaceInode($"/proc/{pid}/ns/mnt").Should().Be(Host.NamespaceInode(target));
        File.ReadAllLines($"/proc/{pid}/mountinfo").Should().Contain(l => l.Contains("/bundle/rootfs / "), "the rootfs is the root inside the joined namespace");
        _bundle.Ocirt("start", id).ExitCode.Should().Be(0);
        ExecutorLifecycleTests.WaitFor(() => File.ReadAllText($"/proc/{pid}/cmdline") == "sleep\0600\0", "the init runs the process");
        _bundle.Ocirt("delete", "--force", id).ExitCode.Should().Be(0);
        _bundle.AssertNoLeaks(id);
    }

    [Fact]
    public void AFailureAfterTheForkIntoAJoinedNamespaceReportsItsOwnErrorAndLeavesNothing()
    {
        var holder = Holder("--net");
        foreach (var ns in _bundle.Namespaces.Where(n => (string?)n!["type"] == "network"))
            ns!["path"] = $"/proc/{holder}/ns/net";
        _bundle.SetArgs("no-such-command");
        _bundle.Save();
        var id = _bundle.NewId();

        var create = _bundle.Ocirt("create", "--bundle", _bundle.Bundle, id);

        create.ExitCode.Should().Be(1);
        create.ToString().Should().Contain("executable file not found in $PATH").And.NotContain("waitid");
        _bundle.AssertNoLeaks(id);
    }

    [Fact]
    public void SharedRootfsPropagationRuns()
    {
        _bundle.Config["linux"]!["rootfsPropagation"] = "rshared";
        var (id, pid) = CreateSleeping();

        _bundle.Ocirt("start", id).ExitCode.Should().Be(0);
        File.ReadAllLines($"/proc/{pid}/mountinfo").Should().Contain(l => l.Contains("/bundle/rootfs / ") && l.Contains("shared:"),
            "the container's root is shared");
        _bundle.Ocirt("delete", "--force", id).ExitCode.Should().Be(0);
        _bundle.AssertNoLeaks(id);
    }

    [Fact]
    public void JoinedIpcAndUtsNamespacesAreTheTargets()
    {
        var holder = Holder("--ipc", "--uts");
        foreach (var ns in _bundle.Namespaces.Where(n => (string?)n!["type"] is "ipc" or "uts"))
            ns!["path"] = $"/proc/{holder}/ns/{(string?)ns["type"]}";
        _bundle.Config.Remove("hostname");

        var (id, pid) = CreateSleeping();

        Host.NamespaceInode($"/proc/{pid}/ns/ipc").Should().Be(Host.NamespaceInode($"/proc/{holder}/ns/ipc"));
        Host.NamespaceInode($"/proc/{pid}/ns/uts").Should().Be(Host.NamespaceInode($"/proc/{holder}/ns/uts"));
        _bundle.Ocirt("delete", "--force", id).ExitCode.Should().Be(0);
        _bundle.AssertNoLeaks(id);
    }

    [Fact]
    public void NewUserNamespaceIsMappedAndTheProcessRunsAsItsRoot()
    {
        Host.Execute("chown", "-R", "100000:100000", _bundle.Rootfs).ExitCode.Should().Be(0);
        _bundle.Namespaces.Add(JsonNode.Parse("""{"type":"user"}"""));
        _bundle.Linux["uidMappings"] = JsonNode.Parse("""[{"containerID":0,"hostID":100000,"size":65536}]""");
        _bundle.Linux["gidMappings"] = JsonNode.Parse("""[{"containerID":0,"hostID":100000,"size":65536}]""");
        _bundle.Shell("echo id=$(id -u):$(id -g); echo map=$(cat /proc/self/uid_map | tr -s ' ' | sed 's/^ //'); echo null=$(stat -c '%t:%T' /dev/null); exec sleep 600");
        _bundle.Save();
        var id = _bundle.NewId();

        var create = _bundle.Ocirt("create", "--bundle", _bundle.Bundle, id);
        create.ExitCode.Should().Be(0, create.ToString());
        var pid = (int)_bundle.State(id)["pid"]!;
        Host.IsAlive(pid).Should().BeTrue("the created init waits on the exec fifo (state: {0})", _bundle.State(id).ToJsonString());
        Host.NamespaceInode($"/proc/{pid}/ns/user").Should().NotBe(Host.NamespaceInode("/proc/self/ns/user"));
        File.ReadAllText($"/proc/{pid}/uid_map").Split(' ', StringSplitOptions.RemoveEmptyEntries).Should().Equal("0", "100000", "65536\n");
        File.ReadAllText($"/proc/{pid}/status").Should().Contain("Uid:\t100000\t100000\t100000\t100000");

        var start = _bundle.Ocirt("start", id);
        start.ExitCode.Should().Be(0, start.ToString());
        ExecutorLifecycleTests.WaitFor(() =>
            Directory.GetFiles(_bundle.Sandbox.Directory, "stdout.*").Select(CliRun.ReadOrEmpty).Any(s => s.Contains("null=")), "the container printed");
        var stdout = Directory.GetFiles(_bundle.Sandbox.Directory, "stdout.*").Select(CliRun.ReadOrEmpty).First(s => s.Contains("null="));
        stdout.Should().Contain("id=0:0").And.Contain("map=0 100000 65536").And.Contain("null=1:3");
        _bundle.Ocirt("delete", "--force", id).ExitCode.Should().Be(0);
        _bundle.AssertNoLeaks(id);
    }
}

/// <summary>process.terminal with --console-socket: the pty master arrives over SCM_RIGHTS and carries the process's output.</summary>
[Collection(RealContainers.Name)]
public sealed class ExecutorConsoleTests : IDisposable
{
    private readonly ContainerBundle _bundle = new();

    public void Dispose() => _bundle.Dispose();

    [Fact]
    public void ConsoleSocketReceivesThePtyMaster()
    {
        _bundle.Process["terminal"] = true;
        _bundle.Process["consoleSize"] = JsonNode.Parse("""{"height":33,"width":101}""");
        _bundle.Shell("echo tty=$(tty); echo size=$(stty size); echo hello-from-pty; sleep 1");
        _bundle.Save();
        var socketPath = Path.Combine(_bundle.Sandbox.Directory, "console.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        listener.Listen(1);
        var master = -1;
        Exception? failure = null;
        var receiver = new Thread(() =>
        {
            try
            {
                using var connection = listener.Accept();
                master = ConsoleFd.Receive((int)connection.Handle);
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
            {
                failure = e;
            }
        }) { IsBackground = true };
        receiver.Start();
        var id = _bundle.NewId();

        var create = _bundle.Ocirt("create", "--bundle", _bundle.Bundle, "--console-socket", socketPath, id);

        create.ExitCode.Should().Be(0, create.ToString());
        receiver.Join(TimeSpan.FromSeconds(10)).Should().BeTrue("the pty master arrives during create");
        failure.Should().BeNull();
        master.Should().BeGreaterThan(2);
        try
        {
            new FileInfo($"/proc/self/fd/{master}").LinkTarget.Should().Be("/dev/pts/ptmx", "a pty master of the container's devpts");
            _bundle.Ocirt("start", id).ExitCode.Should().Be(0);
            var output = ConsoleFd.ReadAll(master, TimeSpan.FromSeconds(10));
            output.Should().Contain("tty=/dev/pts/0").And.Contain("size=33 101").And.Contain("hello-from-pty");
        }
        finally
        {
            ConsoleFd.Close(master);
        }
        _bundle.Ocirt("delete", "--force", id).ExitCode.Should().Be(0);
        _bundle.AssertNoLeaks(id);
    }

    [Fact]
    public void TerminalWithoutConsoleSocketFailsCreateCleanly()
    {
        _bundle.Process["terminal"] = true;
        _bundle.Save();
        var id = _bundle.NewId();

        var create = _bundle.Ocirt("create", "--bundle", _bundle.Bundle, id);

        LogLines.ExpectTextError(create.AsRunResult()).Should().Contain("console-socket");
        _bundle.AssertNoLeaks(id);
    }
}

/// <summary>recvmsg of one SCM_RIGHTS fd, and plain reads of it.</summary>
internal static unsafe class ConsoleFd
{
    [StructLayout(LayoutKind.Sequential)]
    private struct IoVec
    {
        public void* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MsgHdr
    {
        public void* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern nint recvmsg(int fd, MsgHdr* message, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern nint read(int fd, byte* buffer, nuint count);

    [DllImport("libc", SetLastError = true)]
    private static extern int poll(long* fds, nuint count, int timeout);

    [DllImport("libc")]
    private static extern int close(int fd);

    public static int Receive(int socket)
    {
        var data = stackalloc byte[16];
        var control = stackalloc byte[64];
        var iov = new IoVec { Base = data, Length = 16 };
        var message = new MsgHdr { Iov = &iov, IovLength = 1, Control = control, ControlLength = 64 };
        var n = recvmsg(socket, &message, 0x40000000 /* MSG_CMSG_CLOEXEC */);
        if (n < 0)
            throw new IOException($"recvmsg: errno {Marshal.GetLastPInvokeError()}");
        // struct cmsghdr { size_t len; int level; int type; } then the data.
        var length = *(ulong*)control;
        var level = *(int*)(control + 8);
        var type = *(int*)(control + 12);
        if (message.ControlLength < 20 || length != 20 || level != 1 /* SOL_SOCKET */ || type != 1 /* SCM_RIGHTS */)
            throw new IOException($"no SCM_RIGHTS fd (controllen {message.ControlLength}, len {length}, level {level}, type {type})");
        return *(int*)(control + 16);
    }

    /// <summary>Reads until EIO (every slave closed) or the deadline.</summary>
    public static string ReadAll(int fd, TimeSpan timeout)
    {
        var text = new System.Text.StringBuilder();
        var buffer = stackalloc byte[4096];
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            long entry = (uint)fd | (1L << 32); // struct pollfd { int fd; short events = POLLIN; short revents; }
            var ready = poll(&entry, 1, 100);
            if (ready <= 0)
                continue;
            var n = read(fd, buffer, 4096);
            if (n <= 0)
                break;
            text.Append(System.Text.Encoding.UTF8.GetString(buffer, (int)n));
        }
        return text.ToString();
    }

    public static void Close(int fd) => close(fd);
}
