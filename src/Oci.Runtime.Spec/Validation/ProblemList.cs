namespace Oci.Runtime.Spec;

/// <summary>Collects problems so that validation reports all of them, not just the first.</summary>
internal sealed class ProblemList
{
    public List<SpecProblem> Items { get; } = [];

    public void Add(string path, string message) => Items.Add(new SpecProblem(path, message));

    public void RequireAbsolute(string path, string? value)
    {
        if (string.IsNullOrEmpty(value))
            Add(path, "required");
        else if (!value.StartsWith('/'))
            Add(path, $"must be an absolute path, got \"{value}\"");
    }

    public void RequireKnown(string path, string? value, IReadOnlyList<string> known, string what)
    {
        if (string.IsNullOrEmpty(value))
            Add(path, "required");
        else if (!known.Contains(value))
            Add(path, $"unknown {what} \"{value}\"");
    }

    /// <summary>Every entry of an optional list must come from <paramref name="known"/>.</summary>
    public void RequireAllKnown(string path, List<string>? values, IReadOnlyList<string> known, string what)
    {
        for (var i = 0; i < values?.Count; i++)
            if (!known.Contains(values[i]))
                Add(SpecPath.Index(path, i), $"unknown {what} \"{values[i]}\"");
    }

    public void RequireEnvironment(string path, List<string>? env)
    {
        for (var i = 0; i < env?.Count; i++)
        {
            var eq = env[i].IndexOf('=');
            if (eq <= 0)
                Add(SpecPath.Index(path, i), $"must have the form KEY=value, got \"{env[i]}\"");
        }
    }
}

/// <summary>Builds the JSON paths used in problem messages, in the same shape System.Text.Json reports.</summary>
internal static class SpecPath
{
    public static string Member(string parent, string name) => parent.Length == 0 ? name : $"{parent}.{name}";

    public static string Index(string parent, int index) => $"{parent}[{index}]";

    /// <summary>A map key: ".key" when it is a plain word, "['key']" otherwise.</summary>
    public static string Key(string parent, string key) =>
        key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')
            ? Member(parent, key)
            : $"{parent}['{key}']";
}
