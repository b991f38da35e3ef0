using Oci.Runtime.Linux.Setup;
using Oci.Runtime.Linux.Spawning;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Linux.Tests;

/// <summary>The messages of set-up failures that engines and people match on, from the program a config compiles to.</summary>
public sealed class SetupFailureTests
{
    private static string FailureOf(Spec.Spec spec, Func<SetupOp, bool> failing, int errno)
    {
        var program = Programs.Compile(spec);
        return SetupFailure.From(program, Programs.Index(program, failing), errno).Message;
    }

    [Theory]
    [InlineData(Sys.Openat2)]
    [InlineData(Sys.Fchdir)]
    public void AMissingCwdReadsAsRuncsChdirError(Sys failingCall)
    {
        var spec = Programs.NewSpec();
        spec.Process!.Cwd = "/invalid/path";

        FailureOf(spec, o => Programs.IsCall(o, failingCall) && o.Culprit.StartsWith("process.cwd", StringComparison.Ordinal) && o.Args[0].Display != "%root"
                && o.Args[0].Display != "%parent", Errno.ENOENT)
            .Should().Be("chdir to cwd (\"/invalid/path\") set in config.json failed: no such file or directory");
        // Creating the cwd in the rootfs is another step, with its own message.
        FailureOf(spec, o => Programs.IsCall(o, Sys.Openat2) && o.Culprit.StartsWith("process.cwd", StringComparison.Ordinal), Errno.EACCES)
            .Should().Be("process.cwd: open \"/invalid\": openat2: permission denied");
    }

    [Theory]
    [InlineData("SCHED_FIFO")]
    [InlineData("SCHED_RR")]
    public void ARealTimePolicyRefusedNamesTheCgroupBudgetItNeeds(string policy)
    {
        var spec = Programs.NewSpec();
        spec.Process!.Scheduler = new Scheduler { Policy = policy, Priority = 1 };

        FailureOf(spec, o => Programs.IsCall(o, Sys.SchedSetattr), Errno.EPERM).Should().Be(
            $"process.scheduler: {policy}: sched_setattr: operation not permitted (a real-time policy needs a real-time budget " +
            "in the container's cpu cgroup: set linux.resources.cpu.realtimeRuntime)");
    }

    [Fact]
    public void OtherPoliciesAndErrnosKeepThePlainMessage()
    {
        var spec = Programs.NewSpec();
        spec.Process!.Scheduler = new Scheduler { Policy = "SCHED_BATCH" };
        FailureOf(spec, o => Programs.IsCall(o, Sys.SchedSetattr), Errno.EPERM).Should().Be("process.scheduler: SCHED_BATCH: sched_setattr: operation not permitted");

        spec.Process.Scheduler = new Scheduler { Policy = "SCHED_FIFO", Priority = 200 };
        FailureOf(spec, o => Programs.IsCall(o, Sys.SchedSetattr), Errno.EINVAL).Should().Be("process.scheduler: SCHED_FIFO: sched_setattr: invalid argument");
    }
}
