using System.Globalization;

namespace Oci.Runtime.Cli.CommandLine;

/// <summary>What the command line said: flag values by long name, and the positional arguments in order.</summary>
public sealed class ParsedArguments
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<Flag> _flags;

    public ParsedArguments(IReadOnlyList<Flag> flags) => _flags = flags;

    public List<string> Positional { get; } = [];

    public bool IsSet(string name) => _values.ContainsKey(name);

    public void Add(Flag flag, string value)
    {
        if (!_values.TryGetValue(flag.Name, out var list))
            _values[flag.Name] = list = [];
        if (flag.Kind != FlagKind.StringList)
            list.Clear();
        list.Add(value);
    }

    public string? String(string name) =>
        _values.TryGetValue(name, out var list) ? list[^1] : FlagNamed(name).Default;

    public IReadOnlyList<string> Strings(string name) =>
        _values.TryGetValue(name, out var list) ? list : [];

    public bool Bool(string name) => String(name) is { } text && ParseBool(text) == true;

    public int Int(string name) =>
        String(name) is { } text ? int.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 0;

    public TimeSpan Duration(string name) =>
        String(name) is { } text && GoDuration.TryParse(text, out var value) ? value : TimeSpan.Zero;

    /// <summary>Go's strconv.ParseBool.</summary>
    public static bool? ParseBool(string text) => text switch
    {
        "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
        "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
        _ => null,
    };

    private Flag FlagNamed(string name) =>
        _flags.FirstOrDefault(f => f.Name == name) ?? throw new ArgumentException($"no flag named {name}", nameof(name));
}
