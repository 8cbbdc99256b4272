using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
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
            ? Storage.ToHub(spec).Deserialize<TodoAppSpec>(options) ?? new TodoAppSpec()
            : throw new JsonException("spec is not an object");

    public override void Write(Utf8JsonWriter writer, TodoAppSpec value, JsonSerializerOptions options) =>
        Storage.FromHub(JsonSerializer.SerializeToNode(value, options)!.AsObject()).WriteTo(writer, options);
}
