using System.Text.Json;

namespace Oci.Runtime.Spec;

/// <summary>Reads a bundle's config.json; every failure is an <see cref="OcirtException"/> naming the file.</summary>
public static class SpecLoader
{
    public const string ConfigFileName = "config.json";

    public static Spec Load(string bundleDirectory) => Load(bundleDirectory, out _);

    /// <param name="text">The config.json text the spec was parsed from.</param>
    public static Spec Load(string bundleDirectory, out string text)
    {
        if (!Directory.Exists(bundleDirectory))
        {
            var what = File.Exists(bundleDirectory) ? "not a directory" : "no such directory";
            throw new OcirtException($"bundle \"{bundleDirectory}\": {what}");
        }
        var path = Path.Combine(bundleDirectory, ConfigFileName);
        text = ReadConfig(path);
        return Parse(text, path);
    }

    /// <summary>Parses config.json text; <paramref name="sourceName"/> prefixes every error message.</summary>
    public static Spec Parse(string json, string sourceName)
    {
        if (string.IsNullOrWhiteSpace(json))
            throw new OcirtException($"{sourceName}: file is empty");
        Spec? spec;
        try
        {
            spec = JsonSerializer.Deserialize(json, SpecJsonContext.Default.Spec);
        }
        catch (JsonException e)
        {
            throw new OcirtException($"{sourceName}: {JsonErrors.Describe(e)}", e);
        }
        if (spec is null)
            throw new OcirtException($"{sourceName}: expected an object, got null");
        if (ForbiddenValues.Find(spec, SpecJsonContext.Default.Spec, "") is { } problem)
            throw new OcirtException($"{sourceName}: {problem}");
        return spec;
    }

    /// <summary>Reads exec's --process file: a spec's "process" object, held to the same rules as config.json.</summary>
    public static Process LoadProcess(string path)
    {
        var sourceName = $"--process \"{path}\"";
        var json = ReadConfig(path);
        Process? process;
        try
        {
            process = JsonSerializer.Deserialize(json, SpecJsonContext.Default.Process);
        }
        catch (JsonException e)
        {
            throw new OcirtException($"{sourceName}: {JsonErrors.Describe(e)}", e);
        }
        if (process is null)
            throw new OcirtException($"{sourceName}: expected an object, got null");
        if (ForbiddenValues.Find(process, SpecJsonContext.Default.Process, "") is { } problem)
            throw new OcirtException($"{sourceName}: {problem}");
        return process;
    }

    private static string ReadConfig(string path)
    {
        // .NET reports EISDIR as "access denied", so ask first for a message that is true.
        if (Directory.Exists(path))
            throw new OcirtException($"open {path}: is a directory");
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OcirtException($"open {path}: {ReasonOf(e)}", e);
        }
    }

    // The errno text runc users know, for the common cases; .NET's own message otherwise.
    private static string ReasonOf(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "no such file or directory",
        UnauthorizedAccessException => "permission denied",
        _ => e.Message,
    };
}
