using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Crd;
using Todo.Operator.Reconciliation;

namespace Todo.Operator.Admission;

/// <summary>
/// What an update may do to the Redis volume, which outlives the StatefulSet's template: Kubernetes never lets a
/// volume claim template change and never shrinks a claim, so a change of storage class or a smaller size could only
/// ever be reported as <c>ChangeNotApplied</c>, forever; refused at admission instead. A larger size is admitted with a
/// warning saying what follows (the operator expands the claims where their class allows it: <see cref="Redis.RedisClaimExpansion"/>);
/// another persistence, reached once the StatefulSet is recreated, with a warning that names that step.
/// </summary>
internal static class StorageChangeRules
{
    public static (IReadOnlyList<SpecProblem> Refused, IReadOnlyList<string> Warnings) Check(TodoApp old, TodoApp updated)
    {
        var (before, after) = (old.Spec.Redis, updated.Spec.Redis);
        var refused = new List<SpecProblem>();
        var warnings = new List<string>();
        if (before.Persistence != after.Persistence)
        {
            warnings.Add($"spec.redis.persistence: the existing Redis StatefulSet keeps its {Describe(before.Persistence)} until it is deleted "
                + $"(kubectl delete statefulset {ChildNames.Redis(updated)}), and the operator then recreates it with {Describe(after.Persistence)}; "
                + "until then the TodoApp reports ChangeNotApplied.");
        }

        if (before.Persistence is not RedisPersistence.Aof)
        {
            // No claim was made from the template: nothing to keep.
            return (refused, warnings);
        }

        if (before.Storage.StorageClassName != after.Storage.StorageClassName)
        {
            refused.Add(new("spec.redis.storage.storageClassName", "ImmutableStorageClass",
                $"The volume of Redis exists in {ClassOf(before.Storage.StorageClassName)} and cannot move to {ClassOf(after.Storage.StorageClassName)}: "
                + "Kubernetes cannot change the class of a PersistentVolumeClaim. Keep the class, or create a TodoApp of another name with the new class "
                + "and copy the todos over."));
        }

        switch (Compare(after.Storage.Size, before.Storage.Size))
        {
            case < 0:
                refused.Add(new("spec.redis.storage.size", "StorageSizeDecrease",
                    $"The Redis volume cannot shrink from {before.Storage.Size} to {after.Storage.Size}: Kubernetes never makes a PersistentVolumeClaim smaller. "
                    + $"Keep {before.Storage.Size} or more."));
                break;
            case > 0:
                warnings.Add($"spec.redis.storage.size: the operator expands the Redis PersistentVolumeClaims to {after.Storage.Size} where their "
                    + "StorageClass allows expansion (allowVolumeExpansion: true), and reports VolumeExpanding until they have it; where it does not, "
                    + $"nothing is changed and the TodoApp reports VolumeExpansionNotAllowed (kubectl get pvc -l todo.gitops.dev/todoapp={updated.Metadata.Name}).");
                break;
        }

        return (refused, warnings);
    }

    /// <summary>Sizes by amount; a size that is no quantity compares as equal (the validator reports it).</summary>
    private static int Compare(string left, string right)
    {
        try
        {
            return new ResourceQuantity(left).ToDecimal().CompareTo(new ResourceQuantity(right).ToDecimal());
        }
        catch (FormatException)
        {
            return 0;
        }
    }

    private static string ClassOf(string? storageClass) => storageClass is null ? "the cluster's default StorageClass" : $"StorageClass '{storageClass}'";

    private static string Describe(RedisPersistence persistence) => persistence is RedisPersistence.Aof ? "volume (AOF)" : "memory-only Redis (None)";
}
