using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Todo.Operator.Runtime.Informers;

/// <summary>
/// What the informers drop from an object before caching it, as controller-runtime's DefaultTransform does: the cache
/// holds every child of every app for the life of the process, and most of an object's bytes are bookkeeping no
/// reconcile reads. Dropped: the managedFields of other managers (the controllers' status updates, kubectl), the
/// operator's own entries below two levels (enough to tell whether it owns <c>f:spec.f:replicas</c>), kubectl's
/// last-applied annotation (a second copy of the object), and a CRD's schemas (only its name, versions and conditions
/// are read). The operator's truncated entries are the same for most objects of a kind, so equal ones are one shared,
/// immutable element (the reconcilers read deep copies): about 10 of an app's 62 KB in the cache otherwise.
/// </summary>
public static class CacheTrim
{
    public const string LastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";

    /// <summary>How deep the operator's own managedFields entries are kept: f:spec, then f:replicas.</summary>
    private const int KeptFieldDepth = 2;

    /// <summary>
    /// How many distinct truncated field sets are shared: a few per kind the operator applies. Beyond it each object keeps
    /// its own, so no input can make the table grow.
    /// </summary>
    private const int MaxSharedFieldSets = 1024;

    private static readonly ConcurrentDictionary<string, JsonElement> SharedFieldSets = new(StringComparer.Ordinal);

    public static T Trim<T>(T obj, string fieldManager)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        if (obj.Metadata is { } metadata)
        {
            metadata.ManagedFields = metadata.ManagedFields?
                .Where(entry => entry.Manager == fieldManager && entry.Operation == "Apply")
                .Select(entry =>
                {
                    entry.FieldsV1 = entry.FieldsV1 is null ? null : Truncated(entry.FieldsV1);
                    return entry;
                })
                .ToList() is { Count: > 0 } own ? own : null;
            metadata.Annotations?.Remove(LastAppliedAnnotation);
        }

        if (obj is V1CustomResourceDefinition { Spec.Versions: { } versions })
        {
            foreach (var version in versions)
            {
                version.Schema = null;
            }
        }

        return obj;
    }

    private static JsonElement Truncated(object fields)
    {
        var truncated = Truncate(JsonNode.Parse(ModelJson.Serialize(fields)), KeptFieldDepth);
        var text = truncated?.ToJsonString() ?? "null";
        if (SharedFieldSets.TryGetValue(text, out var shared))
        {
            return shared;
        }

        var element = JsonSerializer.SerializeToElement(truncated, RuntimeJsonContext.Default.JsonNode);
        return SharedFieldSets.Count < MaxSharedFieldSets ? SharedFieldSets.GetOrAdd(text, element) : element;
    }

    private static JsonNode? Truncate(JsonNode? node, int depth) =>
        node is JsonObject fields
            ? new JsonObject(fields.Select(field => KeyValuePair.Create(field.Key, depth <= 1 ? new JsonObject() : Truncate(field.Value, depth - 1))))
            : node?.DeepClone();
}
