using Todo.Operator.TodoApi.Monitoring;
using Todo.Operator.Workflow;

namespace Todo.Operator.TodoApi;

/// <summary>The TODO API's members of the TodoApp workflow, in the order they are declared; each says what it depends on.</summary>
internal static class TodoApiMembers
{
    public static TodoApiNetworkPolicy NetworkPolicy { get; } = new();

    public static TodoApiService Service { get; } = new();

    public static TodoApiDeployment Deployment { get; } = new();

    public static TodoApiAutoscaler Autoscaler { get; } = new();

    public static TodoApiDisruptionBudget DisruptionBudget { get; } = new();

    public static TodoApiServiceMonitor ServiceMonitor { get; } = new();

    public static TodoApiIngress Ingress { get; } = new();

    public static IReadOnlyList<IAppMember> All { get; } = [NetworkPolicy, Service, Deployment, Autoscaler, DisruptionBudget, ServiceMonitor, Ingress];
}
