using Oci.Runtime.Spec;

namespace Oci.Runtime.Cgroups;

/// <summary>
/// Reads and writes cgroup files on behalf of a spec field, so every failure the user sees
/// names that field and the file: a missing file means the host cannot enforce the value
/// (controller or feature absent), which is an error, never a silent skip.
/// </summary>
internal sealed class CgroupFiles(ICgroupFs fs)
{
    public ICgroupFs Fs { get; } = fs;

    public void Write(string field, string dir, string file, string value, string? missingHint = null)
    {
        try
        {
            Fs.WriteFile(CgroupPath.Join(dir, file), value);
        }
        catch (CgroupFsException e)
        {
            throw Error(field, dir, file, value, e, missingHint);
        }
    }

    public string Read(string field, string dir, string file)
    {
        try
        {
            return Fs.ReadFile(CgroupPath.Join(dir, file));
        }
        catch (CgroupFsException e)
        {
            throw new OcirtException($"{field}: reading {e.Path}: {Errno.Describe(e.Errno)}", e);
        }
    }

    public ulong ReadUInt(string field, string dir, string file) =>
        ParseUInt(Read(field, dir, file), CgroupPath.Join(dir, file));

    public bool Exists(string dir, string file) => Fs.Exists(CgroupPath.Join(dir, file));

    /// <summary>The file's content, or null when it does not exist (stats skip what the
    /// kernel does not have, as runc does).</summary>
    public string? TryRead(string dir, string file)
    {
        try
        {
            return Fs.ReadFile(CgroupPath.Join(dir, file));
        }
        catch (CgroupFsException e) when (e.Errno == Errno.ENOENT)
        {
            return null;
        }
    }

    public ulong? TryReadUInt(string dir, string file) =>
        TryRead(dir, file) is { } text ? ParseUInt(text, CgroupPath.Join(dir, file)) : null;

    public OcirtException Error(string field, string dir, string file, string value, CgroupFsException e, string? missingHint = null)
    {
        string path = CgroupPath.Join(dir, file);
        if (e.Errno == Errno.ENOENT)
        {
            return new OcirtException(!Fs.Exists(dir)
                ? $"{field}: cannot be set: cgroup {dir} does not exist"
                : $"{field}: cannot be set: {path} does not exist{(missingHint is null ? "" : $" ({missingHint})")}", e);
        }
        return new OcirtException($"{field}: writing \"{value.TrimEnd('\n')}\" to {path}: {Errno.Describe(e.Errno)}", e);
    }

    /// <summary>As runc's GetCgroupParamUint: "max" is the largest value, and a negative
    /// number (v1 reports -1 for unlimited in some files) reads as 0.</summary>
    public static ulong ParseUInt(string text, string path)
    {
        var value = text.Trim();
        if (value == "max") return ulong.MaxValue;
        if (ulong.TryParse(value, out ulong u)) return u;
        if (long.TryParse(value, out long l) && l < 0) return 0;
        throw new OcirtException($"cgroups: {path}: cannot parse \"{value}\" as a number");
    }

    /// <summary>"key value" lines (memory.stat, cpu.stat, memory.events).</summary>
    public static Dictionary<string, ulong> ParseKeyValues(string text, string path)
    {
        var values = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2) throw new OcirtException($"cgroups: {path}: malformed line \"{line}\"");
            values[parts[0]] = ParseUInt(parts[1], path);
        }
        return values;
    }
}
