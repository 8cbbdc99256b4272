using System.Text.Json.Serialization;

namespace Todo.Operator.Crd;

/// <summary>
/// Serializer metadata generated at build time for what the operator writes with System.Text.Json's default settings
/// (not KubernetesJson's), so no reflection is needed.
/// </summary>
[JsonSerializable(typeof(AutoscalingSpec))]
internal sealed partial class OperatorJsonContext : JsonSerializerContext;
