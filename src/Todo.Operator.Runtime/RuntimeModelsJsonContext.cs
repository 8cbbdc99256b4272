using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Todo.Operator.Runtime.Client;

namespace Todo.Operator.Runtime;

/// <summary>
/// The runtime's own model (<see cref="PartialObjectMetadata"/>) and the untyped JSON values models carry (managedFields'
/// <c>fieldsV1</c>, raw extensions) and patches are built from, which KubernetesClient's generated metadata leaves out.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(PartialObjectMetadata))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class RuntimeModelsJsonContext : JsonSerializerContext;
