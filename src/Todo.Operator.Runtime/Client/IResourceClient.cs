using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Todo.Operator.Runtime.Client;

/// <summary>
/// Reads and writes any kind named by a <see cref="ResourceType"/>. API errors surface as
/// <see cref="KubernetesException"/> (with the server's status), 410 Gone as <see cref="ResourceExpiredException"/>.
/// </summary>
public interface IResourceClient
{
    /// <summary>The object, or null when it does not exist.</summary>
    Task<T?> GetAsync<T>(ResourceType type, string? ns, string name, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>Lists all namespaces when <paramref name="ns"/> is null; a field selector such as <c>metadata.name=x</c> narrows it further.</summary>
    Task<ResourceList<T>> ListAsync<T>(ResourceType type, string? ns, string? labelSelector, string? fieldSelector, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>
    /// Watches from <paramref name="resourceVersion"/> with bookmarks; the server ends the stream after
    /// <paramref name="timeout"/>. Stream errors are thrown, never swallowed.
    /// </summary>
    IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(
        ResourceType type,
        string? ns,
        string? labelSelector,
        string? fieldSelector,
        string resourceVersion,
        TimeSpan timeout,
        CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>
    /// Server-side apply with the operator's field manager (or <paramref name="fieldManager"/>, to hand fields
    /// over to another owner), taking ownership of conflicting fields.
    /// </summary>
    Task<T> ApplyAsync<T>(ResourceType type, T desired, CancellationToken cancellationToken, string? fieldManager = null)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    Task<T> CreateAsync<T>(ResourceType type, T obj, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>JSON merge patch of the object, or of its <paramref name="subresource"/> (e.g. "status").</summary>
    Task<T> MergePatchAsync<T>(ResourceType type, string? ns, string name, JsonObject patch, string? subresource, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>
    /// Replaces the object (PUT). Its metadata.resourceVersion, when set, is a precondition: the server refuses the write
    /// with 409 Conflict when the object changed since.
    /// </summary>
    Task<T> ReplaceAsync<T>(ResourceType type, T obj, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>JSON patch (RFC 6902) of the object; a failed <c>test</c> operation is refused with 409 or 422.</summary>
    Task<T> JsonPatchAsync<T>(ResourceType type, string? ns, string name, JsonArray patch, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>Deletes with background propagation; an object that is already gone counts as deleted.</summary>
    Task DeleteAsync(ResourceType type, string? ns, string name, CancellationToken cancellationToken);

    /// <summary>GET of a non-resource path such as /apis (discovery).</summary>
    Task<T> GetPathAsync<T>(string path, CancellationToken cancellationToken);
}
