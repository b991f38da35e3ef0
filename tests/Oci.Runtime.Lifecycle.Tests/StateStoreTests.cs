using Oci.Runtime.Lifecycle;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Lifecycle.Tests;

public class StateStoreTests : IDisposable
{
    private readonly TempRoot _root = new();
    private readonly StateStore _store;

    public StateStoreTests() => _store = new StateStore(_root.Path);

    public void Dispose() => _root.Dispose();

    [Fact]
    public void CreateThenLoadRoundTrips()
    {
        var record = Records.Make("one");
        record.Annotations = new() { ["k"] = "v" };
        _store.Create(record).Dispose();

        var loaded = _store.Load("one");
        loaded.Should().BeEquivalentTo(record);
        File.Exists(Path.Combine(_root.Path, "one", "state.json")).Should().BeTrue();
    }

    [Fact]
    public void EverythingUnderTheRootIsTheOwnersOnly()
    {
        _store.Create(Records.Make("perm")).Dispose();
        File.GetUnixFileMode(_root.Path).Should().Be((UnixFileMode)0b111_000_000);
        File.GetUnixFileMode(Path.Combine(_root.Path, "perm")).Should().Be((UnixFileMode)0b111_000_000);
        File.GetUnixFileMode(Path.Combine(_root.Path, "perm", "state.json")).Should().Be((UnixFileMode)0b110_000_000);
    }

    [Fact]
    public void DuplicateIdIsRefusedAndTheFirstStateIsKept()
    {
        _store.Create(Records.Make("dup", pid: 1)).Dispose();
        FluentActions.Invoking(() => _store.Create(Records.Make("dup", pid: 2)))
            .Should().Throw<OcirtException>().WithMessage("container \"dup\" already exists");
        _store.Load("dup").Pid.Should().Be(1);
    }

    [Fact]
    public void MissingContainerNamesTheId()
    {
        FluentActions.Invoking(() => _store.Load("ghost")).Should().Throw<OcirtException>()
            .WithMessage("container \"ghost\" does not exist");
        _store.TryLoad("ghost").Should().BeNull();
        _store.Exists("ghost").Should().BeFalse();
    }

    [Fact]
    public void InvalidIdNeverBecomesAPath()
    {
        FluentActions.Invoking(() => _store.Load("../outside")).Should().Throw<OcirtException>().WithMessage("invalid container id*");
        FluentActions.Invoking(() => _store.Create(Records.Make("a/b"))).Should().Throw<OcirtException>();
        Directory.Exists(_root.Path).Should().BeFalse();
    }

    [Fact]
    public void SaveReplacesAtomicallyAndLeavesNoTemporaryFile()
    {
        using (var held = _store.Create(Records.Make("upd", status: "created")))
        {
            var record = _store.Load("upd");
            record.Status = "running";
            _store.Save(record);
        }
        _store.Load("upd").Status.Should().Be("running");
        Directory.GetFileSystemEntries(Path.Combine(_root.Path, "upd")).Select(Path.GetFileName)
            .Should().BeEquivalentTo(["state.json"]);
    }

    [Fact]
    public void ACreatedContainerReadsAsRunningOnceItsExecFifoIsGone()
    {
        _store.Create(Records.Make("c", status: "created")).Dispose();
        Records.MakeExecFifo(_store, "c");
        _store.Load("c").Status.Should().Be("created", "the init still waits on the fifo");

        File.Delete(Path.Combine(_root.Path, "c", StateStore.ExecFifo));

        _store.Load("c").Status.Should().Be("running", "start removes the fifo and writes nothing");
        _store.Create(Records.Make("p", status: "paused")).Dispose();
        _store.Load("p").Status.Should().Be("paused", "only created is read from the fifo");
    }

    [Fact]
    public void CorruptStateIsReportedWithItsPath()
    {
        _store.Create(Records.Make("bad")).Dispose();
        var path = Path.Combine(_root.Path, "bad", "state.json");
        File.WriteAllText(path, "{ not json");
        FluentActions.Invoking(() => _store.Load("bad")).Should().Throw<OcirtException>().WithMessage($"{path}: corrupt state*");
    }

    [Fact]
    public void ListIsSortedAndSkipsDirectoriesWithoutState()
    {
        foreach (var id in new[] { "b", "c", "a" })
            _store.Create(Records.Make(id)).Dispose();
        Directory.CreateDirectory(Path.Combine(_root.Path, "half-made"));
        _store.ListIds().Should().Equal("a", "b", "c");
    }

    [Fact]
    public void ListOfAnAbsentRootIsEmpty() => new StateStore("/nonexistent/ocirt-root").ListIds().Should().BeEmpty();

    [Fact]
    public void RemoveDeletesTheDirectory()
    {
        _store.Create(Records.Make("gone")).Dispose();
        _store.Remove("gone");
        Directory.Exists(Path.Combine(_root.Path, "gone")).Should().BeFalse();
    }

    [Fact]
    public void LockIsExclusiveAcrossHolders()
    {
        _store.Create(Records.Make("locked")).Dispose();
        var first = _store.Lock("locked");
        var secondAcquired = new ManualResetEventSlim();
        var thread = new Thread(() =>
        {
            using (_store.Lock("locked"))
                secondAcquired.Set();
        });
        thread.Start();
        secondAcquired.Wait(TimeSpan.FromMilliseconds(300)).Should().BeFalse("flock is held by the first holder");
        first.Dispose();
        secondAcquired.Wait(TimeSpan.FromSeconds(5)).Should().BeTrue();
        thread.Join();
    }

    [Fact]
    public void OwnerIsTheDirectoryOwnersName()
    {
        _store.Create(Records.Make("own")).Dispose();
        var expected = Environment.IsPrivilegedProcess ? "root" : Environment.UserName;
        _store.OwnerOf("own").Should().Be(expected);
    }
}
