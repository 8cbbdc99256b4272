using k8s.Models;
using Todo.Operator.Api.V1Alpha1;
using Todo.Operator.Children;
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
        services.AddScoped<RedisPasswordResolver>().AddController<TodoApp, TodoAppReconciler>(Configure);

    internal static void Configure(ControllerBuilder<TodoApp> builder, ClusterCapabilities capabilities) =>
        builder
            .Named("todoapp")
            .For(Type)
            .Owns<V1Secret>(ChildTypes.Secret)
            .Owns<V1Service>(ChildTypes.Service)
            .Owns<V1StatefulSet>(ChildTypes.StatefulSet)
            .Owns<V1Deployment>(ChildTypes.Deployment)
            .Owns<V1Ingress>(ChildTypes.Ingress)
            .Owns<V2HorizontalPodAutoscaler>(ChildTypes.HorizontalPodAutoscaler(capabilities))
            .Owns<V1PodDisruptionBudget>(ChildTypes.PodDisruptionBudget(capabilities))
            .Owns<V1NetworkPolicy>(ChildTypes.NetworkPolicy);
}
