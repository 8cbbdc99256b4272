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
/// are read).
/// </summary>
public static class CacheTrim
{
    public const string LastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";

    /// <summary>How deep the operator's own managedFields entries are kept: f:spec, then f:replicas.</summary>
    private const int KeptFieldDepth = 2;

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
        var node = JsonNode.Parse(ModelJson.Serialize(fields));
        return JsonSerializer.SerializeToElement(Truncate(node, KeptFieldDepth), RuntimeJsonContext.Default.JsonNode);
    }

    private static JsonNode? Truncate(JsonNode? node, int depth) =>
        node is JsonObject fields
            ? new JsonObject(fields.Select(field => KeyValuePair.Create(field.Key, depth <= 1 ? new JsonObject() : Truncate(field.Value, depth - 1))))
            : node?.DeepClone();
}
