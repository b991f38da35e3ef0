using Oci.Runtime.Linux.Containers;
using Oci.Runtime.Linux.Setup;
using Oci.Runtime.Linux.Setup.Steps;
using Oci.Runtime.Spec;
using SpecMount = Oci.Runtime.Spec.Mount;

namespace Oci.Runtime.Linux.Tests;

/// <summary>Where mount targets and device nodes are created: the top of the rootfs, through a dangling symlink, and bind sources in a user namespace.</summary>
public sealed class ProgramMountTargetTests : IDisposable
{
    private readonly string _rootfs = Directory.CreateTempSubdirectory("ocirt-rootfs-").FullName;

    public void Dispose() => Directory.Delete(_rootfs, recursive: true);

    [Fact]
    public void ADeviceAtTheTopOfTheRootfsIsMadeInTheRootItself()
    {
        var spec = Programs.NewSpec();
        spec.Linux!.Devices = [new LinuxDevice { Path = "/foo-dev", Type = "c", Major = 1, Minor = 3 }];
        var lines = Programs.Lines(Programs.Compile(spec));

        var mknod = lines.IndexOf("mknodat(%parent, \"foo-dev\", S_IFCHR|0666, makedev(1, 3))");
        mknod.Should().BeGreaterThan(0);
        // openat2 of "" is ENOENT: the parent of a top-level node is the root, opened as ".".
        lines[mknod - 1].Should().StartWith("openat2(%root, \".\", {O_DIRECTORY|O_CLOEXEC|O_PATH, 0, RESOLVE_NO_MAGICLINKS|RESOLVE_IN_ROOT}");
    }

    [Fact]
    public void AMountOnADanglingSymlinkCreatesWhatTheSymlinkNamesAndMountsThroughIt()
    {
        var spec = Programs.NewSpec();
        spec.Mounts!.Add(new SpecMount { Destination = "/etc/not-existing", Type = "bind", Source = "/etc/localtime", Options = ["bind"] });
        var plan = Programs.Plan(spec) with
        {
            FileSources = new HashSet<string> { "/etc/localtime" },
            ResolveInRootfs = (relative, _) => relative == "etc/not-existing" ? "usr/share/zoneinfo/UTC" : relative,
        };
        var lines = Programs.Lines(Programs.Compile(plan));

        var create = lines.FindIndex(l => l.StartsWith("openat2(%parent, \"UTC\", {O_CREAT", StringComparison.Ordinal));
        create.Should().BeGreaterThan(0, "the symlink's target is created as a file");
        lines.Should().Contain(l => l.StartsWith("mkdirat(%parent, \"zoneinfo\", 0755)", StringComparison.Ordinal));
        lines.Should().Contain(l => l.StartsWith("openat2(%root, \"usr/share\", {O_DIRECTORY|O_CLOEXEC|O_PATH, 0, RESOLVE_NO_MAGICLINKS|RESOLVE_IN_ROOT}", StringComparison.Ordinal),
            "the target's parents are opened inside the root (CVE-2021-30465)");
        var mount = lines.IndexOf("mount(\"/etc/localtime\", %path0, \"bind\", MS_BIND, NULL)");
        mount.Should().BeGreaterThan(create);
        lines[mount - 2].Should().StartWith("openat2(%root, \"etc/not-existing\", {O_CLOEXEC|O_PATH, 0, RESOLVE_NO_MAGICLINKS|RESOLVE_IN_ROOT}",
            "the mount is made on the symlink as the kernel resolves it inside the root");
    }

    [Fact]
    public void TheRootfsResolverFollowsSymlinksAsIfTheRootfsWereTheRoot()
    {
        Directory.CreateDirectory(Path.Combine(_rootfs, "etc"));
        Directory.CreateDirectory(Path.Combine(_rootfs, "usr", "share"));
        File.CreateSymbolicLink(Path.Combine(_rootfs, "etc", "absolute"), "/usr/share/zoneinfo/UTC");
        File.CreateSymbolicLink(Path.Combine(_rootfs, "etc", "relative"), "../usr/./share/missing");
        File.CreateSymbolicLink(Path.Combine(_rootfs, "etc", "escape"), "../../../../../../tmp/outside");
        File.CreateSymbolicLink(Path.Combine(_rootfs, "etc", "hop"), "absolute");
        File.CreateSymbolicLink(Path.Combine(_rootfs, "dir"), "usr/share");
        File.CreateSymbolicLink(Path.Combine(_rootfs, "etc", "loop"), "/etc/loop");

        string Resolve(string relative, params string[] mountedOver) => RootfsSymlinks.Resolve(_rootfs, relative, mountedOver);

        Resolve("etc/absolute").Should().Be("usr/share/zoneinfo/UTC");
        Resolve("etc/relative").Should().Be("usr/share/missing");
        Resolve("etc/escape").Should().Be("tmp/outside", "\"..\" stops at the rootfs: nothing outside it is ever named");
        Resolve("etc/hop").Should().Be("usr/share/zoneinfo/UTC");
        Resolve("dir/a/b").Should().Be("usr/share/a/b", "a symlinked directory on the way is followed too");
        Resolve("etc/plain/file").Should().Be("etc/plain/file");
        Resolve("etc/absolute", "etc").Should().Be("etc/absolute", "an earlier mount hides the image's symlink");
        Resolve("dir/x", "usr").Should().Be("usr/share/x", "the link is read, but what lies under an earlier mount is not");
        Resolve("etc/loop/x").Should().Be("etc/loop/x", "a loop is left to the child's lookup, which fails with ELOOP naming the mount");
    }

    [Fact]
    public void InAUserNamespaceBindSourcesAreTheParentsCopiesAttachedWithMoveMount()
    {
        var spec = Programs.NewSpec();
        var first = spec.Mounts!.Count;
        spec.Mounts.Add(new SpecMount { Destination = "/data", Type = "bind", Source = "/srv/data", Options = ["rbind", "ro"] });
        spec.Mounts.Add(new SpecMount { Destination = "/conf", Type = "none", Source = "conf", Options = ["bind"] });
        spec.Mounts.Add(new SpecMount { Destination = "/scratch", Type = "tmpfs", Source = "tmpfs" });
        spec.Mounts.Add(new SpecMount { Destination = "/again", Type = "bind", Source = "rootfs/scratch", Options = ["bind"] });
        var cloned = new List<(string Path, bool Recursive)>();
        static void NoIdmap(int tree, int index) => throw new InvalidOperationException("no mount here is idmapped");
        int Clone(string path, bool recursive)
        {
            cloned.Add((path, recursive));
            return path == "/bundle/conf" ? -Errno.ENOENT : 40 + cloned.Count;
        }

        BindSourceTrees.Open(spec, "/bundle", "/bundle/rootfs", Clone, NoIdmap).Should().BeEmpty("without a user namespace the init mounts the sources itself");
        cloned.Should().BeEmpty();

        spec.Linux!.Namespaces!.Add(Programs.Ns(NamespaceTypes.User));
        var trees = BindSourceTrees.Open(spec, "/bundle", "/bundle/rootfs", Clone, NoIdmap);
        cloned.Should().Equal([("/srv/data", true), ("/bundle/conf", false)], "a source in the rootfs (under an earlier mount, maybe) is the init's to bind");
        trees.Should().Equal(new Dictionary<int, int> { [first] = 41 }, "a source that cannot be copied is left to the init, which reports the error");

        var plan = Programs.Plan(spec) with { BindSourceTrees = trees };
        InheritedFdSteps.KeptBy(plan).Should().Contain(41, "the copy stays open in the init until it is attached");
        var lines = Programs.Lines(Programs.Compile(plan));
        var move = lines.IndexOf("move_mount(41, \"\", %target, \"\", MOVE_MOUNT_F_EMPTY_PATH|MOVE_MOUNT_T_EMPTY_PATH)");
        move.Should().BeGreaterThan(0);
        lines[move - 1].Should().StartWith("openat2(%root, \"data\", {O_CLOEXEC|O_PATH, 0, RESOLVE_NO_MAGICLINKS|RESOLVE_IN_ROOT}");
        lines[move + 2].Should().Be("close(41)");
        lines.Skip(move).Should().Contain(l => l.StartsWith("mount(NULL, %path0, NULL, MS_RDONLY|", StringComparison.Ordinal) && l.Contains("MS_REMOUNT"),
            "the attached copy is remounted with the mount's flags, as a bind is");
        lines.Should().NotContain(l => l.StartsWith("mount(\"/srv/data\"", StringComparison.Ordinal));
        lines.Should().Contain("mount(\"/bundle/conf\", %path0, \"bind\", MS_BIND, NULL)");
    }

    [Fact]
    public void AnIdmappedBindGetsItsCopyIdmappedWithOrWithoutAUserNamespace()
    {
        var spec = Programs.NewSpec();
        spec.Mounts!.Add(new SpecMount { Destination = "/plain", Type = "bind", Source = "/srv/plain", Options = ["rbind"] });
        spec.Mounts.Add(new SpecMount { Destination = "/mapped", Type = "bind", Source = "/srv/mapped", Options = ["bind", "ridmap"] });
        var mapped = spec.Mounts.Count - 1;
        var idmapped = new List<(int Tree, int Index)>();

        var trees = BindSourceTrees.Open(spec, "/bundle", "/bundle/rootfs", (path, _) => path == "/srv/mapped" ? 50 : 51, (tree, index) => idmapped.Add((tree, index)));

        trees.Should().Equal(new Dictionary<int, int> { [mapped] = 50 }, "without a user namespace only the idmapped bind needs a copy");
        idmapped.Should().Equal([(50, mapped)]);
    }

    [Theory]
    [InlineData("tmpfs", "tmpfs", "idmap", "is for bind mounts")]
    [InlineData("bind", "/srv/missing", "idmap", "open_tree: no such file or directory")]
    [InlineData("bind", "rootfs/inside", "idmap", "must lie outside the rootfs")]
    public void AnIdmappedMountThatCannotBeMadeIsAnErrorNamingIt(string type, string source, string option, string why)
    {
        var spec = Programs.NewSpec();
        spec.Mounts!.Add(new SpecMount { Destination = "/mapped", Type = type, Source = source, Options = type == "bind" ? ["rbind", option] : [option] });

        var open = () => BindSourceTrees.Open(spec, "/bundle", "/bundle/rootfs", (_, _) => -Errno.ENOENT, (_, _) => { });

        open.Should().Throw<OcirtException>().WithMessage($"mounts[{spec.Mounts.Count - 1}]*{why}*");
    }
}
