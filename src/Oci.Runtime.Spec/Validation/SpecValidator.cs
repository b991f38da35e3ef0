namespace Oci.Runtime.Spec;

/// <summary>
/// Checks a parsed config.json against the runtime-spec without touching the host: what
/// can be known from the document alone. Every problem is reported, in document order.
/// </summary>
public static partial class SpecValidator
{
    /// <summary>Annotation naming the signal that <c>kill</c> without a signal sends.</summary>
    public const string StopSignalAnnotation = "org.opencontainers.image.stopSignal";

    public static IReadOnlyList<SpecProblem> Validate(Spec spec)
    {
        var problems = new ProblemList();
        CheckVersion(spec.OciVersion, problems);
        CheckProcess(spec.Process, problems);
        CheckRoot(spec.Root, problems);
        CheckUts(spec, problems);
        CheckMounts(spec, problems);
        CheckHooks(spec.Hooks, problems);
        CheckAnnotations(spec.Annotations, problems);
        if (spec.Linux is { } linux)
            CheckLinux(linux, problems);
        return problems.Items;
    }

    private static void CheckVersion(string version, ProblemList problems)
    {
        const string path = "ociVersion";
        if (string.IsNullOrEmpty(version))
            problems.Add(path, "required");
        else if (!SpecVersion.TryParse(version, out _, out _, out _))
            problems.Add(path, $"\"{version}\" is not a semantic version");
        else if (!SpecVersion.IsSupported(version))
            problems.Add(path, $"unsupported version \"{version}\" (want {SpecVersion.Minimum} to 1.3.x)");
    }

    private static void CheckRoot(Root? root, ProblemList problems)
    {
        // Required on Linux by config.md; relative paths are resolved against the bundle.
        if (root is null)
            problems.Add("root", "required");
        else if (root.Path.Length == 0)
            problems.Add("root.path", "required");
    }

    // runc refuses to set a hostname on the host's UTS namespace; so do we.
    private static void CheckUts(Spec spec, ProblemList problems)
    {
        if (HasNamespace(spec.Linux, NamespaceTypes.Uts))
            return;
        if (!string.IsNullOrEmpty(spec.Hostname))
            problems.Add("hostname", NeedsNamespace(NamespaceTypes.Uts));
        if (!string.IsNullOrEmpty(spec.Domainname))
            problems.Add("domainname", NeedsNamespace(NamespaceTypes.Uts));
    }

    private static void CheckHooks(Hooks? hooks, ProblemList problems)
    {
        if (hooks is null)
            return;
        CheckHookList("hooks.prestart", hooks.Prestart, problems);
        CheckHookList("hooks.createRuntime", hooks.CreateRuntime, problems);
        CheckHookList("hooks.createContainer", hooks.CreateContainer, problems);
        CheckHookList("hooks.startContainer", hooks.StartContainer, problems);
        CheckHookList("hooks.poststart", hooks.Poststart, problems);
        CheckHookList("hooks.poststop", hooks.Poststop, problems);
    }

    private static void CheckHookList(string path, List<Hook>? hooks, ProblemList problems)
    {
        for (var i = 0; i < hooks?.Count; i++)
        {
            var at = SpecPath.Index(path, i);
            problems.RequireAbsolute(SpecPath.Member(at, "path"), hooks[i].Path);
            problems.RequireEnvironment(SpecPath.Member(at, "env"), hooks[i].Env);
            if (hooks[i].Timeout is <= 0 and var timeout)
                problems.Add(SpecPath.Member(at, "timeout"), $"must be greater than 0, got {timeout}");
        }
    }

    private static void CheckAnnotations(Dictionary<string, string>? annotations, ProblemList problems)
    {
        if (annotations?.TryGetValue(StopSignalAnnotation, out var signal) == true && !Signals.TryParse(signal, out _))
            problems.Add(SpecPath.Key("annotations", StopSignalAnnotation), $"unknown signal \"{signal}\"");
    }

    private static bool HasNamespace(LinuxConfig? linux, string type) =>
        linux?.Namespaces?.Any(ns => ns.Type == type) == true;

    private static LinuxNamespace? FindNamespace(LinuxConfig? linux, string type) =>
        linux?.Namespaces?.FirstOrDefault(ns => ns.Type == type);

    private static string NeedsNamespace(string type) => $"needs a \"{type}\" entry in linux.namespaces";
}
