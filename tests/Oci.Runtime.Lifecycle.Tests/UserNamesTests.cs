using Oci.Runtime.Lifecycle;

namespace Oci.Runtime.Lifecycle.Tests;

public class UserNamesTests : IDisposable
{
    private readonly string _passwd = Path.GetTempFileName();

    public UserNamesTests() =>
        File.WriteAllText(_passwd, "root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/sh\n");

    public void Dispose() => File.Delete(_passwd);

    [Fact]
    public void KnownUidGivesItsName() => UserNames.NameOf(1000, _passwd).Should().Be("alice");

    [Fact]
    public void UnknownUidGivesRuncsHashForm() => UserNames.NameOf(4242, _passwd).Should().Be("#4242");

    [Fact]
    public void MissingPasswdGivesTheHashForm() => UserNames.NameOf(0, "/nonexistent/passwd").Should().Be("#0");
}
