using Todo.Operator.Crd;

namespace Todo.Operator.Reconciliation;

/// <summary>The checks of <c>spec.redis.mode</c> and the fields that only Sentinel mode reads.</summary>
internal static partial class SpecValidator
{
    /// <summary>
    /// A field of Sentinel mode set on a Standalone app is refused rather than ignored: whoever wrote it expects replicas
    /// that would not exist.
    /// </summary>
    private static void CheckSentinel(List<SpecProblem> problems, RedisSpec redis)
    {
        if (redis.Mode is not RedisMode.Sentinel)
        {
            if (redis.Replicas is { } replicas)
            {
                problems.Add(new("spec.redis.replicas", "InvalidRedisMode",
                    $"replicas is {replicas}, but mode is Standalone, which runs one Redis pod; set mode to Sentinel or remove replicas."));
            }

            if (redis.Sentinel is not null)
            {
                problems.Add(new("spec.redis.sentinel", "InvalidRedisMode",
                    "sentinel is set, but mode is Standalone, which runs no Sentinels; set mode to Sentinel or remove sentinel."));
            }

            return;
        }

        if (redis.Replicas is < 2)
        {
            problems.Add(new("spec.redis.replicas", "InvalidRedisReplicas",
                $"replicas is {redis.Replicas}; Sentinel mode needs a primary and at least one replica to promote: use 2 or more (3 by default)."));
        }

        if (redis.Sentinel is { } sentinel && sentinel.Quorum > sentinel.Count)
        {
            problems.Add(new("spec.redis.sentinel.quorum", "InvalidSentinelQuorum",
                $"quorum ({sentinel.Quorum}) is greater than count ({sentinel.Count}): that many Sentinels can never agree the primary is down, "
                + "so no failover would ever start; lower quorum or raise count."));
        }
    }
}
