using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Todo.Operator.Runtime.Webhooks;

namespace Todo.Operator.Runtime;

/// <summary>
/// Serializer metadata generated at build time for the runtime's own JSON (the webhooks' reviews, the cache's trimmed
/// managedFields), so no reflection is needed: the trim and AOT analyzers run on this project. Nulls are left out, as
/// KubernetesJson writes the reviews; reading is as System.Text.Json's defaults read (case-sensitive names).
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AdmissionReview))]
[JsonSerializable(typeof(ConversionReview))]
[JsonSerializable(typeof(JsonNode))]
internal sealed partial class RuntimeJsonContext : JsonSerializerContext;
