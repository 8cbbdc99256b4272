using k8s.Models;
using Todo.Operator.Crd.V1Alpha1;

namespace Todo.Operator.Children;

/// <summary>The ClusterIP Service in front of the API pods; the Ingress routes to it.</summary>
internal sealed class TodoApiService : ChildResource<V1Service>
{
    public const string PortName = "http";
    public const int Port = 80;

    public override ApplyPhase Phase => ApplyPhase.Services;

    public override string ObjectName(TodoApp app) => ChildNames.TodoApi(app);

    protected override V1Service Build(TodoApp app, ChildContext context) => new()
    {
        Metadata = Metadata(app, AppLabels.TodoApiComponent),
        Spec = new V1ServiceSpec
        {
            Type = "ClusterIP",
            Selector = AppLabels.Selector(app, AppLabels.TodoApiComponent),
            Ports = [new V1ServicePort { Name = PortName, Port = Port, TargetPort = "http", Protocol = "TCP" }],
        },
    };
}
