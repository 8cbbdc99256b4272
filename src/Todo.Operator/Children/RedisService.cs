using k8s.Models;
using Todo.Operator.Crd.V1Alpha1;

namespace Todo.Operator.Children;

/// <summary>The headless Service that gives the Redis StatefulSet its stable DNS name.</summary>
internal sealed class RedisService : ChildResource<V1Service>
{
    public const int Port = 6379;

    public override ApplyPhase Phase => ApplyPhase.Services;

    public override string ObjectName(TodoApp app) => ChildNames.Redis(app);

    protected override V1Service Build(TodoApp app, ChildContext context) => new()
    {
        Metadata = Metadata(app, AppLabels.RedisComponent),
        Spec = new V1ServiceSpec
        {
            ClusterIP = "None",
            Selector = AppLabels.Selector(app, AppLabels.RedisComponent),
            Ports = [new V1ServicePort { Name = "redis", Port = Port, TargetPort = "redis", Protocol = "TCP" }],
        },
    };

    /// <summary>host:port the API connects to.</summary>
    public static string Endpoint(TodoApp app) => $"{ChildNames.Redis(app)}:{Port}";
}
