namespace Oci.Runtime.Spec.Tests;

public sealed class SmallFileTests
{
    [Fact]
    public void A_file_larger_than_one_buffer_is_read_whole()
    {
        var path = Path.GetTempFileName();
        try
        {
            var bytes = Enumerable.Range(0, 10_000).Select(i => (byte)('a' + i % 26)).ToArray();
            File.WriteAllBytes(path, bytes);

            SmallFile.ReadBytes(path).Should().Equal(bytes);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_proc_file_that_reports_size_zero_is_read_whole()
    {
        SmallFile.ReadText("/proc/self/mountinfo").Should().Contain(" / / ").And.EndWith("\n");
    }

    [Fact]
    public void Text_drops_a_byte_order_mark_as_file_read_all_text_does()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, (byte)'{', (byte)'}']);

            SmallFile.ReadText(path).Should().Be("{}").And.Be(File.ReadAllText(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Failures_are_the_exceptions_file_throws()
    {
        FluentActions.Invoking(() => SmallFile.ReadBytes("/nonexistent/x")).Should().Throw<FileNotFoundException>()
            .WithMessage("open /nonexistent/x: no such file or directory");
        FluentActions.Invoking(() => SmallFile.ReadBytes("/etc/passwd/x")).Should().Throw<DirectoryNotFoundException>();
        FluentActions.Invoking(() => SmallFile.ReadBytes("/tmp")).Should().Throw<UnauthorizedAccessException>()
            .WithMessage("read /tmp: is a directory");
    }
}
