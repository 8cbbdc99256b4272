using System.Text.Json.Serialization;

namespace Todo.Operator.Crd.V1Beta1;

/// <summary>
/// The v1beta1 TodoApp as it is serialized: its spec is the shape the conversion prunes to (<see cref="Conversion.ShapePruning"/>),
/// and the object is what a client of that version reads and writes.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(TodoApp))]
[JsonSerializable(typeof(TodoAppSpec))]
internal sealed partial class V1Beta1JsonContext : JsonSerializerContext;
