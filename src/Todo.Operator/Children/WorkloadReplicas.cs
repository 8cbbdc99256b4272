namespace Todo.Operator.Children;

/// <summary>A workload's replica counts: spec.replicas, and from its status observedGeneration, replicas, updatedReplicas, readyReplicas.</summary>
internal sealed record WorkloadReplicas(int? Desired, long? ObservedGeneration, int? Total, int? Updated, int? Ready);
