using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Crd;
using Todo.Operator.Redis;

namespace Todo.Operator.Backups;

/// <summary>
/// The volume an app's backups are written to. It must outlive the data it protects, so nothing deletes it with the app:
/// no owner reference (garbage collection), no <c>app.kubernetes.io/instance</c> label (ArgoCD's tracking would take it for
/// one of its own), ArgoCD told never to prune it and Helm to keep it. Only the backup controller creates it, never the
/// app's workflow, so <c>whenDeleted: Delete</c> cannot reach it.
/// </summary>
internal static class BackupClaim
{
    public const string Component = AppLabels.BackupComponent;
    public const string HelmResourcePolicyAnnotation = "helm.sh/resource-policy";

    public static V1PersistentVolumeClaim Build(TodoApp app) => new()
    {
        ApiVersion = "v1",
        Kind = "PersistentVolumeClaim",
        Metadata = new V1ObjectMeta
        {
            Name = BackupNames.Claim(app),
            NamespaceProperty = app.Metadata.NamespaceProperty,
            Labels = new Dictionary<string, string>
            {
                [AppLabels.NameKey] = AppLabels.AppName,
                [AppLabels.ComponentKey] = Component,
                [AppLabels.PartOfKey] = AppLabels.AppName,
                [AppLabels.ManagedByKey] = AppLabels.ManagedBy,
                [RedisDataClaims.AppLabel] = app.Metadata.Name,
            },
            Annotations = new Dictionary<string, string>
            {
                [RedisDataClaims.ArgoCdSyncOptionsAnnotation] = RedisDataClaims.NeverPrune,
                [HelmResourcePolicyAnnotation] = "keep",
            },
        },
        Spec = new V1PersistentVolumeClaimSpec
        {
            AccessModes = ["ReadWriteOnce"],
            StorageClassName = app.Spec.Redis.Storage.StorageClassName,
            // As large as the data volume: one snapshot is never larger than the data it was taken from.
            Resources = new V1VolumeResourceRequirements
            {
                Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new(app.Spec.Redis.Storage.Size) },
            },
        },
    };
}
