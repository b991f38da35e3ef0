using Oci.Runtime.Integration.Tests.Infrastructure;

namespace Oci.Runtime.Integration.Tests;

/// <summary>
/// A config without a mount namespace: the container shares the runtime's (runtime-spec:
/// inherited), its mounts are made on the host under the rootfs and its root is a chroot.
/// runc and crun leave those mounts on the host after delete; ocirt removes them, and only
/// them: mounts that were on the rootfs before create stay.
/// </summary>
[Collection(RealContainers.Name)]
public sealed class NoMountNamespaceTests : IDisposable
{
    private readonly ContainerBundle _bundle = new();

    public NoMountNamespaceTests()
    {
        _bundle.RemoveNamespace("mount");
        File.WriteAllText(Path.Combine(_bundle.Rootfs, "etc", "marker"), "the container's rootfs");
    }

    public void Dispose() => _bundle.Dispose();

    private string[] MountsUnderRootfs() =>
        Host.MountPoints().Where(m => m == _bundle.Rootfs || m.StartsWith(_bundle.Rootfs + "/", StringComparison.Ordinal)).ToArray();

    [Fact]
    public void TheContainerSharesTheMountNamespaceSeesItsRootfsAndDeleteRemovesItsMounts()
    {
        var id = _bundle.NewId();
        _bundle.Shell("cat /etc/marker; echo; grep -c ' /proc ' /proc/self/mountinfo; sleep 100");
        _bundle.Save();

        var create = _bundle.Ocirt("create", "--bundle", _bundle.Bundle, id);

        create.ExitCode.Should().Be(0, create.ToString());
        create.Stderr.Should().Contain("no mount namespace").And.Contain("delete removes them");
        var pid = (int)_bundle.State(id)["pid"]!;
        Host.NamespaceInode($"/proc/{pid}/ns/mnt").Should().Be(Host.NamespaceInode("/proc/self/ns/mnt"), "the mount namespace is inherited");
        File.ResolveLinkTarget($"/proc/{pid}/root", false)!.FullName.Should().Be(_bundle.Rootfs, "the init is chrooted into the rootfs");
        MountsUnderRootfs().Should().Contain([_bundle.Rootfs, _bundle.Rootfs + "/proc", _bundle.Rootfs + "/dev"], "the config's mounts are made on the host");
        _bundle.Ocirt("start", id).ExitCode.Should().Be(0);
        var exec = _bundle.Ocirt("exec", id, "sh", "-c", "cat /etc/marker; echo; ls /proc/1/root/etc/marker");
        exec.ExitCode.Should().Be(0, exec.ToString());
        exec.Stdout.Should().StartWith("the container's rootfs\n", "exec enters the container's root, not the host's");

        var delete = _bundle.Ocirt("delete", "--force", id);

        delete.ExitCode.Should().Be(0, delete.ToString());
        MountsUnderRootfs().Should().BeEmpty("delete detaches every mount create made");
        _bundle.AssertNoLeaks();
    }

    [Fact]
    public void MountsOnTheRootfsFromBeforeCreateStayAfterDelete()
    {
        // as an engine leaves it: the rootfs a mount of its own, with a mount inside it
        Host.Execute("mount", "--bind", _bundle.Rootfs, _bundle.Rootfs).ExitCode.Should().Be(0);
        Directory.CreateDirectory(Path.Combine(_bundle.Rootfs, "pre"));
        Host.Execute("mount", "-t", "tmpfs", "pre-existing", Path.Combine(_bundle.Rootfs, "pre")).ExitCode.Should().Be(0);
        File.WriteAllText(Path.Combine(_bundle.Rootfs, "pre", "f"), "kept");
        var before = MountsUnderRootfs();
        var id = _bundle.NewId();
        _bundle.Shell("cat /pre/f");
        _bundle.Save();

        var run = _bundle.Ocirt("run", "--bundle", _bundle.Bundle, id);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().Be("kept", "the container sees what was mounted in its rootfs");
        MountsUnderRootfs().Should().Equal(before, "only the container's own mounts go");
        File.ReadAllText(Path.Combine(_bundle.Rootfs, "pre", "f")).Should().Be("kept");
    }

    [Fact]
    public void AFailedCreateLeavesNoMountBehind()
    {
        var id = _bundle.NewId();
        _bundle.Mounts.Add(new System.Text.Json.Nodes.JsonObject
        {
            ["destination"] = "/late", ["type"] = "bind", ["source"] = "/nonexistent-ocirt-source", ["options"] = new System.Text.Json.Nodes.JsonArray("rbind"),
        });
        _bundle.Save();

        var create = _bundle.Ocirt("create", "--bundle", _bundle.Bundle, id);

        create.ExitCode.Should().Be(1);
        create.Stderr.Should().Contain("/nonexistent-ocirt-source").And.Contain("no such file or directory");
        MountsUnderRootfs().Should().BeEmpty("the mounts made before the failing one are detached");
        _bundle.AssertNoLeaks();
    }

    [Fact]
    public void DeleteWithAnUnreadableNoteWarnsAndLeavesTheMountsRatherThanGuess()
    {
        var id = _bundle.NewId();
        _bundle.SetArgs("/bin/sleep", "100");
        _bundle.Save();
        _bundle.Ocirt("create", "--bundle", _bundle.Bundle, id).ExitCode.Should().Be(0);
        var note = Path.Combine(_bundle.Sandbox.Root, id, "rootfs-mounts-before");
        File.WriteAllText(note, "12\nnot-an-id\n");

        var delete = _bundle.Ocirt("delete", "--force", id);

        try
        {
            delete.ExitCode.Should().Be(0, delete.ToString());
            delete.Stderr.Should().Contain(note).And.Contain("not a mount id").And.Contain("not-an-id").And.NotContain("Exception");
            MountsUnderRootfs().Should().Contain(_bundle.Rootfs, "which mounts are the container's is unknown: none is detached");
        }
        finally
        {
            Host.Execute("umount", "-R", "-l", _bundle.Rootfs);
        }
        MountsUnderRootfs().Should().BeEmpty();
        _bundle.AssertNoLeaks();
    }
}
