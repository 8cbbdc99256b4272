using System.Text.Json.Serialization;
using k8s.Models;

namespace Todo.Operator.Quarantine;

/// <summary>
/// The status written on a TodoApp the operator cannot read: only these two fields, so the merge patch leaves the rest of
/// the last status as it was.
/// </summary>
internal sealed record UndecodableAppStatus(
    [property: JsonPropertyName("observedGeneration")] long? ObservedGeneration,
    [property: JsonPropertyName("conditions")] IReadOnlyList<V1Condition> Conditions);
