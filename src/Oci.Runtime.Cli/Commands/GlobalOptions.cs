using Oci.Runtime.Cli.CommandLine;
using Oci.Runtime.Cli.Logging;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Cli.Commands;

/// <summary>runc's global flags, which come before the verb.</summary>
public sealed record GlobalOptions(
    string Root,
    string? LogPath,
    LogFormat LogFormat,
    bool Debug,
    bool SystemdCgroup,
    string Rootless,
    string? Criu)
{
    public static readonly IReadOnlyList<Flag> Flags =
    [
        new("debug", FlagKind.Bool, "enable debug logging"),
        new("log", FlagKind.String, "set the log file to write ocirt logs to (default is '/dev/stderr')"),
        new("log-format", FlagKind.String, "set the log format ('text' (default), or 'json')", Default: "text"),
        new("root", FlagKind.String, "root directory for storage of container state (this should be located in tmpfs)"),
        new("criu", FlagKind.String, "path to the criu binary used for checkpoint and restore (ocirt does not checkpoint)", Default: "criu"),
        new("systemd-cgroup", FlagKind.Bool,
            "enable systemd cgroup support, expects cgroupsPath to be of form \"slice:prefix:name\" for e.g. \"system.slice:ocirt:434234\""),
        new("rootless", FlagKind.String, "ignore cgroup permission errors ('true', 'false', or 'auto')", Default: "auto"),
        new("help", FlagKind.Bool, "show help", Alias: "h"),
        new("version", FlagKind.Bool, "print the version", Alias: "v"),
    ];

    /// <summary>
    /// Where state lives when --root is not given: /run/ocirt for root, $XDG_RUNTIME_DIR/ocirt
    /// for a user, also one who is root only in a user namespace of its own (rootless podman).
    /// </summary>
    public static string DefaultRoot()
    {
        if (Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR") is { Length: > 0 } xdg && RootlessDecision.RunsAsUser())
            return Path.Combine(xdg, "ocirt");
        return "/run/ocirt";
    }

    /// <summary>--rootless as decided for this caller (see <see cref="RootlessDecision"/>).</summary>
    public bool IsRootless => RootlessDecision.Decide(Rootless, SystemdCgroup);

    public static GlobalOptions From(ParsedArguments args)
    {
        var format = args.String("log-format") switch
        {
            "text" or "" => LogFormat.Text,
            "json" => LogFormat.Json,
            var other => throw new OcirtException($"invalid log-format: {other}"),
        };
        var rootless = args.String("rootless")!.ToLowerInvariant();
        if (rootless != "auto" && ParsedArguments.ParseBool(rootless) is null)
            throw new OcirtException($"invalid --rootless value \"{rootless}\": use true, false or auto");
        return new GlobalOptions(ResolveRoot(args.String("root")), args.String("log"), format,
            args.Bool("debug"), args.Bool("systemd-cgroup"), rootless, args.IsSet("criu") ? args.String("criu") : null);
    }

    private static string ResolveRoot(string? given)
    {
        if (given is null)
            return DefaultRoot();
        var root = Path.GetFullPath(given);
        if (root == "/")
            throw new OcirtException("option --root argument should not be set to /");
        return root.TrimEnd('/');
    }
}
