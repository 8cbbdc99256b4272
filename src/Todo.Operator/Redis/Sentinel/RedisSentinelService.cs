using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Crd;
using Todo.Operator.Workflow;

namespace Todo.Operator.Redis.Sentinel;

/// <summary>
/// The headless Service that gives each Sentinel its stable DNS name, which it announces to the others and the API
/// connects to. Names are published before a pod is ready: Sentinels starting together must find each other.
/// </summary>
internal sealed class RedisSentinelService : ChildResource<V1Service>
{
    public override string ObjectName(TodoApp app) => ChildNames.RedisSentinel(app);

    public override bool IsWanted(TodoApp app) => RedisTopology.UsesSentinel(app);

    protected override V1Service Build(TodoApp app, ChildContext context) => new()
    {
        Metadata = Metadata(app, AppLabels.SentinelComponent),
        Spec = new V1ServiceSpec
        {
            ClusterIP = "None",
            PublishNotReadyAddresses = true,
            Selector = AppLabels.Selector(app, AppLabels.SentinelComponent),
            Ports = [new V1ServicePort { Name = "sentinel", Port = RedisTopology.SentinelPort, TargetPort = "sentinel", Protocol = "TCP" }],
        },
    };
}
