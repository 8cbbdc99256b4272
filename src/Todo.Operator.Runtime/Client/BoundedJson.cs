using System.Text.Json;

namespace Todo.Operator.Runtime.Client;

/// <summary>
/// KubernetesClient's serializer settings with <see cref="BoundedQuantityConverter"/> in front: what the runtime reads
/// objects from the API server with. A copy, so the client's process-wide settings stay as they are.
/// </summary>
internal static class BoundedJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(KubernetesJsonOptions.Shared);
        options.Converters.Insert(0, new BoundedQuantityConverter());
        return options;
    }
}
