using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Oci.Runtime.Cli.CommandLine;
using Oci.Runtime.Linux;
using Oci.Runtime.Linux.Containers;
using Oci.Runtime.Spec;
using Oci.Runtime.Spec.Json;

namespace Oci.Runtime.Cli.Commands;

/// <summary>
/// `update [--resources FILE|-] [limit flags] ID`: the new limits from a LinuxResources JSON
/// document (a file, or stdin for "-", as CRI runtimes send them; the flags are then ignored)
/// or from runc's flags, parsed as runc parses them. What they mean and which fields count is
/// <see cref="ContainerUpdate"/>'s business.
/// </summary>
public static partial class UpdateCommand
{
    public static int Run(CommandContext context)
    {
        // runc looks the container up before it reads any flag: a wrong id is reported first.
        context.Containers.Store.Load(context.ContainerId);
        var resources = context.Args.String("resources") is { Length: > 0 } source
            ? FromJson(ReadDocument(source), source == "-" ? "stdin" : source)
            : FromFlags(context.Args);
        // ocirt has no Intel RDT support: runc's words for a host without it.
        if (context.Args.String("l3-cache-schema") is { Length: > 0 })
            throw new OcirtException("Intel RDT/CAT: l3 cache schema is not enabled");
        if (context.Args.String("mem-bw-schema") is { Length: > 0 })
            throw new OcirtException("Intel RDT/MBA: memory bandwidth schema is not enabled");
        new ContainerUpdate(context.Containers.Store, new HostProcesses(), context.Log).Update(context.ContainerId, resources);
        return 0;
    }

    private static string ReadDocument(string source)
    {
        if (source == "-")
            return Console.In.ReadToEnd();
        try
        {
            return File.ReadAllText(source);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new OcirtException($"open {source}: no such file or directory");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OcirtException($"open {source}: {e.Message}");
        }
    }

    /// <summary>A LinuxResources document; unknown fields are skipped, and "null" or an empty
    /// document change nothing (runc decodes into a value that starts all zero).</summary>
    internal static LinuxResources FromJson(string json, string sourceName)
    {
        if (string.IsNullOrWhiteSpace(json))
            throw new OcirtException($"{sourceName}: no resources: the document is empty");
        try
        {
            return SpecReader.ReadResources(Encoding.UTF8.GetBytes(json)) ?? new LinuxResources();
        }
        catch (JsonException e)
        {
            throw new OcirtException($"{sourceName}: invalid resources: {JsonErrors.Describe(e)}");
        }
    }

    /// <summary>runc's flags, checked in runc's order; a flag not given (or given empty) stays null.</summary>
    internal static LinuxResources FromFlags(ParsedArguments args)
    {
        var weight = args.Int("blkio-weight");
        if (weight is < 0 or > ushort.MaxValue)
            throw new OcirtException($"invalid value for blkio-weight: {weight} is out of range");
        var cpu = new LinuxCpu
        {
            Period = Unsigned(args, "cpu-period"),
            RealtimePeriod = Unsigned(args, "cpu-rt-period"),
            Shares = Unsigned(args, "cpu-share"),
            Quota = Signed(args, "cpu-quota"),
            RealtimeRuntime = Signed(args, "cpu-rt-runtime"),
            Cpus = Given(args, "cpuset-cpus"),
            Mems = Given(args, "cpuset-mems"),
        };
        var memory = new LinuxMemory
        {
            Limit = Size(args, "memory"),
            Swap = Size(args, "memory-swap"),
            Kernel = Size(args, "kernel-memory"),
            KernelTcp = Size(args, "kernel-memory-tcp"),
            Reservation = Size(args, "memory-reservation"),
        };
        return new LinuxResources
        {
            Cpu = cpu,
            Memory = memory,
            BlockIO = new LinuxBlockIO { Weight = weight == 0 ? null : (ushort)weight },
            Pids = new LinuxPids { Limit = args.IsSet("pids-limit") ? args.Int("pids-limit") : null },
        };
    }

    private static string? Given(ParsedArguments args, string flag) => args.String(flag) is { Length: > 0 } text ? text : null;

    /// <summary>Go's strconv.ParseUint(text, 10, 64): digits only.</summary>
    private static ulong? Unsigned(ParsedArguments args, string flag)
    {
        if (Given(args, flag) is not { } text)
            return null;
        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw InvalidNumber(flag, "ParseUint", text, text.All(char.IsAsciiDigit));
    }

    /// <summary>Go's strconv.ParseInt(text, 10, 64): digits with an optional sign.</summary>
    private static long? Signed(ParsedArguments args, string flag)
    {
        if (Given(args, flag) is not { } text)
            return null;
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw InvalidNumber(flag, "ParseInt", text, text[(text[0] is '+' or '-' ? 1 : 0)..] is { Length: > 0 } digits && digits.All(char.IsAsciiDigit));
    }

    /// <summary>Go's wording: a well-formed number that does not fit is "out of range", anything else bad syntax.</summary>
    private static OcirtException InvalidNumber(string flag, string function, string text, bool wellFormed) =>
        new($"invalid value for {flag}: strconv.{function}: parsing \"{text}\": {(wellFormed ? "value out of range" : "invalid syntax")}");

    /// <summary>"-1" (unlimited) or a size as docker's units.RAMInBytes reads it.</summary>
    private static long? Size(ParsedArguments args, string flag)
    {
        if (Given(args, flag) is not { } text)
            return null;
        if (text == "-1")
            return -1;
        return TryParseRamSize(text, out var bytes, out var problem)
            ? bytes
            : throw new OcirtException($"invalid value for {flag}: {problem}");
    }

    /// <summary>
    /// docker/go-units 0.4 RAMInBytes, which runc 1.1 uses: a decimal number, an optional
    /// space, an optional k/m/g/t/p (any case, powers of 1024), an optional "i", an optional
    /// "b": "512m", "1.5g", "1 GiB", "100". Fractions are truncated to whole bytes.
    /// </summary>
    internal static bool TryParseRamSize(string text, out long bytes, out string problem)
    {
        bytes = 0;
        var match = RamSize().Match(text);
        if (!match.Success)
        {
            problem = $"invalid size: '{text}'";
            return false;
        }
        var number = match.Groups[1].Value;
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var size))
        {
            problem = $"strconv.ParseFloat: parsing \"{number}\": invalid syntax";
            return false;
        }
        var unit = match.Groups[2].Value;
        if (unit.Length > 0)
            size *= Math.Pow(1024, "kmgtp".IndexOf(char.ToLowerInvariant(unit[0])) + 1);
        // Go would wrap a size past int64 silently; refuse it instead.
        if (size >= 9.2233720368547758e18)
        {
            problem = $"invalid size: '{text}' is too large";
            return false;
        }
        bytes = (long)size;
        problem = "";
        return true;
    }

    // [0-9], not \d (which .NET takes to mean any Unicode digit), and \z, not $ (which also
    // matches before a final newline): Go's regexp means exactly these.
    [GeneratedRegex(@"^([0-9]+(?:\.[0-9]+)*) ?([kKmMgGtTpP])?[iI]?[bB]?\z")]
    private static partial Regex RamSize();
}
