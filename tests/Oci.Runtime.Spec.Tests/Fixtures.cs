namespace Oci.Runtime.Spec.Tests;

/// <summary>Locates spec-fixtures/ from the test binary, whatever the build output layout.</summary>
internal static class Fixtures
{
    public static string Root { get; } = Path.Combine(FindRepositoryRoot(), "spec-fixtures");

    public static string Valid => Path.Combine(Root, "valid");

    public static string Invalid => Path.Combine(Root, "invalid");

    public static TheoryData<string> Names(string directory)
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileNameWithoutExtension(file));
        return data;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Oci.Runtime.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"no Oci.Runtime.sln above {AppContext.BaseDirectory}");
    }
}

/// <summary>A throwaway bundle directory.</summary>
internal sealed class TempBundle : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("ocirt-spec-test-").FullName;

    public string ConfigPath => System.IO.Path.Combine(Path, "config.json");

    public TempBundle WithConfig(string json)
    {
        File.WriteAllText(ConfigPath, json);
        return this;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
