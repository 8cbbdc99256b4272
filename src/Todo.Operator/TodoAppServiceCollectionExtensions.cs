using k8s;
using k8s.Models;
using Todo.Operator.Backups.Crd;
using Todo.Operator.Crd;
using Todo.Operator.Quarantine;
using Todo.Operator.Reconciliation;
using Todo.Operator.Redis;
using Todo.Operator.Redis.Sentinel;
using Todo.Operator.Runtime;
using Todo.Operator.Runtime.Controllers;
using Todo.Operator.Runtime.Hosting;
using Todo.Operator.Workflow;

namespace Todo.Operator;

/// <summary>
/// Wires the TodoApp controller into the runtime: reconcile TodoApps through their workflow (checked here, at start-up),
/// own every child kind of <see cref="TodoAppWorkflow"/>, so that a child edited or deleted by someone else wakes its owner
/// and is restored; read the Redis data claims; watch the Secrets named as Redis passwords; report a TodoApp the client
/// cannot decode in its status; export the TodoApps' conditions as a metric; follow the Sentinels of Sentinel-mode apps.
/// </summary>
internal static class TodoAppServiceCollectionExtensions
{
    public static IServiceCollection AddTodoAppController(this IServiceCollection services) =>
        services
            .AddTodoAppWorkflow()
            .AddScoped<IUndecodableObjectReporter<TodoApp>, UndecodableTodoAppReporter>()
            .AddSingleton<CachedAppMetric, AppConditionMetric>()
            .AddSingleton<CachedAppMetric, RedisStatusMetric>()
            .AddHostedService<CachedAppMetrics>()
            .AddHostedService<SentinelObserver>()
            .AddController<TodoApp, TodoAppReconciler>(Configure);

    /// <summary>
    /// The workflow, checked now (a member named twice, a dependency on no member or a cycle stops the start with a message
    /// naming them), and the process-wide services its steps keep state in.
    /// </summary>
    public static IServiceCollection AddTodoAppWorkflow(this IServiceCollection services) =>
        services
            .AddSingleton(TodoAppWorkflow.Define())
            .AddSingleton<ClaimRetentionSupport>()
            .AddSingleton<SentinelObservations>()
            .AddSingleton<PendingStatusWrites>();

    private static string AppOf(IKubernetesObject<V1ObjectMeta> backup) => (backup as TodoAppBackup ?? ObjectCopy.As<TodoAppBackup>(backup)).Spec.TodoApp;

    internal static void Configure(ControllerBuilder<TodoApp> builder)
    {
        builder.Named("todoapp");
        foreach (var child in TodoAppWorkflow.Children)
        {
            builder.Owns(child.Kind);
        }

        builder.Reads(RedisDataClaims.Kind);

        // A user's Secret named as the Redis password: a new password rolls Redis, then the API.
        builder.Watches(OwnedKind.Of<V1Secret>(), RedisPasswordRules.OptInSelector, (secret, app) => app.Spec.Redis.PasswordSecretRef?.Name == secret.Metadata.Name);

        // The backup a new app restores from: its completion lets Redis start. The app's own backups: their completion is its
        // last backup, and the schedule prunes them. Every TodoAppBackup, through the informer its own controller has.
        builder.Watches(
            OwnedKind.Of<TodoAppBackup>(),
            labelSelector: null,
            (backup, app) => app.Spec.Redis.Restore?.FromBackup == backup.Metadata.Name || AppOf(backup) == app.Metadata.Name);
    }
}
