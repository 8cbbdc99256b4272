using k8s.Models;
using Todo.Operator.Crd;

namespace Todo.Operator.Redis.Sentinel;

/// <summary>
/// The preStop hook of a data pod in Sentinel mode. A primary that is being stopped on purpose (a roll of the StatefulSet, a
/// drain, a delete) hands over before Redis exits, much as Redis's own FAILOVER command does: it pauses writes, so every
/// write it acknowledged is on the replicas before one of them is promoted; asks a Sentinel to fail over now; once that
/// Sentinel names another primary, makes itself that primary's replica rather than wait for the Sentinels to do it at
/// their next look (up to 10 s, during which it would still be a primary); then lets the paused writes go on, which meet
/// a replica and fail (the API answers 503 and follows the Sentinels): none is acknowledged. Without the hook the
/// Sentinels notice the primary is gone only after their down-after time and an election. A replica, or a primary no
/// Sentinel answers for, stops at once.
/// </summary>
internal static class PrimaryHandover
{
    /// <summary>Within the pod's termination grace period (30 s), with time left for Redis to shut down.</summary>
    public const int WaitSeconds = 20;

    public static V1LifecycleHandler PreStop(TodoApp app) => new() { Exec = new V1ExecAction { Command = ["sh", "-c", Shell(app)] } };

    /// <summary>redis-cli authenticates as the <c>sentinel</c> user from REDISCLI_AUTH, as the probes do, to Redis and to the Sentinels.</summary>
    public static string Shell(TodoApp app) =>
        $$"""
        [ "$({{RedisUsers.SentinelCli(app)}} role 2>/dev/null | head -n 1)" = master ] || exit 0
        self="$POD_NAME.{{RedisTopology.DataDomain(app)}}"
        {{RedisUsers.SentinelCli(app)}} client pause {{(WaitSeconds + 5) * 1000}} write >/dev/null
        asked=
        for sentinel in {{string.Join(' ', RedisTopology.SentinelHosts(app))}}; do
          timeout 3 {{RedisUsers.SentinelCli(app)}} -h "$sentinel" -p {{RedisTopology.SentinelPort}} sentinel failover {{RedisTopology.PrimaryName(app)}} 2>/dev/null | grep -q '^OK' && asked=$sentinel && break
        done
        promoted=
        tries=0
        while [ -n "$asked" ] && [ -z "$promoted" ] && [ "$tries" -lt {{WaitSeconds * 5}} ]; do
          sleep 0.2
          tries=$((tries + 1))
          promoted=$(timeout 3 {{RedisUsers.SentinelCli(app)}} -h "$asked" -p {{RedisTopology.SentinelPort}} --raw sentinel get-master-addr-by-name {{RedisTopology.PrimaryName(app)}} 2>/dev/null | head -n 1)
          case "$promoted" in "$self") promoted= ;; *.{{RedisTopology.DataDomain(app)}}) ;; *) promoted= ;; esac
        done
        [ -z "$promoted" ] || {{RedisUsers.SentinelCli(app)}} replicaof "$promoted" {{RedisService.Port}} >/dev/null
        {{RedisUsers.SentinelCli(app)}} client unpause >/dev/null
        """;
}
