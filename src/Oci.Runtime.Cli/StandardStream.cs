using System.Runtime.InteropServices;

namespace Oci.Runtime.Cli;

/// <summary>
/// Writes to an inherited fd (1 or 2) with write(2). Not System.Console: its first use sets up
/// terminal and signal handling (a thread and a pipe), a cost every engine call would pay.
/// Not FileStream: on a regular file it writes with pwrite at its own offset, which does not
/// move the offset the fd shares with the shell, so later output would overwrite ours.
/// </summary>
internal sealed partial class StandardStream(int fd) : Stream
{
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override unsafe void Write(ReadOnlySpan<byte> buffer)
    {
        fixed (byte* start = buffer)
        {
            var written = 0;
            while (written < buffer.Length)
            {
                var n = WriteNative(fd, start + written, (nuint)(buffer.Length - written));
                if (n < 0)
                {
                    if (Marshal.GetLastPInvokeError() == 4) // EINTR
                        continue;
                    return; // a closed stdout (EPIPE) is not worth failing the operation for
                }
                written += (int)n;
            }
        }
    }

    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static unsafe partial nint WriteNative(int fd, byte* buffer, nuint count);
}
