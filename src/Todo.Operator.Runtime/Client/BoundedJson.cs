using System.Text.Json;

namespace Todo.Operator.Runtime.Client;

/// <summary>
/// <see cref="ModelJson.Options"/> with <see cref="BoundedQuantityConverter"/> in front: what the runtime reads objects
/// from the API server with.
/// </summary>
internal static class BoundedJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    public static T Deserialize<T>(JsonElement json) =>
        JsonSerializer.Deserialize(json, Options.GetTypeInfo(typeof(T))) is T typed ? typed : throw new JsonException($"The JSON of a {typeof(T).Name} was null.");

    public static async Task<T> DeserializeAsync<T>(Stream json, CancellationToken cancellationToken) =>
        await JsonSerializer.DeserializeAsync(json, Options.GetTypeInfo(typeof(T)), cancellationToken) is T typed
            ? typed
            : throw new JsonException($"The JSON of a {typeof(T).Name} was null.");

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(ModelJson.Options);
        options.Converters.Insert(0, new BoundedQuantityConverter());
        options.MakeReadOnly();
        return options;
    }
}
