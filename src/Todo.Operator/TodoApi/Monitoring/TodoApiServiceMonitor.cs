using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Crd;
using Todo.Operator.Redis;
using Todo.Operator.Runtime;
using Todo.Operator.Runtime.Workflows;
using Todo.Operator.Workflow;

namespace Todo.Operator.TodoApi.Monitoring;

/// <summary>
/// A ServiceMonitor asking Prometheus (through the Prometheus Operator) to scrape /metrics of every TODO API pod behind
/// the API Service (its management port), and of the redis_exporter sidecar behind the Redis Service when it runs. Optional: it exists only where the cluster serves monitoring.coreos.com/v1 ServiceMonitors; elsewhere
/// the TodoApp says so and works without it, and the operator creates it once the CRD is installed.
/// </summary>
internal sealed class TodoApiServiceMonitor : ChildResource<V1ServiceMonitor>
{
    public const string MetricsPath = "/metrics";

    /// <summary>Once the Services it selects are there.</summary>
    public override IReadOnlyList<Dependency> DependsOn { get; } = [Dependency.On(nameof(TodoApiService)), Dependency.On(nameof(RedisService))];

    public override OwnedKind Kind { get; } = OwnedKind.Of<V1ServiceMonitor>(optional: true);

    public override string ObjectName(TodoApp app) => ChildNames.TodoApi(app);

    public override bool IsWanted(TodoApp app) => app.Spec.Monitoring.Enabled;

    protected override V1ServiceMonitor Build(TodoApp app, ChildContext context) => new()
    {
        Metadata = Metadata(app, AppLabels.TodoApiComponent),
        Spec = new V1ServiceMonitorSpec
        {
            // The app's Services, the API's and Redis': each endpoint scrapes the Services that have its port.
            Selector = new V1LabelSelector { MatchLabels = AppLabels.AllPods(app) },
            Endpoints = app.Spec.Redis.Exporter.Enabled
                ? [Endpoint(app, TodoApiService.ManagementPortName), Endpoint(app, RedisService.MetricsPortName)]
                : [Endpoint(app, TodoApiService.ManagementPortName)],
        },
    };

    private static V1ServiceMonitorEndpoint Endpoint(TodoApp app, string port) =>
        new() { Port = port, Path = MetricsPath, Interval = app.Spec.Monitoring.Interval };
}
