using Oci.Runtime.Spec;

namespace Oci.Runtime.Cgroups.Tests;

/// <summary>A rootless container without a cgroup: nothing to make or remove, and what needs one says why.</summary>
public sealed class AbsentCgroupTests
{
    private readonly AbsentCgroup _cgroup = new(CgroupMode.Hybrid);

    [Fact]
    public void CleanUpHasNothingToDoAndNothingIsJoined()
    {
        _cgroup.Create();
        _cgroup.Destroy();
        _cgroup.CreatedDirectories.Should().BeEmpty();
        _cgroup.JoinFiles.Should().BeEmpty();
        _cgroup.UnifiedPath.Should().BeNull();
        _cgroup.FrozenBecause().Should().BeNull();
    }

    [Fact]
    public void ApplyingNoLimitsIsFineAndDevicesAreNotLimits()
    {
        _cgroup.Apply(new LinuxResources());
        _cgroup.Apply(new LinuxResources { Devices = [new LinuxDeviceCgroup { Allow = false, Access = "rwm" }] });
    }

    [Fact]
    public void ALimitNamesItselfAndTheReason()
    {
        var apply = () => _cgroup.Apply(new LinuxResources { Memory = new LinuxMemory { Limit = 1 << 20 }, Pids = new LinuxPids { Limit = 10 } });

        apply.Should().Throw<OcirtException>().WithMessage("cgroups: cannot set linux.resources.memory, linux.resources.pids: the container has no cgroup (it runs rootless*");
    }

    [Fact]
    public void PauseAndPsSayTheContainerHasNoCgroup()
    {
        ((Action)_cgroup.Freeze).Should().Throw<OcirtException>().WithMessage("cgroups: cannot freeze: the container has no cgroup*");
        ((Func<IReadOnlyList<int>>)_cgroup.Pids).Should().Throw<OcirtException>().WithMessage("cgroups: cannot list the processes: *");
    }
}
