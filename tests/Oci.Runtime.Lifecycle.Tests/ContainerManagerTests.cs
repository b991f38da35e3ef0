using Oci.Runtime.Lifecycle;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Lifecycle.Tests;

public class ContainerManagerTests : IDisposable
{
    private readonly TempRoot _root = new();
    private readonly FakeHostProcesses _processes = new();
    private readonly ContainerManager _manager;

    public ContainerManagerTests() => _manager = new ContainerManager(new StateStore(_root.Path), _processes);

    public void Dispose() => _root.Dispose();

    private void Seed(string id, string status, int pid, bool alive)
    {
        if (alive)
            _processes.Processes[pid] = new ProcessSnapshot(777, 'S');
        _manager.Store.Create(Records.Make(id, status, pid, 777)).Dispose();
        if (status == "created")
            Records.MakeExecFifo(_manager.Store, id);
    }

    [Fact]
    public void ViewOfARunningContainerShowsItsPid()
    {
        Seed("web", "running", 31, alive: true);
        var view = _manager.View("web");
        view.Status.Should().Be("running");
        view.Pid.Should().Be(31);
        view.Bundle.Should().Be("/srv/bundles/web");
    }

    [Fact]
    public void ViewOfADeadContainerIsStoppedWithPidZero()
    {
        Seed("web", "running", 31, alive: false);
        var view = _manager.View("web");
        view.Status.Should().Be("stopped");
        view.Pid.Should().Be(0);
    }

    [Fact]
    public void KillSignalsTheInit()
    {
        Seed("web", "running", 31, alive: true);
        _manager.Kill("web", 10);
        _processes.Signals.Should().Equal((31, 10));
    }

    [Fact]
    public void KillOfAStoppedContainerSaysNotRunning()
    {
        Seed("web", "running", 31, alive: false);
        FluentActions.Invoking(() => _manager.Kill("web", 15)).Should().Throw<OcirtException>().WithMessage("*container not running*");
        _processes.Signals.Should().BeEmpty();
    }

    [Fact]
    public void KillOfAMissingContainerSaysDoesNotExist() =>
        FluentActions.Invoking(() => _manager.Kill("nope", 15)).Should().Throw<OcirtException>().WithMessage("*does not exist*");

    [Fact]
    public void DeleteOfAStoppedContainerRemovesIt()
    {
        Seed("web", "stopped", 31, alive: false);
        _manager.Delete("web", force: false);
        _manager.Store.Exists("web").Should().BeFalse();
        _processes.Signals.Should().BeEmpty();
    }

    [Fact]
    public void DeleteOfARunningContainerNeedsForce()
    {
        Seed("web", "running", 31, alive: true);
        FluentActions.Invoking(() => _manager.Delete("web", force: false)).Should().Throw<OcirtException>()
            .WithMessage("cannot delete container \"web\" that is not stopped: running");
        _manager.Store.Exists("web").Should().BeTrue();
    }

    [Fact]
    public void ForcedDeleteKillsThenRemoves()
    {
        Seed("web", "running", 31, alive: true);
        _manager.Delete("web", force: true);
        _processes.Signals.Should().Equal((31, 9));
        _manager.Store.Exists("web").Should().BeFalse();
    }

    [Fact]
    public void DeleteOfACreatedContainerKillsItsWaitingInit()
    {
        Seed("web", "created", 31, alive: true);
        _manager.Delete("web", force: false);
        _processes.Signals.Should().Equal((31, 9));
        _manager.Store.Exists("web").Should().BeFalse();
    }

    [Fact]
    public void ForcedDeleteOfAMissingIdSucceeds()
    {
        _manager.Delete("never-was", force: true);
        FluentActions.Invoking(() => _manager.Delete("never-was", force: false)).Should().Throw<OcirtException>()
            .WithMessage("container \"never-was\" does not exist");
    }

    [Fact]
    public void ListReportsUnreadableContainersAndGoesOn()
    {
        Seed("good", "running", 31, alive: true);
        Seed("bad", "running", 32, alive: true);
        File.WriteAllText(Path.Combine(_root.Path, "bad", "state.json"), "[");
        var problems = new List<string>();
        var views = _manager.ListViews((id, message) => problems.Add(id));
        views.Select(v => v.Id).Should().Equal("good");
        problems.Should().Equal("bad");
    }
}
