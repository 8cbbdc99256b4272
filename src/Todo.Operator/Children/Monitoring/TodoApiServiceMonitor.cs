using k8s.Models;
using Todo.Operator.Crd.V1Alpha1;
using Todo.Operator.Runtime;

namespace Todo.Operator.Children.Monitoring;

/// <summary>
/// A ServiceMonitor asking Prometheus (through the Prometheus Operator) to scrape /metrics of every TODO API pod behind
/// the API Service. Optional: it exists only where the cluster serves monitoring.coreos.com/v1 ServiceMonitors; elsewhere
/// the TodoApp says so and works without it, and the operator creates it once the CRD is installed.
/// </summary>
internal sealed class TodoApiServiceMonitor : ChildResource<V1ServiceMonitor>
{
    public const string MetricsPath = "/metrics";

    public override ApplyPhase Phase => ApplyPhase.Monitoring;

    public override OwnedKind Kind { get; } = OwnedKind.Of<V1ServiceMonitor>(optional: true);

    public override string ObjectName(TodoApp app) => ChildNames.TodoApi(app);

    public override bool IsWanted(TodoApp app) => app.Spec.Monitoring.Enabled;

    protected override V1ServiceMonitor Build(TodoApp app, ChildContext context) => new()
    {
        Metadata = Metadata(app, AppLabels.TodoApiComponent),
        Spec = new V1ServiceMonitorSpec
        {
            // The stable labels select the API Service alone: the Redis Service has another component.
            Selector = new V1LabelSelector { MatchLabels = AppLabels.Selector(app, AppLabels.TodoApiComponent) },
            Endpoints = [new V1ServiceMonitorEndpoint { Port = TodoApiService.ManagementPortName, Path = MetricsPath, Interval = app.Spec.Monitoring.Interval }],
        },
    };
}
