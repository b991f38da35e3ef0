using System.Text.Json;
using Oci.Runtime.Lifecycle;
using Oci.Runtime.Spec;
using Oci.Runtime.Spec.Json;

namespace Oci.Runtime.Linux.Containers;

/// <summary>The copy of config.json that create keeps in the state directory, read back for exec.</summary>
public static class SavedConfig
{
    /// <summary>exec's defaults from it. It was validated when the container was created.</summary>
    public static ExecDefaults LoadExecDefaults(StateStore store, string id)
    {
        var path = Path.Combine(store.DirectoryOf(id), ContainerCreator.ContainerConfig);
        try
        {
            return SpecReader.ReadExecDefaults(File.ReadAllBytes(path))
                ?? throw new OcirtException($"container \"{id}\": its saved config {path} is empty");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new OcirtException($"container \"{id}\": its saved config {path} is missing (was it created by ocirt?)");
        }
        catch (JsonException e)
        {
            throw new OcirtException($"container \"{id}\": its saved config {path} is corrupt: {JsonErrors.Describe(e)}");
        }
    }
}
