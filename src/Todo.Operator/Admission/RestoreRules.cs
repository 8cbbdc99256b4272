using Todo.Operator.Crd;
using Todo.Operator.Reconciliation;

namespace Todo.Operator.Admission;

/// <summary>
/// A restore is a way to create an app, never an operation on one (CloudNativePG's "recovery is a bootstrap"): an update
/// may not add, change or remove <c>spec.redis.restore</c>, since an app that has data is never overwritten. The reconcile
/// refuses it too (<see cref="Redis.RedisRestoreSource"/>), for an update admitted while the webhook was down.
/// </summary>
internal static class RestoreRules
{
    public static IReadOnlyList<SpecProblem> Check(TodoApp old, TodoApp updated) =>
        old.Spec.Redis.Restore?.FromBackup == updated.Spec.Redis.Restore?.FromBackup
            ? []
            : [new("spec.redis.restore", "RestoreOnlyAtCreation",
                "A restore can only create an app: an app that has data is never overwritten, and one restored keeps where it came from. "
                + "Leave spec.redis.restore as it was, or create a new TodoApp with spec.redis.restore.fromBackup.")];
}
