using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Todo.Operator.Runtime.Client;

public static class ResourceClientExtensions
{
    /// <summary>Merge patch of the status subresource: writes status without touching spec or metadata.</summary>
    public static Task<T> PatchStatusAsync<T>(
        this IResourceClient client,
        ResourceType type,
        string? ns,
        string name,
        object status,
        CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        client.MergePatchAsync<T>(type, ns, name, new JsonObject { ["status"] = ModelJson.SerializeToNode(status) }, "status", cancellationToken);
}
