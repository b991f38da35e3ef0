namespace Oci.Runtime.Integration.Tests.Infrastructure;

/// <summary>Where the repository, its fixtures and the binary under test are.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);

    /// <summary>The directory holding Oci.Runtime.sln, found by walking up from the test assembly.</summary>
    public static string Root => RootLazy.Value;

    public static string SpecFixtures => Path.Combine(Root, "spec-fixtures");
    public static string ValidFixtures => Path.Combine(SpecFixtures, "valid");
    public static string InvalidFixtures => Path.Combine(SpecFixtures, "invalid");

    /// <summary>
    /// $OCIRT_BINARY, else out/bin/ocirt of the checkout. A missing binary fails the test:
    /// integration tests that silently skip would report green for a build that never ran.
    /// </summary>
    public static string Binary
    {
        get
        {
            var fromEnvironment = Environment.GetEnvironmentVariable("OCIRT_BINARY");
            var path = string.IsNullOrEmpty(fromEnvironment)
                ? Path.Combine(Root, "out", "bin", "ocirt")
                : Path.GetFullPath(fromEnvironment);
            if (!File.Exists(path))
            {
                throw new InvalidOperationException(
                    $"ocirt binary not found at {path}" +
                    (string.IsNullOrEmpty(fromEnvironment) ? "" : " (from $OCIRT_BINARY)") +
                    ": run `make build` in the repository root first (or set OCIRT_BINARY to a built ocirt)");
            }
            return path;
        }
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Oci.Runtime.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException(
            $"no Oci.Runtime.sln above {AppContext.BaseDirectory}: cannot find the repository (and its out/bin/ocirt)");
    }
}
