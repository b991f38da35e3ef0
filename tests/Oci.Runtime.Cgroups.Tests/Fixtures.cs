namespace Oci.Runtime.Cgroups.Tests;

/// <summary>Locates spec-fixtures/cgroupfs from the test binary, whatever the build output layout.</summary>
public static class Fixtures
{
    public static string CgroupFs { get; } = Path.Combine(FindRepositoryRoot(), "spec-fixtures", "cgroupfs");

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Oci.Runtime.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"no Oci.Runtime.sln above {AppContext.BaseDirectory}");
    }
}
