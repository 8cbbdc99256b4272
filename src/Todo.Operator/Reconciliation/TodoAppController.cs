using k8s.Models;
using Todo.Operator.Api.V1Alpha1;
using Todo.Operator.Children;
using Todo.Operator.Children.NetworkPolicies;
using Todo.Operator.Runtime;
using Todo.Operator.Runtime.Controllers;
using Todo.Operator.Runtime.Hosting;

namespace Todo.Operator.Reconciliation;

/// <summary>
/// Wires the TodoApp controller: reconcile TodoApps, and every kind of child they own, so that a child
/// edited or deleted by someone else wakes its owner and is restored.
/// </summary>
internal static class TodoAppController
{
    public static ResourceType Type { get; } = new(TodoApp.Group, TodoApp.Version, TodoApp.KindName, TodoApp.Plural);

    public static IServiceCollection AddTodoAppController(this IServiceCollection services) =>
        services.AddController<TodoApp, TodoAppReconciler>(Configure);

    internal static void Configure(ControllerBuilder<TodoApp> builder, ClusterCapabilities capabilities) =>
        builder
            .Named("todoapp")
            .For(Type)
            .Owns<V1Secret>(new RedisPasswordSecret().Type(capabilities))
            .Owns<V1Service>(new ApiService().Type(capabilities))
            .Owns<V1StatefulSet>(new RedisStatefulSet().Type(capabilities))
            .Owns<V1Deployment>(new ApiDeployment().Type(capabilities))
            .Owns<V1Ingress>(new ApiIngress().Type(capabilities))
            .Owns<V2HorizontalPodAutoscaler>(new ApiAutoscaler().Type(capabilities))
            .Owns<V1PodDisruptionBudget>(new ApiDisruptionBudget().Type(capabilities))
            .Owns<V1NetworkPolicy>(NetworkPolicyType.Value);
}
