using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
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

    /// <summary>Every GET of an object, as "get Kind name", in order.</summary>
    public List<string> Reads { get; } = [];

    /// <summary>Server-side applies: the type each was sent as, and the object.</summary>
    public List<(ResourceType Type, IKubernetesObject<V1ObjectMeta> Object)> Applied { get; } = [];

    public IEnumerable<IKubernetesObject<V1ObjectMeta>> Stored(ResourceType type) =>
        objects.Where(entry => entry.Key.Type == type).Select(entry => entry.Value);

    /// <summary>The stored object; a cluster-scoped type (<c>Namespaced = false</c>) finds what <see cref="Seed"/> stored under its model's type.</summary>
    public IKubernetesObject<V1ObjectMeta>? Find(ResourceType type, string? ns, string name) => objects.GetValueOrDefault((type with { Namespaced = true }, ns, name));

    /// <summary>Puts an object in place as if someone else had created it.</summary>
    public void Seed<T>(T obj)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        obj.Metadata.ResourceVersion = Next();
        objects[(ResourceType.Of<T>(), obj.Metadata.NamespaceProperty, obj.Metadata.Name)] = obj;
    }

    /// <summary>The next <paramref name="verb"/> ("apply", "delete", "get", "patch", "patch-status") of <paramref name="kind"/> (or "get" of a path) fails with <paramref name="code"/>.</summary>
    public void FailNext(string verb, string kind, int code = 500, string message = "the API server refused the request") =>
        failures[(verb, kind)] = new KubernetesException(new V1Status { Code = code, Message = message });

    public Task<T?> GetAsync<T>(ResourceType type, string? ns, string name, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ThrowIfArmed("get", type.Kind);
        if (type.Namespaced && string.IsNullOrEmpty(ns))
        {
            // As the real client's path builder: a namespaced type needs a namespace, a cluster-scoped one must say it is.
            throw new ArgumentException($"{type} is namespaced: a namespace is required to address '{name}'.", nameof(ns));
        }

        Reads.Add($"get {type.Kind} {name}");
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

    public Task<T> MergePatchAsync<T>(ResourceType type, string? ns, string name, JsonObject patch, string? subresource, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        if (subresource is null)
        {
            return Task.FromResult(ObjectCopy.As<T>(MergePatch(type, ns, name, patch)));
        }

        if (subresource != "status")
        {
            throw new NotSupportedException("The reconciler patches status or the object itself.");
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

    /// <summary>What the cache cannot answer (pods, which no informer holds): the stored objects with every label of an equality selector.</summary>
    public Task<ResourceList<T>> ListAsync<T>(ResourceType type, string? ns, string? labelSelector, string? fieldSelector, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        if (fieldSelector is not null)
        {
            throw new NotSupportedException("Only label selectors are supported.");
        }

        ThrowIfArmed("list", type.Kind);
        Reads.Add($"list {type.Kind} {labelSelector}");
        var wanted = Requirements(labelSelector).ToList();
        var items = objects.Where(entry => entry.Key.Type == type && entry.Key.Namespace == ns)
            .Select(entry => entry.Value)
            .Where(found => wanted.All(requirement => found.Metadata.Labels?.TryGetValue(requirement.Key, out var value) is true && requirement.Values.Contains(value)))
            .Select(ObjectCopy.As<T>)
            .ToList();
        return Task.FromResult(new ResourceList<T>(items, Next()));
    }

    public IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(
        ResourceType type, string? ns, string? labelSelector, string? fieldSelector, string resourceVersion, TimeSpan timeout, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        throw new NotSupportedException("Reconcilers read from the cache.");

    /// <summary>Stores a new object; one that exists already is refused with 409, as the API server does.</summary>
    public Task<T> CreateAsync<T>(ResourceType type, T obj, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ThrowIfArmed("create", type.Kind);
        if (Find(type, obj.Metadata.NamespaceProperty, obj.Metadata.Name) is not null)
        {
            throw new KubernetesException(new V1Status { Code = 409, Reason = "AlreadyExists", Message = $"{type.Kind} {obj.Metadata.Name} already exists" });
        }

        var stored = ObjectCopy.Deep(obj);
        stored.Metadata.Uid ??= Guid.NewGuid().ToString();
        stored.Metadata.ResourceVersion = Next();
        objects[(type, stored.Metadata.NamespaceProperty, stored.Metadata.Name)] = stored;
        Writes.Add($"create {type.Kind} {stored.Metadata.Name}");
        return Task.FromResult(ObjectCopy.Deep(stored));
    }

    public Task<T> ReplaceAsync<T>(ResourceType type, T obj, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        throw new NotSupportedException("Reconcilers apply or patch; only the runtime's leader election replaces.");

    public Task<T> JsonPatchAsync<T>(ResourceType type, string? ns, string name, JsonArray patch, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        throw new NotSupportedException("Reconcilers merge-patch; only the runtime's caBundle publisher sends JSON patches.");

    /// <summary>What GET /version answers.</summary>
    public VersionInfo Version { get; set; } = new() { Major = "1", Minor = "33", GitVersion = "v1.33.1" };

    public Task<T> GetPathAsync<T>(string path, CancellationToken cancellationToken)
    {
        ThrowIfArmed("get", path);
        return path == "version" && Version is T version ? Task.FromResult(version) : throw new NotSupportedException("Discovery is the runtime's.");
    }

    /// <summary>RFC 7386 on the stored object; a resourceVersion in the patch must match, as the API server's precondition.</summary>
    private IKubernetesObject<V1ObjectMeta> MergePatch(ResourceType type, string? ns, string name, JsonNode patch)
    {
        ThrowIfArmed("patch", type.Kind);
        var stored = Find(type, ns, name) ?? throw new KubernetesException(new V1Status { Code = 404, Message = $"{type.Kind} {name} not found" });
        if (patch["metadata"]?["resourceVersion"]?.GetValue<string>() is { } expected && expected != stored.Metadata.ResourceVersion)
        {
            throw new KubernetesException(new V1Status { Code = 409, Reason = "Conflict", Message = $"{type.Kind} {name} has been modified" });
        }

        var merged = Merge(JsonNode.Parse(KubernetesJson.Serialize(stored)), patch);
        var patched = (IKubernetesObject<V1ObjectMeta>)ModelJson.Deserialize(merged!.ToJsonString(), stored.GetType());
        patched.Metadata.ResourceVersion = Next();
        objects[(type, ns, name)] = patched;
        Writes.Add($"patch {type.Kind} {name}");
        return ObjectCopy.Deep(patched);
    }

    private static JsonNode? Merge(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target as JsonObject ?? [];
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                result[key] = Merge(result[key]?.DeepClone(), value);
            }
        }

        return result;
    }

    /// <summary>A label selector's requirements, "key=value" and "key in (a,b)", each as the key and the values it accepts.</summary>
    private static IEnumerable<(string Key, string[] Values)> Requirements(string? labelSelector)
    {
        foreach (var requirement in Regex.Matches(labelSelector ?? string.Empty, @"([^,=\s]+)\s*(?:=([^,]*)|\s+in\s+\(([^)]*)\))").Cast<Match>())
        {
            var values = requirement.Groups[2].Success ? [requirement.Groups[2].Value] : requirement.Groups[3].Value.Split(',', StringSplitOptions.TrimEntries);
            yield return (requirement.Groups[1].Value, values);
        }
    }

    private string Next() => (++resourceVersion).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private void ThrowIfArmed(string verb, string kind)
    {
        if (failures.Remove((verb, kind), out var failure))
        {
            throw failure;
        }
    }
}
