using k8s.Models;
using Todo.Operator.Crd;

namespace Todo.Operator.Redis.Sentinel;

/// <summary>
/// The preStop hook of a data pod in Sentinel mode. A primary that is being stopped on purpose (a roll of the StatefulSet, a
/// drain, a delete) hands over before Redis exits, as Redis's own FAILOVER command does: it pauses writes, so every write
/// it acknowledged is on the replicas before one of them is promoted, asks the Sentinels to fail over now, and waits until
/// they have made it a replica. Without it the Sentinels notice the primary is gone only after their down-after time and an
/// election, and writes fail meanwhile. Writes sent during the pause wait, then meet a replica and fail (the API answers
/// 503 and follows the Sentinels); none is acknowledged. A replica, or a primary no Sentinel answers for, stops at once.
/// </summary>
internal static class PrimaryHandover
{
    /// <summary>Within the pod's termination grace period (30 s), with time left for Redis to shut down.</summary>
    public const int WaitSeconds = 20;

    public static V1LifecycleHandler PreStop(TodoApp app) => new() { Exec = new V1ExecAction { Command = ["sh", "-c", Shell(app)] } };

    /// <summary>redis-cli authenticates from REDISCLI_AUTH, as the probes do; the Sentinels take the same password.</summary>
    public static string Shell(TodoApp app) =>
        $$"""
        role() { redis-cli role 2>/dev/null | head -n 1; }
        [ "$(role)" = master ] || exit 0
        redis-cli client pause {{(WaitSeconds + 5) * 1000}} write >/dev/null
        asked=
        for sentinel in {{string.Join(' ', RedisTopology.SentinelHosts(app))}}; do
          timeout 3 redis-cli -h "$sentinel" -p {{RedisTopology.SentinelPort}} sentinel failover {{RedisTopology.PrimaryName(app)}} 2>/dev/null | grep -q '^OK' && asked=$sentinel && break
        done
        waited=0
        while [ -n "$asked" ] && [ "$(role)" = master ] && [ "$waited" -lt {{WaitSeconds}} ]; do
          sleep 1
          waited=$((waited + 1))
        done
        redis-cli client unpause >/dev/null
        """;
}
