using System.Text.Json.Serialization;

namespace Todo.Operator.Crd.V1Beta1;

/// <summary>The v1beta1 spec's fields as they are serialized: the shape its conversion prunes to (<see cref="Conversion.ShapePruning"/>).</summary>
[JsonSerializable(typeof(TodoAppSpec))]
internal sealed partial class V1Beta1SpecJsonContext : JsonSerializerContext;
