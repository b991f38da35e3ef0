using System.Text.Json.Nodes;
using Oci.Runtime.Integration.Tests.Infrastructure;

namespace Oci.Runtime.Integration.Tests;

/// <summary>What the container's process sees from inside, against what the config asks for.</summary>
[Collection(RealContainers.Name)]
public sealed class ExecutorInsideTests : IDisposable
{
    private readonly ContainerBundle _bundle = new();

    public void Dispose() => _bundle.Dispose();

    /// <summary>Runs the script in the container (foreground `run`) and returns its stdout lines as key=value.</summary>
    private Dictionary<string, string> RunAndRead(string script)
    {
        _bundle.Shell(script);
        _bundle.Save();
        var id = _bundle.NewId();
        var run = _bundle.Ocirt("run", "--bundle", _bundle.Bundle, id);
        run.ExitCode.Should().Be(0, run.ToString());
        _bundle.AssertNoLeaks(id);
        return run.Stdout.Split('\n').Where(l => l.Contains('=')).Select(l => l.Split('=', 2))
            .GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.Last()[1].Trim());
    }

    private string RunAndCapture(string script)
    {
        _bundle.Shell(script);
        _bundle.Save();
        var id = _bundle.NewId();
        var run = _bundle.Ocirt("run", "--bundle", _bundle.Bundle, id);
        run.ExitCode.Should().Be(0, run.ToString());
        _bundle.AssertNoLeaks(id);
        return run.Stdout;
    }

    [Fact]
    public void ProcessAttributesAreTheConfigs()
    {
        _bundle.Config["hostname"] = "ocirt-it-host";
        _bundle.Process["env"] = new JsonArray("PATH=/bin", "FOO=bar baz");
        _bundle.Process["cwd"] = "/work/here";
        _bundle.Process["user"] = JsonNode.Parse("""{"uid":0,"gid":0,"umask":23}""");
        _bundle.Process["rlimits"] = JsonNode.Parse("""[{"type":"RLIMIT_NOFILE","hard":4096,"soft":2048}]""");

        var seen = RunAndRead("""
            echo host=$(hostname)
            echo cmdline=$(tr '\0' ' ' </proc/1/cmdline)
            echo pid=$$
            echo nofile_soft=$(ulimit -Sn)
            echo nofile_hard=$(ulimit -Hn)
            echo umask=$(umask)
            echo cwd=$(pwd)
            echo foo=$FOO
            echo home=$HOME
            echo fds=$(ls /proc/self/fd | tr '\n' ' ')
            grep -E '^(CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs|Uid|Gid|Groups)' /proc/self/status | tr -d '\t' | sed 's/:/=/'
            """);

        seen["host"].Should().Be("ocirt-it-host");
        seen["cmdline"].Should().StartWith("/bin/sh -c ");
        seen["pid"].Should().Be("1");
        seen["nofile_soft"].Should().Be("2048");
        seen["nofile_hard"].Should().Be("4096");
        seen["umask"].Should().Be("0027");
        seen["cwd"].Should().Be("/work/here");
        seen["foo"].Should().Be("bar baz");
        seen["home"].Should().Be("/root", "HOME comes from the container's /etc/passwd when the env has none");
        seen["fds"].Trim().Should().Be("0 1 2 3", "only stdio (and ls's own directory fd) reach the process");
        seen["CapBnd"].Should().Be("0000000020000420");
        seen["CapEff"].Should().Be("0000000020000420");
        seen["CapPrm"].Should().Be("0000000020000420");
        seen["CapInh"].Should().Be("0000000000000000");
        seen["CapAmb"].Should().Be("0000000000000000", "ambient raises need the cap inheritable too (runc ignores the refusal)");
        seen["NoNewPrivs"].Should().Be("1");
        seen["Uid"].Should().Be("0000");
        seen["Groups"].Should().BeEmpty();
    }

    [Fact]
    public void NonRootUserWithGroups()
    {
        _bundle.Process["user"] = JsonNode.Parse("""{"uid":1000,"gid":1001,"additionalGids":[5,6]}""");

        var seen = RunAndRead("echo id=$(id); grep -E '^(Uid|Gid|Groups|CapEff)' /proc/self/status | tr -d '\\t' | sed 's/:/=/'");

        seen["id"].Should().Be("uid=1000(user) gid=1001 groups=5,6");
        seen["Uid"].Should().Be("1000100010001000");
        seen["Gid"].Should().Be("1001100110011001");
        seen["Groups"].Should().Be("5 6");
        seen["CapEff"].Should().Be("0000000000000000", "a non-root process has no effective capabilities after exec");
    }

    [Fact]
    public void RootIsReadOnlyAndReadonlyAndMaskedPathsApply()
    {
        var seen = RunAndRead("""
            touch /newfile 2>/dev/null && echo root=writable || echo root=readonly
            (echo 1 > /proc/sys/kernel/domainname) 2>/dev/null && echo procsys=writable || echo procsys=readonly
            (echo 1 > /proc/sysrq-trigger) 2>/dev/null && echo sysrq=writable || echo sysrq=readonly
            echo keys=$(stat -c '%F %t:%T' /proc/keys)
            echo keys_size=$(wc -c < /proc/keys)
            echo timer_list=$(stat -c '%t:%T' /proc/timer_list)
            echo firmware_entries=$(ls -A /sys/firmware | wc -l)
            echo firmware_fs=$(stat -f -c %T /sys/firmware)
            echo shm=$(touch /dev/shm/x && echo writable)
            echo tmp_in_dev=$(touch /dev/x && echo writable)
            """);

        seen["root"].Should().Be("readonly");
        seen["procsys"].Should().Be("readonly");
        seen["sysrq"].Should().Be("readonly");
        seen["keys"].Should().Be("character special file 1:3", "a masked file is /dev/null bound over it");
        seen["keys_size"].Should().Be("0");
        seen["timer_list"].Should().Be("1:3");
        seen["firmware_entries"].Should().Be("0", "a masked directory is an empty tmpfs");
        seen["firmware_fs"].Should().Be("tmpfs");
        seen["shm"].Should().Be("writable");
        seen["tmp_in_dev"].Should().Be("writable");
    }

    [Fact]
    public void MountTableInsideIsTheConfigs()
    {
        var mounts = RunAndCapture("cat /proc/self/mounts").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ')).ToDictionary(f => f[1], f => (Type: f[2], Options: f[3].Split(',')), StringComparer.Ordinal);

        mounts["/"].Options.Should().Contain("ro");
        mounts["/proc"].Type.Should().Be("proc");
        mounts["/dev"].Type.Should().Be("tmpfs");
        mounts["/dev"].Options.Should().Contain(["nosuid", "mode=755"]);
        mounts["/dev/pts"].Type.Should().Be("devpts");
        mounts["/dev/pts"].Options.Should().Contain(["nosuid", "noexec", "gid=5", "mode=620", "ptmxmode=666"]);
        mounts["/dev/shm"].Options.Should().Contain(["nosuid", "nodev", "noexec"]);
        mounts["/dev/mqueue"].Type.Should().Be("mqueue");
        mounts["/sys"].Type.Should().Be("sysfs");
        mounts["/sys"].Options.Should().Contain("ro");
        mounts["/sys/fs/cgroup"].Options.Should().Contain("ro");
        mounts["/proc/sys"].Options.Should().Contain("ro");
        mounts.Keys.Should().NotContain(k => k.Contains("ocirt-it-"), "no host path shows inside");
    }

    [Fact]
    public void DevHasTheDefaultDevicesAndSymlinks()
    {
        var listing = RunAndCapture("ls -l /dev | sed 1d; stat -c '%n %F %t:%T %a %u:%g' /dev/null /dev/zero /dev/full /dev/random /dev/urandom /dev/tty");

        listing.Should().Contain("/dev/null character special file 1:3 666 0:0");
        listing.Should().Contain("/dev/zero character special file 1:5 666 0:0");
        listing.Should().Contain("/dev/full character special file 1:7 666 0:0");
        listing.Should().Contain("/dev/random character special file 1:8 666 0:0");
        listing.Should().Contain("/dev/urandom character special file 1:9 666 0:0");
        listing.Should().Contain("/dev/tty character special file 5:0 666 0:0");
        listing.Should().Contain("fd -> /proc/self/fd");
        listing.Should().Contain("stdin -> /proc/self/fd/0");
        listing.Should().Contain("stdout -> /proc/self/fd/1");
        listing.Should().Contain("stderr -> /proc/self/fd/2");
        listing.Should().Contain("ptmx -> pts/ptmx");
    }

    [Fact]
    public void ConfiguredDeviceIsMadeWithItsModeAndOwner()
    {
        _bundle.Linux["devices"] = JsonNode.Parse("""[{"path":"/dev/net/tun","type":"c","major":10,"minor":200,"fileMode":384,"uid":7,"gid":8}]""");
        _bundle.Linux["resources"]!["devices"]!.AsArray().Add(JsonNode.Parse("""{"allow":true,"type":"c","major":10,"minor":200,"access":"rwm"}"""));

        var listing = RunAndCapture("stat -c '%n %F %t:%T %a %u:%g' /dev/net/tun");

        listing.Trim().Should().Be("/dev/net/tun character special file a:c8 600 7:8");
    }

    [Fact]
    public void SysctlsAreSetInsideAndNotOnTheHost()
    {
        var hostTtl = File.ReadAllText("/proc/sys/net/ipv4/ip_default_ttl").Trim();
        var hostShmmni = File.ReadAllText("/proc/sys/kernel/shmmni").Trim();
        _bundle.Linux["sysctl"] = JsonNode.Parse("""{"net.ipv4.ip_default_ttl":"42","kernel.shmmni":"1234"}""");

        var seen = RunAndRead("echo ttl=$(cat /proc/sys/net/ipv4/ip_default_ttl); echo shmmni=$(cat /proc/sys/kernel/shmmni)");

        seen["ttl"].Should().Be("42");
        seen["shmmni"].Should().Be("1234");
        File.ReadAllText("/proc/sys/net/ipv4/ip_default_ttl").Trim().Should().Be(hostTtl);
        File.ReadAllText("/proc/sys/kernel/shmmni").Trim().Should().Be(hostShmmni);
    }

    [Fact]
    public void NetSysctlWithoutANetworkNamespaceIsRefusedBeforeAnythingRuns()
    {
        _bundle.RemoveNamespace("network");
        _bundle.Linux["sysctl"] = JsonNode.Parse("""{"net.ipv4.ip_default_ttl":"42"}""");
        _bundle.Save();
        var id = _bundle.NewId();

        var create = _bundle.Ocirt("create", "--bundle", _bundle.Bundle, id);

        LogLines.ExpectTextError(create.AsRunResult()).Should().Contain("linux.sysctl[\"net.ipv4.ip_default_ttl\"]");
        _bundle.AssertNoLeaks(id);
    }

    [Fact]
    public void BindMountReadOnlyAndPropagationSeenFromInside()
    {
        var shared = Path.Combine(_bundle.Sandbox.Directory, "shared");
        Directory.CreateDirectory(shared);
        File.WriteAllText(Path.Combine(shared, "hello"), "from-host");
        _bundle.Mounts.Add(JsonNode.Parse($$"""{"destination":"/data","type":"bind","source":"{{shared}}","options":["rbind","ro","nosuid"]}"""));
        _bundle.Mounts.Add(JsonNode.Parse("""{"destination":"/scratch","type":"tmpfs","source":"tmpfs","options":["size=1m","mode=1777"]}"""));

        var seen = RunAndRead("""
            echo hello=$(cat /data/hello)
            touch /data/new 2>/dev/null && echo data=writable || echo data=readonly
            echo dataopts=$(grep ' /data ' /proc/self/mounts | cut -d' ' -f4)
            touch /scratch/x && echo scratch=writable
            echo scratchmode=$(stat -c %a /scratch)
            """);

        seen["hello"].Should().Be("from-host");
        seen["data"].Should().Be("readonly");
        seen["dataopts"].Split(',').Should().Contain(["ro", "nosuid"]);
        seen["scratch"].Should().Be("writable");
        seen["scratchmode"].Should().Be("1777");
        File.Exists(Path.Combine(shared, "new")).Should().BeFalse();
    }

    [Fact]
    public void NoPivotStillConfinesTheProcessToTheRootfs()
    {
        _bundle.Shell("echo root=$(ls / | tr '\\n' ' '); echo pid=$$");
        _bundle.Save();
        var id = _bundle.NewId();

        var run = _bundle.Ocirt("run", "--no-pivot", "--bundle", _bundle.Bundle, id);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().Contain("root=bin dev etc proc root sys tmp");
        run.Stdout.Should().Contain("pid=1");
        _bundle.AssertNoLeaks(id);
    }

    [Fact]
    public void MissingHomeInPasswdFallsBackToSlash()
    {
        _bundle.Process["user"] = JsonNode.Parse("""{"uid":4321,"gid":4321}""");
        var seen = RunAndRead("echo home=$HOME; echo uid=$(id -u)");

        seen["home"].Should().Be("/");
        seen["uid"].Should().Be("4321");
    }
}
