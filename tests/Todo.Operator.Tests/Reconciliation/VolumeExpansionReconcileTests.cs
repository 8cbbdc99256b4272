using k8s.Models;
using Todo.Operator.Crd;
using Todo.Operator.Redis;
using Todo.Operator.Tests.Fakes;
using Todo.Operator.Tests.Support;

namespace Todo.Operator.Tests.Reconciliation;

/// <summary>A larger spec.redis.storage.size grows the Redis claims where their class allows it, and says why not elsewhere.</summary>
public sealed class VolumeExpansionReconcileTests
{
    private readonly ReconcilerHarness harness = new();
    private Runtime.ReconciliationResult? lastResult;

    [Fact]
    public async Task A_claim_of_an_expandable_class_is_patched_to_the_new_size()
    {
        var app = await GrownAppAsync(allowExpansion: true);

        var claim = (V1PersistentVolumeClaim)harness.Server.Find(RedisDataClaims.Type, TestApps.Namespace, "data-shop-redis-0")!;
        Assert.Equal("2Gi", claim.Spec.Resources.Requests["storage"].ToString());
        Assert.Contains("Expanding PersistentVolumeClaim data-shop-redis-0 to 2Gi", app.Condition("Ready")?.Message, StringComparison.Ordinal);
        // No claim event reconciles the app: it looks again itself until the resize is done.
        Assert.Equal(RedisClaimExpansion.RecheckDelay, lastResult?.RequeueAfter);
    }

    [Fact]
    public async Task A_claim_of_a_class_without_expansion_is_left_as_it_is_and_the_status_says_why()
    {
        var app = await GrownAppAsync(allowExpansion: false);

        var claim = (V1PersistentVolumeClaim)harness.Server.Find(RedisDataClaims.Type, TestApps.Namespace, "data-shop-redis-0")!;
        Assert.Equal("1Gi", claim.Spec.Resources.Requests["storage"].ToString());
        Assert.Equal(("False", RedisVolumeExpansion.NotExpandable), (app.Condition("Ready")?.Status, app.Condition("Ready")?.Reason));
        Assert.Contains("StorageClass fast does not allow volume expansion", app.Condition("Ready")?.Message, StringComparison.Ordinal);
    }

    /// <summary>An app made at 1Gi whose claim exists, then asked for 2Gi.</summary>
    private async Task<TodoApp> GrownAppAsync(bool allowExpansion)
    {
        var app = TestApps.Create();
        await harness.ReconcileAsync(app);
        harness.Server.Seed(new V1StorageClass { Metadata = new V1ObjectMeta { Name = "fast" }, Provisioner = "example.com/csi", AllowVolumeExpansion = allowExpansion });
        harness.Server.Seed(new V1PersistentVolumeClaim
        {
            Metadata = new V1ObjectMeta
            {
                Name = "data-shop-redis-0",
                NamespaceProperty = TestApps.Namespace,
                Labels = new Dictionary<string, string>
                {
                    ["app.kubernetes.io/managed-by"] = "todo-operator",
                    ["app.kubernetes.io/component"] = "redis",
                    ["todo.gitops.dev/todoapp-uid"] = TestApps.Uid,
                },
            },
            Spec = new V1PersistentVolumeClaimSpec
            {
                StorageClassName = "fast",
                Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("1Gi") } },
            },
        });

        app.Spec.Redis.Storage.Size = "2Gi";
        app.Metadata.Generation++;
        lastResult = await harness.ReconcileAsync(app);
        return app;
    }
}
