using k8s.Models;
using Todo.Operator.Backups.Crd;
using Todo.Operator.Generation;
using Todo.Operator.Runtime;

namespace Todo.Operator.Backups;

/// <summary>What the TodoAppBackup controller does beyond the TodoApp controller's rules, for the generated roles.</summary>
internal static class BackupRbac
{
    public static IReadOnlyList<RbacRule> Rules()
    {
        var backups = ResourceType.Of<TodoAppBackup>();
        var jobs = ResourceType.Of<V1Job>();
        return
        [
            new("TodoAppBackups: read, and the status written (the TodoApp controller reads them too, for spec.redis.restore);\n"
                + "a TodoApp's schedule (spec.redis.backup) creates them, and deletes its own beyond keep.",
                backups.Group, [backups.Plural], ["get", "list", "watch", "create", "delete"]),
            new(null, backups.Group, [$"{backups.Plural}/status"], ["patch"]),
            new("Backup Jobs carry blockOwnerDeletion (see the TodoApps' finalizers rule).", backups.Group, [$"{backups.Plural}/finalizers"], ["update"]),
            new("Backup Jobs: created once per TodoAppBackup, deleted once its result is in its status.", jobs.Group, [jobs.Plural], ["get", "list", "watch", "create", "delete"]),
            new("The backup volume of an app (<app>-backups), made on its first backup; never deleted by the operator.", string.Empty, ["persistentvolumeclaims"], ["create"]),
            new("Pods, listed by label for their termination messages: a finished backup Job's says what it wrote; a restoring Redis'\n"
                + "says why its restore failed (the TodoApp controller's RedisRestoreProgress, while that Redis is not ready). The TodoApp\n"
                + "controller also lists a Sentinel-mode app's Redis pods: their revisions (RedisPrimaryLastRoll), their nodes (status.redis.sharedNodes).",
                string.Empty, ["pods"], ["list"]),
        ];
    }
}
