using System.Text.Json.Serialization;

namespace Todo.Operator.Crd.V1Alpha1;

/// <summary>The v1alpha1 spec's fields as they are serialized: the shape its conversion prunes to (<see cref="Conversion.ShapePruning"/>).</summary>
[JsonSerializable(typeof(TodoAppSpec))]
internal sealed partial class V1Alpha1SpecJsonContext : JsonSerializerContext;
