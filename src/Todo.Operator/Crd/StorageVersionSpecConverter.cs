using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Todo.Operator.Crd.Conversion;

namespace Todo.Operator.Crd;

/// <summary>
/// The hub's spec on the wire: read from the storage version's spec and written as it, through that version's
/// <see cref="ISpecVersion"/>. The hub's own properties are read and written with the caller's options (the runtime's
/// bounded quantity reader among them).
/// </summary>
internal sealed class StorageVersionSpecConverter : JsonConverter<TodoAppSpec>
{
    private static readonly V1Beta1.SpecVersion Storage = new();

    public override TodoAppSpec Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonNode.Parse(ref reader) is JsonObject spec
            ? Storage.ToHub(spec).Deserialize(HubTypeInfo(options)) ?? new TodoAppSpec()
            : throw new JsonException("spec is not an object");

    public override void Write(Utf8JsonWriter writer, TodoAppSpec value, JsonSerializerOptions options) =>
        Storage.FromHub(JsonSerializer.SerializeToNode(value, HubTypeInfo(options))!.AsObject()).WriteTo(writer, options);

    // What Deserialize<TodoAppSpec>(options) would look up itself, asked for by name: no reflection-based fallback is
    // reachable, so the trim and AOT analyzers can check the call.
    private static JsonTypeInfo<TodoAppSpec> HubTypeInfo(JsonSerializerOptions options) =>
        (JsonTypeInfo<TodoAppSpec>)options.GetTypeInfo(typeof(TodoAppSpec));
}
