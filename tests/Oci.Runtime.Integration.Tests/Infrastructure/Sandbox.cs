namespace Oci.Runtime.Integration.Tests.Infrastructure;

/// <summary>
/// A per-test directory /tmp/ocirt-it-XXXXXX holding a state root (not created: ocirt must
/// cope with a missing root) and a bundle directory. Removed, whatever happened, on Dispose.
/// </summary>
public sealed class Sandbox : IDisposable
{
    public Sandbox()
    {
        // Always /tmp, whatever $TMPDIR says, so a leak is easy to spot (ls /tmp/ocirt-it-*).
        string candidate;
        do
            candidate = Path.Combine("/tmp", "ocirt-it-" + Guid.NewGuid().ToString("N")[..12]);
        while (System.IO.Directory.Exists(candidate));
        Directory = System.IO.Directory.CreateDirectory(candidate).FullName;
        Root = Path.Combine(Directory, "root");
        Bundle = Path.Combine(Directory, "bundle");
        System.IO.Directory.CreateDirectory(Bundle);
    }

    public string Directory { get; }

    /// <summary>The --root given to ocirt; does not exist until something creates it.</summary>
    public string Root { get; }

    public string Bundle { get; }

    public string ConfigPath => Path.Combine(Bundle, "config.json");

    /// <summary>Copies a fixture to the bundle's config.json and makes the rootfs directory it names.</summary>
    public void UseConfig(string fixturePath)
    {
        File.Copy(fixturePath, ConfigPath, overwrite: true);
        MakeRootfsOf(ConfigPath);
    }

    public void WriteConfig(string json)
    {
        File.WriteAllText(ConfigPath, json);
        MakeRootfsOf(ConfigPath);
    }

    /// <summary>A valid config with a rootfs, for tests about everything but the config.</summary>
    public void UseMinimalValidConfig() => UseConfig(Path.Combine(RepoPaths.ValidFixtures, "minimal.json"));

    /// <summary>Entries directly under the root; none when the root does not exist.</summary>
    public string[] RootEntries() =>
        System.IO.Directory.Exists(Root)
            ? System.IO.Directory.EnumerateFileSystemEntries(Root).Select(e => Path.GetFileName(e)).Order(StringComparer.Ordinal).ToArray()
            : [];

    /// <summary>Entries directly under the sandbox itself (root, bundle, and anything a bad id escaped to).</summary>
    public string[] SandboxEntries() =>
        System.IO.Directory.EnumerateFileSystemEntries(Directory).Select(e => Path.GetFileName(e)).Order(StringComparer.Ordinal).ToArray();

    public string[] GlobalArgs(params string[] rest) => ["--root", Root, .. rest];

    public RunResult Run(params string[] verbAndArgs) => Ocirt.Run(GlobalArgs(verbAndArgs));

    private static void MakeRootfsOf(string configPath)
    {
        // A config that does not parse has no rootfs to make; that is what such tests are about.
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(configPath));
            if (document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object &&
                document.RootElement.TryGetProperty("root", out var root) &&
                root.ValueKind == System.Text.Json.JsonValueKind.Object &&
                root.TryGetProperty("path", out var path) &&
                path.ValueKind == System.Text.Json.JsonValueKind.String &&
                path.GetString() is { Length: > 0 } rootfs &&
                !Path.IsPathRooted(rootfs))
            {
                System.IO.Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(configPath)!, rootfs));
            }
        }
        catch (System.Text.Json.JsonException)
        {
        }
    }

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            // Recursive delete unlinks symlinks (dangling or not) without following them.
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
