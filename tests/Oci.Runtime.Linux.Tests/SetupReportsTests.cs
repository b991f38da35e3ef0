using System.Buffers.Binary;
using Oci.Runtime.Linux.Setup;
using Oci.Runtime.Linux.Spawning;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Linux.Tests;

/// <summary>
/// The parent's reading of a setup program's reports, fed by hand through a real socket pair:
/// an fd the child sends (a seccomp listener) is the caller's to use while answering, and is
/// closed whether the set-up ends in ready, an error report or the child's death.
/// </summary>
public sealed class SetupReportsTests : IDisposable
{
    private readonly SyncChannel _channel = SyncChannel.Create();
    private readonly SetupProgram _program = Programs.Compile(Programs.NewSpec());

    public void Dispose() => _channel.Dispose();

    [Fact]
    public void ASentFdIsOpenWhileAnsweringAndClosedOnceTheSetUpIsOver()
    {
        var sent = SendPipeEnd();
        Send(ChildMessageKind.Sync, (int)SyncCode.Ready, 0);
        var received = -1;
        var openWhileAnswering = false;

        using var sync = _channel.TakeParentEnd();
        var over = SetupReports.Follow(sync, _program, (_, _) => { }, fd => received = fd,
            code =>
            {
                openWhileAnswering = IsOpen(received);
                return code == SyncCode.Ready;
            });

        over.Should().BeTrue();
        openWhileAnswering.Should().BeTrue();
        IsOpen(received).Should().BeFalse();
        Syscalls.Close(sent);
    }

    [Fact]
    public void ASentFdIsClosedWhenTheChildReportsAFailure()
    {
        var sent = SendPipeEnd();
        Send(ChildMessageKind.Error, 0, Errno.EPERM);
        var received = -1;

        using var sync = _channel.TakeParentEnd();
        FluentActions.Invoking(() => SetupReports.Follow(sync, _program, (_, _) => { }, fd => received = fd, _ => false))
            .Should().Throw<OcirtException>().WithMessage("*operation not permitted");

        received.Should().BeGreaterThan(2);
        IsOpen(received).Should().BeFalse();
        Syscalls.Close(sent);
    }

    [Fact]
    public void ASentFdIsClosedWhenTheChildDiesBeforeReady()
    {
        var sent = SendPipeEnd();
        _channel.CloseChildEnd(); // EOF, as when the child dies
        var received = -1;

        using var sync = _channel.TakeParentEnd();
        SetupReports.Follow(sync, _program, (_, _) => { }, fd => received = fd, _ => false).Should().BeFalse();

        received.Should().BeGreaterThan(2);
        IsOpen(received).Should().BeFalse();
        Syscalls.Close(sent);
    }

    /// <summary>Sends the read end of a new pipe as the child does its listener fd; returns the write end.</summary>
    private int SendPipeEnd()
    {
        Syscalls.Pipe(out var readEnd, out var writeEnd).Should().Be(0);
        Span<byte> message = stackalloc byte[12];
        BinaryPrimitives.WriteInt32LittleEndian(message, (int)ChildMessageKind.Fd);
        UnixRights.Send(_channel.ChildEnd, message, readEnd).Should().Be(12);
        Syscalls.Close(readEnd);
        return writeEnd;
    }

    private void Send(ChildMessageKind kind, int a, int b)
    {
        Span<byte> message = stackalloc byte[12];
        BinaryPrimitives.WriteInt32LittleEndian(message, (int)kind);
        BinaryPrimitives.WriteInt32LittleEndian(message[4..], a);
        BinaryPrimitives.WriteInt32LittleEndian(message[8..], b);
        Syscalls.Write(_channel.ChildEnd, message).Should().Be(12);
    }

    private static bool IsOpen(int fd) => fd >= 0 && File.Exists($"/proc/self/fd/{fd}");
}
