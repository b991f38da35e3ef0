namespace Oci.Runtime.Integration.Tests.Infrastructure;

/// <summary>
/// An ordinary user made for the rootless tests, with the subuid/subgid range useradd gives
/// (login.defs' SUB_UID_*), and removed with every process it left when the tests end.
/// </summary>
public sealed class UnprivilegedUser : IDisposable
{
    public UnprivilegedUser()
    {
        Name = "ocirt-it-" + Guid.NewGuid().ToString("N")[..6];
        var add = Host.Execute("useradd", "-M", "-d", "/nonexistent", "-s", "/bin/sh", Name);
        if (add.ExitCode != 0)
            throw new InvalidOperationException($"useradd {Name}: {add}");
        Uid = uint.Parse(Host.Execute("id", "-u", Name).Stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Gid = uint.Parse(Host.Execute("id", "-g", Name).Stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public string Name { get; }

    /// <summary>The first id of the user's range in /etc/subuid and /etc/subgid (useradd gives both the same start).</summary>
    public uint SubordinateStart(string file) =>
        uint.Parse(File.ReadLines(file).First(l => l.StartsWith(Name + ":", StringComparison.Ordinal)).Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);

    public uint Uid { get; }

    public uint Gid { get; }

    /// <summary>
    /// ocirt run as this user with XDG_RUNTIME_DIR and USER set as a login gives them, and no
    /// --root: where its state goes is part of what is tested. Output goes through files, as
    /// a created container keeps them open.
    /// </summary>
    public CliRun Ocirt(ContainerBundle bundle, string runtimeDir, params string[] args) =>
        OcirtWithPath(bundle, runtimeDir, "/usr/sbin:/usr/bin:/sbin:/bin", args);

    public CliRun OcirtWithPath(ContainerBundle bundle, string runtimeDir, string path, params string[] args)
    {
        var n = Guid.NewGuid().ToString("N")[..8];
        return CliRun.Execute("setpriv",
            [$"--reuid={Uid}", $"--regid={Gid}", "--init-groups", "env", "-i", $"PATH={path}", $"USER={Name}",
             $"XDG_RUNTIME_DIR={runtimeDir}", RepoPaths.Binary, .. args],
            Path.Combine(bundle.Sandbox.Directory, $"user-stdout.{n}"), Path.Combine(bundle.Sandbox.Directory, $"user-stderr.{n}"),
            null, Infrastructure.Ocirt.DefaultTimeout);
    }

    /// <summary>The user's live processes; zombies (a detached init reparented to the test runner, dead and not yet reaped) are not counted.</summary>
    public int[] Processes() =>
        Directory.GetDirectories("/proc").Select(Path.GetFileName).Where(d => d!.All(char.IsAsciiDigit)).Select(d => int.Parse(d!, System.Globalization.CultureInfo.InvariantCulture))
            .Where(pid => OwnerOf(pid) == Uid).ToArray();

    private static uint? OwnerOf(int pid)
    {
        try
        {
            var status = File.ReadLines($"/proc/{pid}/status").ToList();
            if (status.Any(l => l.StartsWith("State:\tZ", StringComparison.Ordinal)))
                return null;
            var line = status.FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal));
            return line is null ? null : uint.Parse(line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        Host.Execute("pkill", "-KILL", "-u", Name);
        Host.Execute("userdel", Name);
    }
}
