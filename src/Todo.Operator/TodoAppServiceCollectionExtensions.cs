using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Crd.V1Alpha1;
using Todo.Operator.Quarantine;
using Todo.Operator.Reconciliation;
using Todo.Operator.Runtime;
using Todo.Operator.Runtime.Controllers;
using Todo.Operator.Runtime.Hosting;

namespace Todo.Operator;

/// <summary>
/// Wires the TodoApp controller into the runtime: reconcile TodoApps, and own every child kind (from
/// <see cref="ChildResources"/>), so that a child edited or deleted by someone else wakes its owner and is restored;
/// report a TodoApp the client cannot decode in its status; export the TodoApps' conditions as a metric.
/// </summary>
internal static class TodoAppServiceCollectionExtensions
{
    public static IServiceCollection AddTodoAppController(this IServiceCollection services) =>
        services
            .AddScoped<RedisPasswordResolver>()
            .AddSingleton<GeneratedPasswords>()
            .AddScoped<RedisDataLifecycle>()
            .AddSingleton<ClusterFeatures>()
            .AddScoped<IUndecodableObjectReporter<TodoApp>, UndecodableTodoAppReporter>()
            .AddHostedService<AppConditionMetric>()
            .AddController<TodoApp, TodoAppReconciler>(Configure);

    internal static void Configure(ControllerBuilder<TodoApp> builder)
    {
        builder.Named("todoapp");
        foreach (var child in ChildResources.All)
        {
            builder.Owns(child.Kind);
        }

        // Not a child (the StatefulSet makes it, nothing maps it back to an app): cached to guard and label it.
        builder.Owns(RedisDataClaim.Kind);

        // A user's Secret named as the Redis password: a new password rolls Redis, then the API.
        builder.Watches(OwnedKind.Of<V1Secret>(), RedisPassword.OptInSelector, (secret, app) => app.Spec.Redis.Password.ExistingSecret?.Name == secret.Metadata.Name);
    }
}
