using System.Diagnostics;
using Oci.Runtime.Cgroups.V2;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Cgroups.Tests;

/// <summary>Runs only as root on a host with a cgroup2 mount (unified, or a hybrid host's
/// /sys/fs/cgroup/unified: device filters act on a process's cgroup2 membership either way).</summary>
public sealed class Cgroup2MountFactAttribute : FactAttribute
{
    public Cgroup2MountFactAttribute()
    {
        if (Environment.UserName != "root") Skip = "needs root to create cgroups and load BPF programs";
        else if (CgroupHost.Detect().Unified is null) Skip = "needs a cgroup2 mount";
    }
}

/// <summary>bpf(2) for real: a filter attached to a cgroup2 directory of this host stops a
/// process in it from opening a device, and a replacement leaves exactly one filter.</summary>
public sealed class BpfDeviceFilterTests
{
    private static byte[] Program(params LinuxDeviceCgroup[] allowed) =>
        DeviceProgram.Encode(DeviceProgram.Compile(DeviceRules.FromSpec([new LinuxDeviceCgroup { Allow = false }, .. allowed])));

    /// <summary>Joins the cgroup, then opens the device: "" when that worked, else the error.</summary>
    private static string OpenIn(string cgroup, string device)
    {
        var start = new ProcessStartInfo("/bin/sh", ["-c", $"echo $$ > {cgroup}/cgroup.procs && exec head -c 1 {device}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = System.Diagnostics.Process.Start(start)!;
        process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? "" : error;
    }

    private static int Attached(string cgroup)
    {
        int fd = Native.Open(cgroup, Native.O_RDONLY | Native.O_CLOEXEC);
        try
        {
            return BpfDeviceFilter.AttachedIds(fd, cgroup).Length;
        }
        finally
        {
            Native.Close(fd);
        }
    }

    [Cgroup2MountFact]
    public void A_filter_denies_opens_and_a_replacement_takes_over_alone()
    {
        string cgroup = $"{CgroupHost.Detect().Unified!.MountPoint}/ocirt-test-{Guid.NewGuid():N}";
        Directory.CreateDirectory(cgroup);
        try
        {
            BpfDeviceFilter.Replace(cgroup, Program(new LinuxDeviceCgroup { Allow = true, Type = "c", Major = 1, Minor = 3, Access = "rwm" }));
            Attached(cgroup).Should().Be(1);
            OpenIn(cgroup, "/dev/null").Should().BeEmpty();
            OpenIn(cgroup, "/dev/zero").Should().Contain("Operation not permitted");

            BpfDeviceFilter.Replace(cgroup, Program(new LinuxDeviceCgroup { Allow = true, Type = "c", Major = 1, Minor = 5, Access = "r" }));
            Attached(cgroup).Should().Be(1);
            OpenIn(cgroup, "/dev/zero").Should().BeEmpty();
            OpenIn(cgroup, "/dev/null").Should().Contain("Operation not permitted");
        }
        finally
        {
            // The kernel detaches the filters with the cgroup; its processes have exited.
            Directory.Delete(cgroup);
        }
    }

    [Cgroup2MountFact]
    public void The_verifiers_refusal_is_in_the_error()
    {
        string cgroup = $"{CgroupHost.Detect().Unified!.MountPoint}/ocirt-test-{Guid.NewGuid():N}";
        Directory.CreateDirectory(cgroup);
        try
        {
            // R0 is never set: the verifier refuses "exit" with "R0 !read_ok".
            var act = () => BpfDeviceFilter.Replace(cgroup, DeviceProgram.Encode([new BpfInstruction(BpfInstruction.Exit, 0, 0, 0, 0)]));
            act.Should().Throw<CgroupFsException>().WithMessage("bpf(BPF_PROG_LOAD*Permission denied*verifier: *R0 !read_ok*");
            Attached(cgroup).Should().Be(0);
        }
        finally
        {
            Directory.Delete(cgroup);
        }
    }
}
