using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Todo.Operator.Runtime;

/// <summary>
/// The untyped JSON values models carry (managedFields' <c>fieldsV1</c>, raw extensions) and patches are built from,
/// which KubernetesClient's generated metadata leaves out.
/// </summary>
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class JsonValuesContext : JsonSerializerContext;
