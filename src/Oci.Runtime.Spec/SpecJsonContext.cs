using System.Text.Json.Serialization;

namespace Oci.Runtime.Spec;

/// <summary>
/// The only way ocirt (de)serializes spec documents: source-generated, so NativeAOT needs
/// no reflection. Reading is strict JSON (no comments, no trailing commas, exact property
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
