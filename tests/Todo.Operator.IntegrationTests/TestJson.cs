using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using k8s.Models;
using Todo.Operator.Runtime;

namespace Todo.Operator.IntegrationTests;

/// <summary>
/// The JSON of test bodies, often anonymous objects: the models' settings (<see cref="ModelJson"/>) plus reflection, which
/// a test may use and the operator may not. KubernetesClient.Aot sends a patch only as JSON text.
/// </summary>
internal static class TestJson
{
    private static readonly JsonSerializerOptions Options = new(ModelJson.Options)
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine(ModelJson.Options.TypeInfoResolver, new DefaultJsonTypeInfoResolver()),
    };

    public static JsonNode Node(object body) =>
        JsonSerializer.SerializeToNode(body, body.GetType(), Options) ?? throw new ArgumentException("The body serializes to null.", nameof(body));

    public static V1Patch Patch(object body, V1Patch.PatchType type) =>
        new(body as string ?? JsonSerializer.Serialize(body, body.GetType(), Options), type);
}
