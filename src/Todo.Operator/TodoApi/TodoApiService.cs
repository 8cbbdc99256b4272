using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Crd;
using Todo.Operator.Workflow;

namespace Todo.Operator.TodoApi;

/// <summary>
/// The ClusterIP Service in front of the API pods: the Ingress routes to its HTTP port, Prometheus scrapes its management
/// port (probes, /metrics), which no Ingress names.
/// </summary>
internal sealed class TodoApiService : ChildResource<V1Service>
{
    public const string PortName = TodoApiDeployment.HttpPortName;
    public const int Port = 80;
    public const string ManagementPortName = TodoApiDeployment.ManagementPortName;

    public override string ObjectName(TodoApp app) => ChildNames.TodoApi(app);

    protected override V1Service Build(TodoApp app, ChildContext context) => new()
    {
        Metadata = Metadata(app, AppLabels.TodoApiComponent),
        Spec = new V1ServiceSpec
        {
            Type = "ClusterIP",
            Selector = AppLabels.Selector(app, AppLabels.TodoApiComponent),
            Ports =
            [
                new V1ServicePort { Name = PortName, Port = Port, TargetPort = TodoApiDeployment.HttpPortName, Protocol = "TCP" },
                new V1ServicePort
                {
                    Name = ManagementPortName,
                    Port = TodoApiDeployment.ManagementPort,
                    TargetPort = TodoApiDeployment.ManagementPortName,
                    Protocol = "TCP",
                },
            ],
        },
    };
}
