using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Todo.Operator.Runtime.Client;

namespace Todo.Operator.Runtime.Tests;

/// <summary>
/// An API server whose collections hold what <see cref="Stored"/> holds (by type and namespace; empty otherwise) and whose
/// watches stay open and silent; the lists of a type (in one namespace, or in any) can be held back, as a server that does
/// not answer for that resource. Its non-resource paths (discovery) answer what <see cref="Paths"/> holds: an object, or
/// an exception to throw; any other path is 404.
/// </summary>
internal sealed class StubResourceClient : IResourceClient
{
    private readonly ConcurrentDictionary<(ResourceType Type, string? Namespace), TaskCompletionSource> heldBack = new();
    private readonly ConcurrentDictionary<(ResourceType Type, string? Namespace), bool> refused = new();

    public ConcurrentQueue<ResourceType> Listed { get; } = new();

    public ConcurrentDictionary<(ResourceType Type, string? Namespace), IKubernetesObject<V1ObjectMeta>[]> Stored { get; } = new();

    public Dictionary<string, object> Paths { get; } = [];

    /// <summary>Lists of <paramref name="type"/> in <paramref name="ns"/> (null: in any namespace) wait until <see cref="ReleaseLists"/>.</summary>
    public void HoldBackLists(ResourceType type, string? ns = null) =>
        heldBack[(type, ns)] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void ReleaseLists(ResourceType type, string? ns = null)
    {
        if (heldBack.TryRemove((type, ns), out var gate))
        {
            gate.SetResult();
        }
    }

    /// <summary>Lists of <paramref name="type"/> in <paramref name="ns"/> answer 403 Forbidden, as when the Role there is gone.</summary>
    public void Refuse(ResourceType type, string ns) => refused[(type, ns)] = true;

    public async Task<ResourceList<T>> ListAsync<T>(ResourceType type, string? ns, string? labelSelector, string? fieldSelector, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        Listed.Enqueue(type);
        if (refused.ContainsKey((type, ns)))
        {
            throw new KubernetesException(new V1Status { Code = 403, Reason = "Forbidden", Message = $"{type.Plural} is forbidden in the namespace \"{ns}\"" });
        }

        if (heldBack.TryGetValue((type, ns), out var gate) || heldBack.TryGetValue((type, null), out gate))
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        return new ResourceList<T>([.. Stored.GetValueOrDefault((type, ns), []).Cast<T>()], "1");
    }

    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(
        ResourceType type, string? ns, string? labelSelector, string? fieldSelector, string resourceVersion, TimeSpan timeout, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        yield break;
    }

    public Task<T?> GetAsync<T>(ResourceType type, string? ns, string name, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta> => throw new NotSupportedException();

    public Task<T> ApplyAsync<T>(ResourceType type, T desired, CancellationToken cancellationToken, string? fieldManager = null)
        where T : class, IKubernetesObject<V1ObjectMeta> => throw new NotSupportedException();

    public Task<T> CreateAsync<T>(ResourceType type, T obj, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta> => throw new NotSupportedException();

    public Task<T> MergePatchAsync<T>(ResourceType type, string? ns, string name, JsonObject patch, string? subresource, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta> => throw new NotSupportedException();

    public Task<T> ReplaceAsync<T>(ResourceType type, T obj, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta> => throw new NotSupportedException();

    public Task<T> JsonPatchAsync<T>(ResourceType type, string? ns, string name, JsonArray patch, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta> => throw new NotSupportedException();

    public Task DeleteAsync(ResourceType type, string? ns, string name, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<T> GetPathAsync<T>(string path, CancellationToken cancellationToken) => Paths.GetValueOrDefault(path) switch
    {
        T answer => Task.FromResult(answer),
        Exception error => Task.FromException<T>(error),
        _ => Task.FromException<T>(new KubernetesException(new V1Status { Code = 404, Message = $"{path} not found" })),
    };
}
