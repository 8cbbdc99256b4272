namespace Todo.Operator.Children;

/// <summary>Readiness of a Deployment or StatefulSet: the controller saw the latest spec and enough replicas are ready.</summary>
internal static class WorkloadReadiness
{
    public static ChildReadiness Of(string kind, string name, long? generation, long? observedGeneration, int? desired, int? ready)
    {
        var wanted = desired ?? 1;
        if (observedGeneration is null || observedGeneration < generation)
        {
            return ChildReadiness.NotReady($"{kind} {name} has not yet observed its latest spec.");
        }

        return (ready ?? 0) >= wanted
            ? ChildReadiness.Ready
            : ChildReadiness.NotReady($"{kind} {name} has {ready ?? 0} of {wanted} replicas ready.");
    }
}
