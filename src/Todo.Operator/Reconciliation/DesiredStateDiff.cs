using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Runtime;

namespace Todo.Operator.Reconciliation;

/// <summary>
/// Decides whether an observed child already holds every field of its desired state, so that the loop
/// applies only when something differs: a steady cluster then sees no write requests at all, and a field
/// someone else changed or removed is still noticed and restored. Fields the desired state does not set
/// (server defaults, other managers' fields, status) are ignored.
/// </summary>
internal static class DesiredStateDiff
{
    /// <summary>Keys under which the API server rewrites quantities into their canonical form ("0.5" → "500m").</summary>
    private static readonly HashSet<string> QuantityParents = ["requests", "limits", "capacity", "hard"];

    /// <summary>The JSON path of the first desired field the observed object lacks or holds differently; null when it holds them all.</summary>
    public static string? FirstDifference(IKubernetesObject<V1ObjectMeta> desired, IKubernetesObject<V1ObjectMeta> observed) =>
        FirstDifference(ToNode(desired), ToNode(observed), "$", parentKey: null);

    private static JsonNode? ToNode(object value) => JsonNode.Parse(ModelJson.Serialize(value));

    private static string? FirstDifference(JsonNode? desired, JsonNode? observed, string path, string? parentKey) =>
        (desired, observed) switch
        {
            (null, _) => null,
            (_, null) => path,
            (JsonObject desiredObject, JsonObject observedObject) => FirstDifference(desiredObject, observedObject, path, parentKey),
            (JsonArray desiredArray, JsonArray observedArray) => FirstDifference(desiredArray, observedArray, path),
            (JsonValue desiredValue, JsonValue observedValue) => ValuesEqual(desiredValue, observedValue, parentKey) ? null : path,
            _ => path,
        };

    // objectKey: the key this object stands under, which tells whether its values are quantities.
    private static string? FirstDifference(JsonObject desired, JsonObject observed, string path, string? objectKey)
    {
        foreach (var (key, value) in desired)
        {
            if (value is JsonObject { Count: 0 } && !observed.ContainsKey(key))
            {
                // The API server drops some empty objects (e.g. an empty securityContext); they carry no intent.
                continue;
            }

            var child = value is JsonValue ? objectKey : key;
            if (FirstDifference(value, observed[key], $"{path}.{key}", child) is { } difference)
            {
                return difference;
            }
        }

        return null;
    }

    private static string? FirstDifference(JsonArray desired, JsonArray observed, string path)
    {
        // An extra element (a sidecar, a port) added by someone else is a change worth reverting.
        if (desired.Count != observed.Count)
        {
            return path;
        }

        // Lists of named items (containers, env, ports, volumes) are matched by name, as server-side apply merges them:
        // over an object an earlier version of the operator wrote, an apply keeps the live items where they are and
        // places new ones where it merges them, not where the desired list has them, so a positional comparison would
        // find a difference after every apply. Other lists are compared element by element, in the order we set.
        var observedByName = ByName(observed);
        var matchByName = observedByName is not null && ByName(desired) is not null;
        for (var i = 0; i < desired.Count; i++)
        {
            var counterpart = matchByName ? observedByName!.GetValueOrDefault(Name(desired[i])!) : observed[i];
            if (FirstDifference(desired[i], counterpart, $"{path}[{i}]", parentKey: null) is { } difference)
            {
                return difference;
            }
        }

        return null;
    }

    /// <summary>The items by their <c>name</c>, or null unless every item is an object with a name of its own.</summary>
    private static Dictionary<string, JsonNode>? ByName(JsonArray items)
    {
        var byName = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (item is null || Name(item) is not { } name || !byName.TryAdd(name, item))
            {
                return null;
            }
        }

        return byName;
    }

    private static string? Name(JsonNode? item) =>
        item is JsonObject fields && fields["name"] is JsonValue name && name.TryGetValue<string>(out var text) ? text : null;

    private static bool ValuesEqual(JsonValue desired, JsonValue observed, string? parentKey)
    {
        if (JsonNode.DeepEquals(desired, observed))
        {
            return true;
        }

        return parentKey is not null
            && QuantityParents.Contains(parentKey)
            && desired.TryGetValue<string>(out var desiredText)
            && observed.TryGetValue<string>(out var observedText)
            && Quantities.Equal(desiredText, observedText);
    }
}
