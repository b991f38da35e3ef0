using System.Text.Json.Serialization;

namespace Oci.Runtime.Lifecycle;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ContainerRecord))]
[JsonSerializable(typeof(ContainerStateView))]
[JsonSerializable(typeof(List<ContainerStateView>))]
internal sealed partial class LifecycleJsonContext : JsonSerializerContext;
