using System.Text;
using System.Text.Json;
using Oci.Runtime.Spec.Json;

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
        return Read(Encoding.UTF8.GetBytes(json), sourceName, SpecReader.ReadSpec);
    }

    /// <summary>Reads exec's --process file: a spec's "process" object, held to the same rules as config.json.</summary>
    public static Process LoadProcess(string path) =>
        Read(Encoding.UTF8.GetBytes(ReadConfig(path)), $"--process \"{path}\"", SpecReader.ReadProcess);

    /// <summary>A document read by <paramref name="read"/>; every failure names <paramref name="sourceName"/> and the JSON path.</summary>
    public static T Read<T>(byte[] json, string sourceName, Func<byte[], T?> read) where T : class
    {
        try
        {
            return read(json) ?? throw new OcirtException($"{sourceName}: expected an object, got null");
        }
        catch (JsonException e)
        {
            throw new OcirtException($"{sourceName}: {JsonErrors.Describe(e)}", e);
        }
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
