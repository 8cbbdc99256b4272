using System.Text.Json;

namespace Todo.Operator.Runtime.Client;

/// <summary>
/// <see cref="ModelJson.Options"/> with <see cref="BoundedQuantityConverter"/> and <see cref="PooledStringConverter"/> in
/// front: what the runtime reads objects from the API server with.
/// </summary>
internal static class BoundedJson
{
    public static JsonSerializerOptions Options { get; } = Create(StringPool.Shared);

    public static T Deserialize<T>(JsonElement json) =>
        JsonSerializer.Deserialize(json, Options.GetTypeInfo(typeof(T))) is T typed ? typed : throw new JsonException($"The JSON of a {typeof(T).Name} was null.");

    public static async Task<T> DeserializeAsync<T>(Stream json, CancellationToken cancellationToken) =>
        await JsonSerializer.DeserializeAsync(json, Options.GetTypeInfo(typeof(T)), cancellationToken) is T typed
            ? typed
            : throw new JsonException($"The JSON of a {typeof(T).Name} was null.");

    /// <summary>The options with strings pooled in <paramref name="strings"/> (the benchmark measures each kind on a pool of its own).</summary>
    public static JsonSerializerOptions Create(StringPool strings)
    {
        var options = new JsonSerializerOptions(ModelJson.Options);
        options.Converters.Insert(0, new BoundedQuantityConverter());
        options.Converters.Insert(1, new PooledStringConverter(strings));
        options.MakeReadOnly();
        return options;
    }
}
