namespace Todo.Operator.Children;

/// <summary>
/// Readiness of a Deployment or StatefulSet, as <c>kubectl rollout status</c> judges a rollout: the controller saw the
/// latest spec, every wanted replica runs that spec, no replica of an older spec is left, and enough replicas are ready.
/// Without the last two checks a rollout stuck on an image that cannot start counts as ready, because the old
/// replicas keep serving (Kubernetes omits zero counts, so a missing count is 0).
/// </summary>
internal static class WorkloadReadiness
{
    public static ChildReadiness Of(string kind, string name, long? generation, WorkloadReplicas replicas)
    {
        var wanted = replicas.Desired ?? 1;
        if (replicas.ObservedGeneration is null || replicas.ObservedGeneration < generation)
        {
            return ChildReadiness.NotReady($"{kind} {name} has not yet observed its latest spec.");
        }

        var updated = replicas.Updated ?? 0;
        if (updated < wanted)
        {
            return ChildReadiness.NotReady($"{kind} {name} is rolling out: {updated} of {wanted} replicas run the latest spec.");
        }

        var older = (replicas.Total ?? 0) - updated;
        if (older > 0)
        {
            return ChildReadiness.NotReady($"{kind} {name} is rolling out: {older} replicas of an older spec are still running.");
        }

        return (replicas.Ready ?? 0) >= wanted
            ? ChildReadiness.Ready
            : ChildReadiness.NotReady($"{kind} {name} has {replicas.Ready ?? 0} of {wanted} replicas ready.");
    }
}
