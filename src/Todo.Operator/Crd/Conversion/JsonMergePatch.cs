using System.Text.Json.Nodes;

namespace Todo.Operator.Crd.Conversion;

/// <summary>RFC 7386 JSON merge patches: the patch that turns one document into another, and applying one.</summary>
internal static class JsonMergePatch
{
    /// <summary>The merge patch that turns <paramref name="from"/> into <paramref name="to"/>; null when they are equal.</summary>
    public static JsonNode? Diff(JsonNode? from, JsonNode? to)
    {
        if (from is JsonObject source && to is JsonObject target)
        {
            var patch = new JsonObject();
            foreach (var (key, value) in target)
            {
                if (!source.TryGetPropertyValue(key, out var before))
                {
                    patch[key] = value?.DeepClone();
                }
                else if (Diff(before, value) is { } change)
                {
                    patch[key] = change;
                }
                else if (value is null && before is not null)
                {
                    patch[key] = null;
                }
            }

            foreach (var (key, _) in source.Where(entry => !target.ContainsKey(entry.Key)))
            {
                patch[key] = null;
            }

            return patch.Count == 0 ? null : patch;
        }

        return JsonNode.DeepEquals(from, to) ? null : to?.DeepClone() ?? JsonValue.Create((string?)null);
    }

    /// <summary><paramref name="target"/> with <paramref name="patch"/> applied (a null member removes it).</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject changes)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject obj ? obj.DeepClone().AsObject() : [];
        foreach (var (key, value) in changes)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                result[key] = Apply(result[key], value);
            }
        }

        return result;
    }
}
