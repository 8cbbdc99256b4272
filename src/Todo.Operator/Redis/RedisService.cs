using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Crd;
using Todo.Operator.Redis.Sentinel;
using Todo.Operator.Workflow;

namespace Todo.Operator.Redis;

/// <summary>
/// The headless Service that gives the Redis StatefulSet its stable DNS name, and Prometheus the exporter's port. In Sentinel
/// mode names are published before a pod is ready: a replica must find the primary, and the Sentinels a replica, while it starts.
/// </summary>
internal sealed class RedisService : ChildResource<V1Service>
{
    public const int Port = 6379;

    /// <summary>The redis_exporter sidecar's port, by the name the ServiceMonitor scrapes.</summary>
    public const string MetricsPortName = "metrics";
    public const int MetricsPort = 9121;

    public override string ObjectName(TodoApp app) => ChildNames.Redis(app);

    protected override V1Service Build(TodoApp app, ChildContext context) => new()
    {
        Metadata = Metadata(app, AppLabels.RedisComponent),
        Spec = new V1ServiceSpec
        {
            ClusterIP = "None",
            PublishNotReadyAddresses = RedisTopology.UsesSentinel(app) ? true : null,
            Selector = AppLabels.Selector(app, AppLabels.RedisComponent),
            Ports = app.Spec.Redis.Exporter.Enabled
                ? [RedisPort, new V1ServicePort { Name = MetricsPortName, Port = MetricsPort, TargetPort = MetricsPortName, Protocol = "TCP" }]
                : [RedisPort],
        },
    };

    private static V1ServicePort RedisPort => new() { Name = "redis", Port = Port, TargetPort = "redis", Protocol = "TCP" };
}
