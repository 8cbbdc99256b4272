using k8s;
using k8s.Models;
using Todo.Operator.Api.V1Alpha1;
using Todo.Operator.Runtime;

namespace Todo.Operator.Children;

/// <summary>The ClusterIP Service in front of the API pods; the Ingress routes to it.</summary>
internal sealed class ApiService : IChildResource
{
    public const string PortName = "http";
    public const int Port = 80;

    public string Name => "ApiService";

    public ResourceType Type(ClusterCapabilities capabilities) => ChildTypes.Service;

    public string ObjectName(TodoApp app) => ChildNames.Api(app);

    public bool IsWanted(TodoApp app) => true;

    public IKubernetesObject<V1ObjectMeta> Desired(TodoApp app, ChildContext context) => new V1Service
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = ChildMetadata.For(app, ObjectName(app), AppLabels.ApiComponent),
        Spec = new V1ServiceSpec
        {
            Type = "ClusterIP",
            Selector = AppLabels.Selector(app, AppLabels.ApiComponent),
            Ports = [new V1ServicePort { Name = PortName, Port = Port, TargetPort = "http", Protocol = "TCP" }],
        },
    };

    public ChildReadiness Readiness(IKubernetesObject<V1ObjectMeta> observed) => ChildReadiness.Ready;
}
