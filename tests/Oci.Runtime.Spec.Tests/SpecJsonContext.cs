using System.Text.Json.Serialization;

namespace Oci.Runtime.Spec.Tests;

/// <summary>
/// The tests' oracle: the source-generated serializer of the spec model, which ocirt's own
/// readers and writers (Oci.Runtime.Spec.Json, by hand, so that the binary carries no
/// serializer) are held to. Reading is strict JSON (no comments, no trailing commas, exact property
/// names) but unknown properties are skipped, as the spec requires of runtimes.
/// RespectNullableAnnotations turns "cwd": null and friends into errors instead of
/// nulls hiding in non-nullable properties.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    AllowTrailingCommas = false,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(Spec))]
[JsonSerializable(typeof(State))]
[JsonSerializable(typeof(ContainerProcessState))]
[JsonSerializable(typeof(Features))]
[JsonSerializable(typeof(ExecDefaults))]
public sealed partial class SpecJsonContext : JsonSerializerContext;
