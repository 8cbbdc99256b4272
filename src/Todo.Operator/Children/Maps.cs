namespace Todo.Operator.Children;

/// <summary>Label and annotation maps compared by their entries, a missing map being an empty one.</summary>
internal static class Maps
{
    /// <summary>Whether <paramref name="map"/> holds every entry of <paramref name="entries"/>, with the same value.</summary>
    public static bool Contains(IDictionary<string, string>? map, IEnumerable<KeyValuePair<string, string>> entries) =>
        entries.All(entry => map is not null && map.TryGetValue(entry.Key, out var value) && value == entry.Value);

    /// <summary>The value of <paramref name="key"/>, or null where the map or the key is missing.</summary>
    public static string? Value(IDictionary<string, string>? map, string key) => map is not null && map.TryGetValue(key, out var value) ? value : null;

    /// <summary>Whether both hold the same entries, in whatever order.</summary>
    public static bool Equal(IDictionary<string, string>? left, IDictionary<string, string>? right) =>
        (left?.Count ?? 0) == (right?.Count ?? 0) && Contains(right, left ?? new Dictionary<string, string>());
}
