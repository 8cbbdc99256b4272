using System.Text.Json;
using k8s;

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
        JsonSerializerOptions? copy = null;
        // The client's settings are reachable only through this hook; copying them leaves them untouched.
        KubernetesJson.AddJsonOptions(defaults => copy = new JsonSerializerOptions(defaults));
        var options = copy ?? throw new InvalidOperationException("KubernetesJson did not hand out its serializer options.");
        options.Converters.Insert(0, new BoundedQuantityConverter());
        return options;
    }
}
