using System.Text.Json;
using k8s;
using k8s.Models;
using Todo.Operator.Runtime;
using Todo.Operator.Runtime.Client;

namespace Todo.Operator.Tests.Fakes;

/// <summary>
/// An API server in memory: objects by type, namespace and name; server-side apply stores what was sent; every write
/// is recorded in order. A failure can be armed per kind and verb, as the API server refusing a request.
/// </summary>
internal sealed class FakeResourceClient : IResourceClient
{
    private readonly Dictionary<(ResourceType Type, string? Namespace, string Name), IKubernetesObject<V1ObjectMeta>> objects = [];
    private readonly Dictionary<(string Verb, string Kind), KubernetesException> failures = [];
    private int resourceVersion;

    /// <summary>Every write, in order, as "verb Kind name" (status patches as "patch-status Kind name").</summary>
    public List<string> Writes { get; } = [];

    /// <summary>The status bodies written, in order.</summary>
    public List<JsonElement> StatusPatches { get; } = [];

    /// <summary>Server-side applies: the type each was sent as, and the object.</summary>
    public List<(ResourceType Type, IKubernetesObject<V1ObjectMeta> Object)> Applied { get; } = [];

    public IEnumerable<IKubernetesObject<V1ObjectMeta>> Stored(ResourceType type) =>
        objects.Where(entry => entry.Key.Type == type).Select(entry => entry.Value);

    public IKubernetesObject<V1ObjectMeta>? Find(ResourceType type, string? ns, string name) => objects.GetValueOrDefault((type, ns, name));

    /// <summary>Puts an object in place as if someone else had created it.</summary>
    public void Seed<T>(T obj)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        obj.Metadata.ResourceVersion = Next();
        objects[(ResourceType.Of<T>(), obj.Metadata.NamespaceProperty, obj.Metadata.Name)] = obj;
    }

    /// <summary>The next <paramref name="verb"/> ("apply", "delete", "get", "patch-status") of <paramref name="kind"/> fails with <paramref name="code"/>.</summary>
    public void FailNext(string verb, string kind, int code = 500, string message = "the API server refused the request") =>
        failures[(verb, kind)] = new KubernetesException(new V1Status { Code = code, Message = message });

    public Task<T?> GetAsync<T>(ResourceType type, string? ns, string name, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ThrowIfArmed("get", type.Kind);
        return Task.FromResult(Find(type, ns, name) is { } found ? ObjectCopy.As<T>(found) : null);
    }

    public Task<T> ApplyAsync<T>(ResourceType type, T desired, CancellationToken cancellationToken, string? fieldManager = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ThrowIfArmed("apply", type.Kind);
        var stored = ObjectCopy.Deep(desired);
        stored.Metadata.ResourceVersion = Next();
        stored.Metadata.Uid ??= Find(type, desired.Metadata.NamespaceProperty, desired.Metadata.Name)?.Metadata.Uid ?? Guid.NewGuid().ToString();
        if (fieldManager is null)
        {
            objects[(type, desired.Metadata.NamespaceProperty, desired.Metadata.Name)] = stored;
        }

        Writes.Add($"apply{(fieldManager is null ? string.Empty : $"({fieldManager})")} {type.Kind} {desired.Metadata.Name}");
        Applied.Add((type, stored));
        return Task.FromResult(ObjectCopy.Deep(stored));
    }

    public Task<T> MergePatchAsync<T>(ResourceType type, string? ns, string name, object patch, string? subresource, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        if (subresource != "status")
        {
            throw new NotSupportedException("The reconciler patches only status.");
        }

        ThrowIfArmed("patch-status", type.Kind);
        Writes.Add($"patch-status {type.Kind} {name}");
        var body = JsonSerializer.Deserialize<JsonElement>(KubernetesJson.Serialize(patch));
        StatusPatches.Add(body.GetProperty("status"));
        return Task.FromResult(Activator.CreateInstance<T>());
    }

    public Task DeleteAsync(ResourceType type, string? ns, string name, CancellationToken cancellationToken)
    {
        ThrowIfArmed("delete", type.Kind);
        objects.Remove((type, ns, name));
        Writes.Add($"delete {type.Kind} {name}");
        return Task.CompletedTask;
    }

    public Task<ResourceList<T>> ListAsync<T>(ResourceType type, string? ns, string? labelSelector, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        throw new NotSupportedException("Reconcilers read from the cache.");

    public IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(
        ResourceType type, string? ns, string? labelSelector, string resourceVersion, TimeSpan timeout, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        throw new NotSupportedException("Reconcilers read from the cache.");

    public Task<T> CreateAsync<T>(ResourceType type, T obj, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        throw new NotSupportedException("Reconcilers apply.");

    public Task<T> GetPathAsync<T>(string path, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Discovery is the runtime's.");

    private string Next() => (++resourceVersion).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private void ThrowIfArmed(string verb, string kind)
    {
        if (failures.Remove((verb, kind), out var failure))
        {
            throw failure;
        }
    }
}
