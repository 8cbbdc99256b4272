using k8s.Models;
using Todo.Operator.Backups.Crd;
using Todo.Operator.Backups.Schedule;
using Todo.Operator.Crd;
using Todo.Operator.Reconciliation;
using Todo.Operator.Redis;
using Todo.Operator.Runtime;
using Todo.Operator.Runtime.Controllers;
using Todo.Operator.Runtime.Hosting;

namespace Todo.Operator.Backups;

/// <summary>
/// Wires the TodoAppBackup controller into the runtime: it owns the backup Jobs (a Job's end wakes its backup), reads the
/// Redis StatefulSets and the claims through the informers the TodoApp controller shares, and a TodoApp's change wakes the
/// backups that name it.
/// </summary>
internal static class BackupServiceCollectionExtensions
{
    public static IServiceCollection AddTodoAppBackupController(this IServiceCollection services) =>
        services
            .AddSingleton<CachedAppMetric, BackupScheduleMetric>()
            .AddController<TodoAppBackup, TodoAppBackupReconciler>(Configure);

    internal static void Configure(ControllerBuilder<TodoAppBackup> builder)
    {
        builder.Named("todoappbackup");
        builder.Owns(OwnedKind.Of<V1Job>());
        builder.Reads(OwnedKind.Of<V1StatefulSet>());
        builder.Reads(RedisDataClaims.Kind);
        builder.Watches(OwnedKind.Of<TodoApp>(), labelSelector: null, (app, backup) => backup.Spec.TodoApp == app.Metadata.Name);
    }
}
