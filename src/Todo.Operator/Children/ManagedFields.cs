using System.Text.Json.Nodes;
using k8s.Models;
using Todo.Operator.Runtime;

namespace Todo.Operator.Children;

/// <summary>Reads server-side apply's record of which manager owns which field (metadata.managedFields, FieldsV1).</summary>
internal static class ManagedFields
{
    /// <summary>Whether an Apply entry of <paramref name="manager"/> owns the field at <paramref name="path"/>, e.g. "f:spec", "f:replicas".</summary>
    public static bool Owns(V1ObjectMeta metadata, string manager, params string[] path) =>
        (metadata.ManagedFields ?? []).Any(entry =>
            entry.Manager == manager
            && entry.Operation == "Apply"
            && entry.FieldsV1 is not null
            && path.Aggregate(JsonNode.Parse(ModelJson.Serialize(entry.FieldsV1)), (node, key) => node?[key]) is not null);
}
