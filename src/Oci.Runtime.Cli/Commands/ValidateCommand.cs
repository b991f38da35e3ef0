using Oci.Runtime.Spec;

namespace Oci.Runtime.Cli.Commands;

/// <summary>
/// `validate [--bundle DIR]` (ocirt's own verb; runc has none): loads the bundle's config.json
/// and prints every problem, one `path: message` per line, so a config can be fixed in one go
/// instead of one `create` failure at a time.
/// </summary>
public static class ValidateCommand
{
    public static int Run(CommandContext context)
    {
        var bundle = Path.GetFullPath(context.Args.String("bundle") is { Length: > 0 } given ? given : ".");
        var spec = SpecLoader.Load(bundle);
        var problems = SpecValidator.Validate(spec);
        foreach (var problem in problems)
            context.Out.WriteLine(problem);
        // Not problems: what create would warn of and leave out.
        foreach (var warning in CapabilityGrants.Warnings(spec.Process, Linux.Containers.HostFacts.GrantableCapabilities()))
            context.Out.WriteLine("warning: " + warning);
        foreach (var warning in DeviceAccess.Warnings(spec.Linux?.Resources?.Devices))
            context.Out.WriteLine("warning: " + warning);
        foreach (var note in MountOptionNotes.Ignored(spec.Mounts))
            context.Out.WriteLine("note: " + note);
        if (problems.Count > 0)
            throw new OcirtException($"{Path.Combine(bundle, "config.json")}: {problems.Count} problem(s) found");
        context.Out.WriteLine($"{Path.Combine(bundle, "config.json")}: valid");
        return 0;
    }
}
