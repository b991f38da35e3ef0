using System.Text;
using System.Text.Json;
using Oci.Runtime.Spec.Json;

namespace Oci.Runtime.Spec;

/// <summary>Reads a bundle's config.json; every failure is an <see cref="OcirtException"/> naming the file.</summary>
public static class SpecLoader
{
    public const string ConfigFileName = "config.json";

    public static Spec Load(string bundleDirectory) => Load(bundleDirectory, out _);

    /// <param name="json">The config.json bytes the spec was parsed from.</param>
    public static Spec Load(string bundleDirectory, out byte[] json)
    {
        if (!Directory.Exists(bundleDirectory))
        {
            var what = File.Exists(bundleDirectory) ? "not a directory" : "no such directory";
            throw new OcirtException($"bundle \"{bundleDirectory}\": {what}");
        }
        var path = Path.Combine(bundleDirectory, ConfigFileName);
        json = ReadConfig(path);
        return Parse(json, path);
    }

    /// <summary>Parses config.json text; <paramref name="sourceName"/> prefixes every error message.</summary>
    public static Spec Parse(string json, string sourceName) => Parse(Encoding.UTF8.GetBytes(json), sourceName);

    /// <summary>Parses config.json as UTF-8; <paramref name="sourceName"/> prefixes every error message.</summary>
    public static Spec Parse(byte[] json, string sourceName)
    {
        if (json.AsSpan().IndexOfAnyExcept(" \t\r\n"u8) < 0)
            throw new OcirtException($"{sourceName}: file is empty");
        return Read(json, sourceName, SpecReader.ReadSpec);
    }

    /// <summary>Reads exec's --process file: a spec's "process" object, held to the same rules as config.json.</summary>
    public static Process LoadProcess(string path) =>
        Read(ReadConfig(path), $"--process \"{path}\"", SpecReader.ReadProcess);

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

    private static byte[] ReadConfig(string path)
    {
        // .NET reports EISDIR as "access denied", so ask first for a message that is true.
        if (Directory.Exists(path))
            throw new OcirtException($"open {path}: is a directory");
        try
        {
            var bytes = SmallFile.ReadBytes(path);
            var text = SmallFile.WithoutByteOrderMark(bytes);
            return text.Length == bytes.Length ? bytes : text.ToArray();
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
