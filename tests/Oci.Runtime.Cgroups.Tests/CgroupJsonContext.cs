using System.Text.Json.Serialization;

namespace Oci.Runtime.Cgroups.Tests;

/// <summary>The tests' oracle for <see cref="CgroupStatsWriter"/>: source-generated JSON of the
/// stats, nulls left out (Go's omitempty/omitzero for runc's slices, maps and structs).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CgroupStats))]
public sealed partial class CgroupJsonContext : JsonSerializerContext;
