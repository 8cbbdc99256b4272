using Prometheus;
using Todo.Operator.Crd;
using Todo.Operator.Reconciliation;

namespace Todo.Operator.Redis.Sentinel;

/// <summary>
/// For each Sentinel-mode TodoApp the Sentinels have answered for, <c>status.redis</c> as gauges:
/// <c>todo_operator_redis_replicas</c> (the replicas the Sentinels list), <c>todo_operator_redis_replicas_in_sync</c> and,
/// after a failover, <c>todo_operator_redis_last_failover_timestamp_seconds</c>. From the stored status, as every metric of
/// <see cref="CachedAppMetric"/>: the same on every operator replica, and kept across restarts, which a counter of this
/// process would not be. Count failovers with <c>changes(todo_operator_redis_last_failover_timestamp_seconds[1h])</c>.
/// </summary>
internal sealed class RedisStatusMetric : CachedAppMetric
{
    public const string ReplicasName = "todo_operator_redis_replicas";
    public const string InSyncName = "todo_operator_redis_replicas_in_sync";
    public const string LastFailoverName = "todo_operator_redis_last_failover_timestamp_seconds";

    private readonly Gauge replicas;
    private readonly Gauge inSync;
    private readonly Gauge lastFailover;

    public RedisStatusMetric()
        : this(Metrics.DefaultRegistry)
    {
    }

    internal RedisStatusMetric(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        replicas = factory.CreateGauge(ReplicasName, "The replicas the Sentinels list for each Sentinel-mode TodoApp's primary (status.redis).", "namespace", "todoapp");
        inSync = factory.CreateGauge(InSyncName, "How many of each Sentinel-mode TodoApp's replicas are up and linked to the primary (status.redis).", "namespace", "todoapp");
        lastFailover = factory.CreateGauge(LastFailoverName, "When the operator last saw the Sentinels of each Sentinel-mode TodoApp name another primary, in Unix seconds.", "namespace", "todoapp");
    }

    protected override bool Export(TodoApp app)
    {
        if (app.Status?.Redis is not { Primary: not null } redis)
        {
            return false;
        }

        var (ns, name) = (app.Metadata.NamespaceProperty, app.Metadata.Name);
        replicas.WithLabels(ns, name).Set(redis.Replicas?.Count ?? 0);
        inSync.WithLabels(ns, name).Set(redis.ReplicasInSync ?? 0);
        if (redis.LastFailoverTime is { } time)
        {
            lastFailover.WithLabels(ns, name).Set(new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)).ToUnixTimeSeconds());
        }
        else
        {
            lastFailover.RemoveLabelled(ns, name);
        }

        return true;
    }

    protected override void Remove(string ns, string name)
    {
        foreach (var gauge in (Gauge[])[replicas, inSync, lastFailover])
        {
            gauge.RemoveLabelled(ns, name);
        }
    }
}
