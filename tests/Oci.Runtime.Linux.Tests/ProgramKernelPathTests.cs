using Oci.Runtime.Linux.Setup;
using Oci.Runtime.Spec;
using static Oci.Runtime.Linux.Setup.LinuxConstants;
using SpecMount = Oci.Runtime.Spec.Mount;

namespace Oci.Runtime.Linux.Tests;

/// <summary>After pivot_root: sysctls (checked against the namespaces), readonlyPaths, maskedPaths and their branches.</summary>
public sealed class ProgramKernelPathTests
{
    [Fact]
    public void NetSysctlWithoutANetworkNamespaceIsRefusedNamingTheKey()
    {
        var spec = Programs.NewSpec();
        spec.Linux!.Namespaces!.RemoveAll(n => n.Type == NamespaceTypes.Network);
        spec.Linux.Sysctl = new Dictionary<string, string> { ["net.ipv4.ip_forward"] = "1" };

        var compile = () => Programs.Compile(spec);

        compile.Should().Throw<OcirtException>().WithMessage("linux.sysctl[\"net.ipv4.ip_forward\"]: needs a network namespace*");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void KernelHostnameIsRefusedWithOrWithoutAUtsNamespace(bool utsNamespace)
    {
        // runc and crun refuse it: the hostname is the config's "hostname" field.
        var spec = Programs.NewSpec();
        spec.Linux!.Sysctl = new Dictionary<string, string> { ["kernel.hostname"] = "other" };
        if (!utsNamespace)
        {
            spec.Linux.Namespaces!.RemoveAll(n => n.Type == NamespaceTypes.Uts);
            spec.Hostname = null;
        }
        var compile = () => Programs.Compile(spec);

        compile.Should().Throw<OcirtException>()
            .WithMessage("linux.sysctl[\"kernel.hostname\"]: not allowed: it conflicts with the OCI \"hostname\" field; set the hostname there");
    }

    [Theory]
    [InlineData("kernel.shmmax", NamespaceTypes.Ipc, "an ipc namespace")]
    [InlineData("fs.mqueue.msg_max", NamespaceTypes.Ipc, "an ipc namespace")]
    [InlineData("kernel.domainname", NamespaceTypes.Uts, "a uts namespace")]
    [InlineData("net.core.somaxconn", NamespaceTypes.Network, "a network namespace")]
    public void NamespacedSysctlNeedsItsNamespace(string key, string type, string what)
    {
        var spec = Programs.NewSpec();
        spec.Linux!.Sysctl = new Dictionary<string, string> { [key] = "1" };
        Programs.Compile(spec).Ops.Should().Contain(o => o.Culprit.StartsWith($"linux.sysctl[\"{key}\"]", StringComparison.Ordinal));

        spec.Linux.Namespaces!.RemoveAll(n => n.Type == type);
        var compile = () => Programs.Compile(spec);

        compile.Should().Throw<OcirtException>().WithMessage($"linux.sysctl[\"{key}\"]: needs {what}*");
    }

    [Fact]
    public void JoinedNetworkNamespaceCountsForNetSysctls()
    {
        var spec = Programs.NewSpec();
        spec.Linux!.Namespaces!.Single(n => n.Type == NamespaceTypes.Network).Path = "/var/run/netns/x";
        spec.Linux.Sysctl = new Dictionary<string, string> { ["net.ipv4.ip_forward"] = "1" };
        var plan = Programs.Plan(spec) with { JoinedNamespaceFds = new Dictionary<string, int> { [NamespaceTypes.Network] = 9 } };

        Programs.Compile(plan).Ops.Should().Contain(o => o.Culprit.StartsWith("linux.sysctl[\"net.ipv4.ip_forward\"]", StringComparison.Ordinal));
    }

    [Fact]
    public void NonNamespacedSysctlIsRefused()
    {
        var spec = Programs.NewSpec();
        spec.Linux!.Sysctl = new Dictionary<string, string> { ["vm.swappiness"] = "10" };

        var compile = () => Programs.Compile(spec);

        compile.Should().Throw<OcirtException>().WithMessage("linux.sysctl[\"vm.swappiness\"]: not a namespaced sysctl*");
    }

    [Fact]
    public void SysctlIsWrittenInsideTheNewRootBeforeProcSysBecomesReadOnly()
    {
        var spec = Programs.NewSpec();
        spec.Linux!.Sysctl = new Dictionary<string, string> { ["net.ipv4.ip_forward"] = "1", ["kernel.shmmni"] = "8192" };
        var program = Programs.Compile(spec);
        var lines = Programs.Lines(program);

        var open = lines.IndexOf("openat2(-100, \"/proc/sys/net/ipv4/ip_forward\", {O_WRONLY|O_CLOEXEC, 0, RESOLVE_NO_MAGICLINKS|RESOLVE_IN_ROOT}, 24) -> %sysctl");
        open.Should().BeGreaterThan(lines.IndexOf("pivot_root(\".\", \".\")"));
        lines[open + 1].Should().Be("write(%sysctl, \"1\", 1)");
        lines[open + 2].Should().Be("close(%sysctl)");
        lines.Should().Contain("write(%sysctl, \"8192\", 4)");
        var readonlySys = Programs.Index(program, o => o.Culprit.StartsWith("linux.readonlyPaths[", StringComparison.Ordinal) && o.Text.Contains("\"/proc/sys\""));
        readonlySys.Should().BeGreaterThan(open);
    }

    [Fact]
    public void MaskedPathBranchesLandOnTheRightOps()
    {
        var spec = Programs.NewSpec();
        spec.Linux!.MaskedPaths = ["/proc/kcore", "/proc/acpi"];
        var program = Programs.Compile(spec);

        for (var k = 0; k < 2; k++)
        {
            var culprit = $"linux.maskedPaths[{k}]";
            var open = Programs.Index(program, o => o.Call == Sys.Openat2 && o.Culprit.StartsWith(culprit, StringComparison.Ordinal));
            open.Should().BeGreaterThan(0);
            var op = program.Ops[open];
            op.AlternateErrno.Should().Be(Errno.ENOENT, "a path the container lacks is not masked");
            op.Args[0].Value.Should().Be(AT_FDCWD);
            op.Args[2].Display.Should().Contain("RESOLVE_IN_ROOT").And.Contain("RESOLVE_NO_MAGICLINKS");

            // ENOENT: skip everything of this path, to the first op after its close.
            var afterMissing = Programs.Next(program, open, alternate: true);
            program.Ops[afterMissing - 1].Text.Should().Be("close(%target)");
            program.Ops[afterMissing - 1].Culprit.Should().Be(culprit);
            if (afterMissing < program.Ops.Count)
                program.Ops[afterMissing].Culprit.Should().NotStartWith(culprit);

            program.Ops[open + 1].Code.Should().Be(OpCode.FdPath);
            var devNull = open + 2;
            program.Ops[devNull].Text.Should().StartWith("mount(\"/dev/null\", %path0, \"bind\", MS_BIND, NULL)");
            program.Ops[devNull].AlternateErrno.Should().Be(Errno.ENOTDIR);
            // A directory (ENOTDIR): the tmpfs is next. A file (success): straight to the close.
            program.Ops[Programs.Next(program, devNull, alternate: true)].Text.Should().Be("mount(\"tmpfs\", %path0, \"tmpfs\", MS_RDONLY, NULL)");
            program.Ops[Programs.Next(program, devNull, alternate: false)].Text.Should().Be("close(%target)");
            program.Ops[Programs.Next(program, devNull, alternate: false)].Culprit.Should().Be(culprit);
        }
    }

    [Fact]
    public void ReadonlyPathIsBoundThenRemountedReadOnlyAndSkippedWhenMissing()
    {
        var spec = Programs.NewSpec();
        spec.Linux!.ReadonlyPaths = ["/proc/sys", "/proc/bus"];
        spec.Linux.MaskedPaths = [];
        var program = Programs.Compile(spec);

        for (var k = 0; k < 2; k++)
        {
            var culprit = $"linux.readonlyPaths[{k}]";
            var open = Programs.Index(program, o => o.Call == Sys.Openat2 && o.Culprit.StartsWith(culprit, StringComparison.Ordinal));
            program.Ops[open].AlternateErrno.Should().Be(Errno.ENOENT);
            var afterMissing = Programs.Next(program, open, alternate: true);
            program.Ops.Skip(open).Take(afterMissing - open).Should().OnlyContain(o => o.Culprit.StartsWith(culprit, StringComparison.Ordinal),
                "ENOENT skips exactly this path's ops");
            program.Ops[afterMissing - 1].Text.Should().Be("close(%target)");
            if (afterMissing < program.Ops.Count)
                program.Ops[afterMissing].Culprit.Should().NotStartWith(culprit);

            var mounts = program.Ops.Skip(open).Take(afterMissing - open).Where(o => Programs.IsCall(o, Sys.Mount)).ToList();
            mounts.Should().HaveCount(2);
            mounts[0].Text.Should().Be("mount(%path0, %path0, \"bind\", MS_BIND|MS_REC, NULL)");
            mounts[1].Args[3].Value.Should().Be(MS_BIND | MS_REMOUNT | MS_RDONLY | MS_REC);
            program.Ops.Skip(open).Take(afterMissing - open).Count(o => o.Call == Sys.Openat2)
                .Should().Be(2, "the remount acts on the new bind mount, so the path is opened again");
        }
    }

    [Fact]
    public void ReadonlyPathRemountKeepsTheEnclosingMountsFlags()
    {
        var spec = Programs.NewSpec();
        spec.Mounts!.Single(m => m.Destination == "/proc").Options = ["nosuid", "noexec", "nodev"];
        spec.Linux!.ReadonlyPaths = ["/proc/sys"];

        var remount = Programs.Calls(Programs.Compile(spec), Sys.Mount).Single(o => o.Culprit == "linux.readonlyPaths[0]: remount \"/proc/sys\" read-only");

        remount.Args[3].Value.Should().Be(MS_BIND | MS_REMOUNT | MS_RDONLY | MS_REC | MS_NOSUID | MS_NODEV | MS_NOEXEC);
    }

    [Fact]
    public void KernelPathsComeAfterPivotInRuncsOrder()
    {
        var spec = Programs.NewSpec();
        spec.Linux!.Sysctl = new Dictionary<string, string> { ["kernel.msgmax"] = "9000" };
        var program = Programs.Compile(spec);

        var pivot = Programs.Index(program, o => Programs.IsCall(o, Sys.PivotRoot));
        var sysctl = Programs.Index(program, o => o.Culprit.StartsWith("linux.sysctl", StringComparison.Ordinal));
        var firstReadonly = Programs.Index(program, o => o.Culprit.StartsWith("linux.readonlyPaths", StringComparison.Ordinal));
        var firstMasked = Programs.Index(program, o => o.Culprit.StartsWith("linux.maskedPaths", StringComparison.Ordinal));
        var lastMasked = program.Ops.Select((o, i) => (o, i)).Last(x => x.o.Culprit.StartsWith("linux.maskedPaths", StringComparison.Ordinal)).i;
        var capabilities = Programs.Index(program, o => o.Culprit.StartsWith("process.capabilities", StringComparison.Ordinal));

        pivot.Should().BeLessThan(sysctl);
        sysctl.Should().BeLessThan(firstReadonly);
        firstReadonly.Should().BeLessThan(firstMasked);
        lastMasked.Should().BeLessThan(capabilities, "masking needs CAP_SYS_ADMIN: it happens before capabilities are dropped");
    }

    [Fact]
    public void ReadonlyAndMaskedPathsOfAMountedDirectoryAreResolvedInTheNewRoot()
    {
        var spec = Programs.NewSpec();
        spec.Mounts!.Add(new SpecMount { Destination = "/data", Type = "tmpfs", Source = "tmpfs" });
        spec.Linux!.MaskedPaths = ["/data/secret"];
        var lines = Programs.Lines(Programs.Compile(spec));

        lines.Should().Contain("openat2(-100, \"/data/secret\", {O_CLOEXEC|O_PATH, 0, RESOLVE_NO_MAGICLINKS|RESOLVE_IN_ROOT}, 24) -> %target [ENOENT: skip 4]");
    }
}
