using Oci.Runtime.Lifecycle;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Linux.Containers;

/// <summary>The copy of config.json that create keeps in the state directory (exec's defaults).</summary>
public static class SavedConfig
{
    public static Spec.Spec Load(StateStore store, string id)
    {
        var path = Path.Combine(store.DirectoryOf(id), ContainerCreator.ContainerConfig);
        try
        {
            return SpecLoader.Parse(File.ReadAllText(path), path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new OcirtException($"container \"{id}\": its saved config {path} is missing (was it created by ocirt?)");
        }
    }
}
