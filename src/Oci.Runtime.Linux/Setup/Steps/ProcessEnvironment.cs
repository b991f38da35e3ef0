namespace Oci.Runtime.Linux.Setup.Steps;

/// <summary>process.env as the container's process gets it: HOME is added when missing, as runc does.</summary>
public static class ProcessEnvironment
{
    public static IReadOnlyList<string> Of(Spec.Process process, string defaultHome)
    {
        var environment = process.Env?.ToList() ?? [];
        if (!environment.Any(v => v.StartsWith("HOME=", StringComparison.Ordinal)))
            environment.Add("HOME=" + defaultHome);
        return environment;
    }
}
