using System.Text.Json.Serialization;

namespace Oci.Runtime.Cgroups;

/// <summary>Source-generated JSON for the stats (NativeAOT: no reflection). Nulls are left
/// out, which is what Go's omitempty/omitzero do for runc's slices, maps and structs.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CgroupStats))]
public sealed partial class CgroupJsonContext : JsonSerializerContext;
