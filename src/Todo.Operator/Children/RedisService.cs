using k8s;
using k8s.Models;
using Todo.Operator.Api.V1Alpha1;
using Todo.Operator.Runtime;

namespace Todo.Operator.Children;

/// <summary>The headless Service that gives the Redis StatefulSet its stable DNS name.</summary>
internal sealed class RedisService : IChildResource
{
    public const int Port = 6379;

    public string Name => "RedisService";

    public ResourceType Type(ClusterCapabilities capabilities) => ChildTypes.Service;

    public string ObjectName(TodoApp app) => ChildNames.Redis(app);

    public bool IsWanted(TodoApp app) => true;

    public IKubernetesObject<V1ObjectMeta> Desired(TodoApp app, ChildContext context) => new V1Service
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = ChildMetadata.For(app, ObjectName(app), AppLabels.RedisComponent),
        Spec = new V1ServiceSpec
        {
            ClusterIP = "None",
            Selector = AppLabels.Selector(app, AppLabels.RedisComponent),
            Ports = [new V1ServicePort { Name = "redis", Port = Port, TargetPort = "redis", Protocol = "TCP" }],
        },
    };

    public ChildReadiness Readiness(IKubernetesObject<V1ObjectMeta> observed) => ChildReadiness.Ready;

    /// <summary>host:port the API connects to.</summary>
    public static string Endpoint(TodoApp app) => $"{ChildNames.Redis(app)}:{Port}";
}
