using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Todo.Operator.Crd.Conversion;

/// <summary>
/// Drops from a spec the fields a version's shape does not have, as the API server's pruning does with a CRD schema
/// generated from that shape. The conversion prunes what it converts to, so that a field the target version cannot hold
/// is seen to be lost (and stashed) rather than pruned afterwards by the API server, unseen.
/// </summary>
internal static class ShapePruning
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyDictionary<string, Type>> Fields = new();

    public static JsonObject Prune(JsonObject spec, Type shape)
    {
        var pruned = spec.DeepClone().AsObject();
        PruneObject(pruned, shape);
        return pruned;
    }

    private static void PruneObject(JsonObject obj, Type shape)
    {
        var fields = Fields.GetOrAdd(shape, FieldsOf);
        foreach (var key in obj.Select(entry => entry.Key).ToList())
        {
            if (!fields.TryGetValue(key, out var type))
            {
                obj.Remove(key);
            }
            else if (obj[key] is { } value)
            {
                PruneValue(value, type);
            }
        }
    }

    private static void PruneValue(JsonNode value, Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (value is JsonObject obj && IsShape(type))
        {
            PruneObject(obj, type);
        }
        else if (value is JsonArray array && type.IsGenericType && IsShape(type.GetGenericArguments()[0]))
        {
            foreach (var item in array.OfType<JsonObject>())
            {
                PruneObject(item, type.GetGenericArguments()[0]);
            }
        }
    }

    /// <summary>The operator's own types: Kubernetes' (resources) and maps are left as they are.</summary>
    private static bool IsShape(Type type) => type.IsClass && type.Namespace?.StartsWith("Todo.Operator.Crd", StringComparison.Ordinal) is true;

    private static Dictionary<string, Type> FieldsOf(Type shape) =>
        shape.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.GetCustomAttribute<JsonPropertyNameAttribute>() is not null)
            .ToDictionary(property => property.GetCustomAttribute<JsonPropertyNameAttribute>()!.Name, property => property.PropertyType, StringComparer.Ordinal);
}
