using Oci.Runtime.Spec;

namespace Oci.Runtime.Cli.Commands;

/// <summary>`spec [--rootless] [--bundle DIR]`: writes runc's default config.json, refusing to overwrite one.</summary>
public static class SpecCommand
{
    public static int Run(CommandContext context)
    {
        var bundle = context.Args.String("bundle") is { Length: > 0 } given ? given : ".";
        if (!Directory.Exists(bundle))
            throw new OcirtException($"bundle \"{bundle}\": no such directory");
        var path = Path.Combine(bundle, "config.json");
        if (File.Exists(path))
            throw new OcirtException($"{path}: file exists: remove it first");
        var json = SpecWriter.Serialize(DefaultSpec.Create(context.Args.Bool("rootless")));
        try
        {
            using var stream = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead |
                                 UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite,
            });
            stream.Write(System.Text.Encoding.UTF8.GetBytes(json));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OcirtException($"{path}: {e.Message}");
        }
        return 0;
    }
}
