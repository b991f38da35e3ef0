using System.Text.Json.Serialization;

namespace Oci.Runtime.Lifecycle;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ContainerRecord))]
internal sealed partial class LifecycleJsonContext : JsonSerializerContext;
