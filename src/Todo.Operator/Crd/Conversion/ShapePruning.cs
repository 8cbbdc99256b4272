using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Todo.Operator.Crd.Conversion;

/// <summary>
/// Drops from a spec the fields a version's shape does not have, as the API server's pruning does with a CRD schema
/// generated from that shape. The conversion prunes what it converts to, so that a field the target version cannot hold
/// is seen to be lost (and stashed) rather than pruned afterwards by the API server, unseen.
/// </summary>
internal static class ShapePruning
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyDictionary<string, JsonTypeInfo>> Fields = new();

    public static JsonObject Prune(JsonObject spec, JsonTypeInfo shape)
    {
        var pruned = spec.DeepClone().AsObject();
        PruneObject(pruned, shape);
        return pruned;
    }

    private static void PruneObject(JsonObject obj, JsonTypeInfo shape)
    {
        var fields = Fields.GetOrAdd(shape.Type, _ => FieldsOf(shape));
        foreach (var key in obj.Select(entry => entry.Key).ToList())
        {
            if (!fields.TryGetValue(key, out var field))
            {
                obj.Remove(key);
            }
            else if (obj[key] is { } value)
            {
                PruneValue(value, field);
            }
        }
    }

    private static void PruneValue(JsonNode value, JsonTypeInfo field)
    {
        if (value is JsonObject obj && IsShape(field))
        {
            PruneObject(obj, field);
        }
        else if (value is JsonArray array && field.ElementType is { } elementType && field.Options.GetTypeInfo(elementType) is var element && IsShape(element))
        {
            foreach (var item in array.OfType<JsonObject>())
            {
                PruneObject(item, element);
            }
        }
    }

    /// <summary>The operator's own types: Kubernetes' (resources) and maps are left as they are.</summary>
    private static bool IsShape(JsonTypeInfo info) =>
        info.Kind is JsonTypeInfoKind.Object && info.Type.Namespace?.StartsWith("Todo.Operator.Crd", StringComparison.Ordinal) is true;

    private static Dictionary<string, JsonTypeInfo> FieldsOf(JsonTypeInfo shape) =>
        shape.Properties.ToDictionary(property => property.Name, property => shape.Options.GetTypeInfo(property.PropertyType), StringComparer.Ordinal);
}
