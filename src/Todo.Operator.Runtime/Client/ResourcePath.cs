namespace Todo.Operator.Runtime.Client;

/// <summary>
/// REST paths of a resource type. The core group lives under /api/v1, every other group under
/// /apis/{group}/{version}; building both here is what lets one client serve every kind.
/// </summary>
internal static class ResourcePath
{
    public static string Collection(ResourceType type, string? ns)
    {
        var root = type.Group.Length == 0 ? $"api/{type.Version}" : $"apis/{type.Group}/{type.Version}";
        return type.Namespaced && !string.IsNullOrEmpty(ns)
            ? $"{root}/namespaces/{Uri.EscapeDataString(ns)}/{type.Plural}"
            : $"{root}/{type.Plural}";
    }

    public static string Item(ResourceType type, string? ns, string name, string? subresource = null)
    {
        if (type.Namespaced && string.IsNullOrEmpty(ns))
        {
            throw new ArgumentException($"{type} is namespaced: a namespace is required to address '{name}'.", nameof(ns));
        }

        var path = $"{Collection(type, ns)}/{Uri.EscapeDataString(name)}";
        return subresource is null ? path : $"{path}/{subresource}";
    }

    public static string WithQuery(string path, IEnumerable<KeyValuePair<string, string?>> query)
    {
        var parts = query
            .Where(pair => !string.IsNullOrEmpty(pair.Value))
            .Select(pair => $"{pair.Key}={Uri.EscapeDataString(pair.Value!)}")
            .ToList();
        return parts.Count == 0 ? path : $"{path}?{string.Join('&', parts)}";
    }
}
