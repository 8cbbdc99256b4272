using System.Text.Json.Serialization;

namespace Todo.Operator.Crd.V1Alpha1;

/// <summary>
/// The v1alpha1 TodoApp as it is serialized: its spec is the shape the conversion prunes to (<see cref="Conversion.ShapePruning"/>),
/// and the object is what a client of that version reads and writes.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(TodoApp))]
[JsonSerializable(typeof(TodoAppSpec))]
internal sealed partial class V1Alpha1JsonContext : JsonSerializerContext;
