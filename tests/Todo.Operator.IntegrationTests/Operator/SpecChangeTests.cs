using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Todo.Operator.IntegrationTests.Support;
using Todo.Operator.Reconciliation;

namespace Todo.Operator.IntegrationTests.Operator;

/// <summary>A changed spec reaches the children, and children the spec no longer asks for are removed.</summary>
public sealed class SpecChangeTests(OperatorFixture fixture) : OperatorTest(fixture)
{
    [Fact]
    public async Task New_image_tag_and_max_replicas_reach_the_deployment_and_autoscaler_and_the_observed_generation()
    {
        await CreateAsync("changed");

        var patched = await TodoApps.PatchSpecAsync(
            Space.Admin, Space.Name, "changed", new { image = new { tag = "0.2.0" }, autoscaling = new { maxReplicas = 7 } }, Cancellation);
        await Eventually.UntilAsync(
            "the Deployment runs ghcr.io/example/todo-api:0.2.0",
            async token => (await Space.Children.DeploymentAsync("changed-api", token))?.Spec.Template.Spec.Containers[0].Image
                == "ghcr.io/example/todo-api:0.2.0",
            Cancellation);
        await Eventually.UntilAsync(
            "the HorizontalPodAutoscaler scales up to 7",
            async token => (await Space.Children.AutoscalerAsync("changed-api", token))?.Spec.MaxReplicas == 7,
            Cancellation);
        var reported = await TodoApps.ReportedAsync(Space.Admin, Space.Name, "changed", "any", _ => true, Cancellation);

        Assert.True(patched.Metadata.Generation > 1);
        Assert.Equal(patched.Metadata.Generation, reported.Status?.ObservedGeneration);
    }

    [Fact]
    public async Task Disabling_ingress_deletes_it_and_disabling_autoscaling_deletes_the_autoscaler_and_sets_replicas()
    {
        await CreateAsync("toggled");
        Assert.NotNull(await Space.Children.IngressAsync("toggled", Cancellation));
        Assert.NotNull(await Space.Children.AutoscalerAsync("toggled-api", Cancellation));

        await TodoApps.PatchSpecAsync(Space.Admin, Space.Name, "toggled", new { ingress = new { enabled = false } }, Cancellation);
        await Eventually.UntilAsync(
            "the Ingress is deleted", async token => await Space.Children.IngressAsync("toggled", token) is null, Cancellation);

        await TodoApps.PatchSpecAsync(
            Space.Admin, Space.Name, "toggled", new JsonObject { ["replicas"] = 3, ["autoscaling"] = null }, Cancellation);
        await Eventually.UntilAsync(
            "the HorizontalPodAutoscaler is deleted", async token => await Space.Children.AutoscalerAsync("toggled-api", token) is null, Cancellation);
        await Eventually.UntilAsync(
            "the Deployment asks for 3 replicas itself",
            async token => (await Space.Children.DeploymentAsync("toggled-api", token))?.Spec.Replicas == 3,
            Cancellation);
        var reported = await TodoApps.ReportedAsync(Space.Admin, Space.Name, "toggled", "no URL without an Ingress", app => app.Status?.Url is null, Cancellation);

        Assert.Equal("False", reported.Condition("Degraded")?.Status);
    }

    [Fact]
    public async Task Enabling_autoscaling_hands_the_replica_count_to_the_autoscaler_without_resetting_it()
    {
        await CreateAsync("handover");
        await TodoApps.PatchSpecAsync(
            Space.Admin, Space.Name, "handover", new JsonObject { ["replicas"] = 4, ["autoscaling"] = null }, Cancellation);
        await Eventually.UntilAsync(
            "the Deployment asks for 4 replicas itself",
            async token => (await Space.Children.DeploymentAsync("handover-api", token))?.Spec.Replicas == 4,
            Cancellation);
        var before = await Space.Children.DeploymentAsync("handover-api", Cancellation);

        await TodoApps.PatchSpecAsync(
            Space.Admin, Space.Name, "handover", new { autoscaling = new { minReplicas = 2, maxReplicas = 6 } }, Cancellation);
        await Eventually.UntilAsync(
            "the operator applied the Deployment without replicas",
            async token => (await Space.Children.DeploymentAsync("handover-api", token))?.Metadata.Annotations[DesiredStateHash.Annotation]
                != before!.Metadata.Annotations[DesiredStateHash.Annotation],
            Cancellation);
        var after = await Space.Children.DeploymentAsync("handover-api", Cancellation);

        // Without the handover server-side apply would reset replicas to the default of 1 until the autoscaler
        // caught up, below the new minimum of 2.
        Assert.Equal(4, after!.Spec.Replicas);
        Assert.DoesNotContain(after.Metadata.ManagedFields, entry => entry.Manager == "todo-operator" && KubernetesJson.Serialize(entry.FieldsV1).Contains("f:replicas", StringComparison.Ordinal));
        // The autoscaler is a later step of the same reconcile than the Deployment: under load it comes a moment after.
        await Eventually.GetAsync("the autoscaler", token => Space.Children.AutoscalerAsync("handover-api", token), Cancellation);
    }

    [Fact]
    public async Task A_storage_change_the_stateful_set_cannot_take_is_reported_and_holds_back_nothing_else()
    {
        await CreateAsync("resized");

        await TodoApps.PatchSpecAsync(
            Space.Admin, Space.Name, "resized", new { image = new { tag = "0.3.0" }, redis = new { storage = new { size = "20Gi" } } }, Cancellation);
        await Eventually.UntilAsync(
            "the Deployment runs ghcr.io/example/todo-api:0.3.0",
            async token => (await Space.Children.DeploymentAsync("resized-api", token))?.Spec.Template.Spec.Containers[0].Image
                == "ghcr.io/example/todo-api:0.3.0",
            Cancellation);
        var warning = await Eventually.GetAsync(
            "a ChangeNotApplied event",
            async token => (await Space.Admin.CoreV1.ListNamespacedEventAsync(Space.Name, cancellationToken: token)).Items
                .FirstOrDefault(e => e.Reason == "ChangeNotApplied" && e.InvolvedObject.Name == "resized"),
            Cancellation);
        var statefulSet = await Space.Admin.AppsV1.ReadNamespacedStatefulSetAsync("resized-redis", Space.Name, cancellationToken: Cancellation);
        var reported = await TodoApps.ReportedAsync(Space.Admin, Space.Name, "resized", "the new generation", app => app.Status?.ObservedGeneration == app.Metadata.Generation, Cancellation);

        Assert.Equal("Warning", warning.Type);
        Assert.Contains("spec.redis.storage", warning.Message, StringComparison.Ordinal);
        Assert.Equal("1Gi", statefulSet.Spec.VolumeClaimTemplates[0].Spec.Resources.Requests["storage"].ToString());
        // The claims have no StorageClass here, so none can grow: the user is told to act, and the rest was applied.
        Assert.Equal(("True", "VolumeExpansionNotAllowed"), (reported.Condition("Degraded")?.Status, reported.Condition("Degraded")?.Reason));
    }

    /// <summary>
    /// A claim of a class that allows expansion, bound to a volume by kube-controller-manager's binder, is asked for the
    /// larger size, and the app says so while its capacity lags (no volume plugin resizes anything on this control plane,
    /// so the test plays the resizer and reports the new capacity itself), then no longer once it has grown.
    /// </summary>
    [Fact]
    public async Task A_larger_size_expands_a_bound_claim_of_an_expandable_class_and_the_status_follows_the_resize()
    {
        var storageClass = $"{Space.Name}-expandable";
        const string claim = "data-grown-redis-0";
        await Space.Admin.StorageV1.CreateStorageClassAsync(
            new V1StorageClass
            {
                Metadata = new V1ObjectMeta { Name = storageClass },
                Provisioner = "kubernetes.io/no-provisioner",
                VolumeBindingMode = "Immediate",
                AllowVolumeExpansion = true,
            },
            cancellationToken: Cancellation);
        await Space.Admin.CoreV1.CreatePersistentVolumeAsync(
            new V1PersistentVolume
            {
                Metadata = new V1ObjectMeta { Name = storageClass },
                Spec = new V1PersistentVolumeSpec
                {
                    StorageClassName = storageClass,
                    AccessModes = ["ReadWriteOnce"],
                    Capacity = new Dictionary<string, ResourceQuantity> { ["storage"] = new("1Gi") },
                    HostPath = new V1HostPathVolumeSource { Path = $"/tmp/{storageClass}" },
                    PersistentVolumeReclaimPolicy = "Retain",
                    ClaimRef = new V1ObjectReference { NamespaceProperty = Space.Name, Name = claim },
                },
            },
            cancellationToken: Cancellation);
        try
        {
            await CreateAsync("grown", sample => sample.Replace("      size: 1Gi\n", $"      size: 1Gi\n      storageClassName: {storageClass}\n", StringComparison.Ordinal));
            await Eventually.UntilAsync(
                $"{claim} is bound", async token => (await ClaimAsync(claim, token))?.Status?.Phase == "Bound", Cancellation);

            await TodoApps.PatchSpecAsync(Space.Admin, Space.Name, "grown", new { redis = new { storage = new { size = "2Gi" } } }, Cancellation);
            await Eventually.UntilAsync(
                $"{claim} asks for 2Gi", async token => (await ClaimAsync(claim, token))?.Spec.Resources.Requests["storage"].ToString() == "2Gi", Cancellation);
            var expanding = await TodoApps.ReportedAsync(
                Space.Admin, Space.Name, "grown", "the claim being expanded", app => app.Condition("Ready")?.Message.Contains("being expanded", StringComparison.Ordinal) is true, Cancellation);

            Assert.Contains($"PersistentVolumeClaim {claim} is being expanded to 2Gi", expanding.Condition("Ready")!.Message, StringComparison.Ordinal);
            Assert.Equal("False", expanding.Condition("Degraded")?.Status);
            var statefulSet = await Space.Admin.AppsV1.ReadNamespacedStatefulSetAsync("grown-redis", Space.Name, cancellationToken: Cancellation);
            Assert.Equal("1Gi", statefulSet.Spec.VolumeClaimTemplates[0].Spec.Resources.Requests["storage"].ToString());

            // What the resizer writes once the volume and its file system have grown.
            await Space.Admin.CoreV1.PatchNamespacedPersistentVolumeClaimStatusAsync(
                TestJson.Patch(new { status = new { capacity = new Dictionary<string, string> { ["storage"] = "2Gi" } } }, V1Patch.PatchType.MergePatch),
                claim, Space.Name, cancellationToken: Cancellation);
            var grown = await TodoApps.ReportedAsync(
                Space.Admin, Space.Name, "grown", "no longer expanding", app => app.Condition("Ready")?.Message.Contains("expand", StringComparison.OrdinalIgnoreCase) is false, Cancellation);

            Assert.Equal("False", grown.Condition("Degraded")?.Status);
        }
        finally
        {
            await Space.Admin.CoreV1.DeletePersistentVolumeAsync(storageClass, cancellationToken: CancellationToken.None);
            await Space.Admin.StorageV1.DeleteStorageClassAsync(storageClass, cancellationToken: CancellationToken.None);
        }
    }

    private Task<V1PersistentVolumeClaim?> ClaimAsync(string name, CancellationToken cancellationToken) =>
        NotFound.AsNullAsync(() => Space.Admin.CoreV1.ReadNamespacedPersistentVolumeClaimAsync(name, Space.Name, cancellationToken: cancellationToken));

    private async Task CreateAsync(string name, Func<string, string>? edit = null)
    {
        await Samples.ApplyAsync(Space.Cluster, Samples.Dev, Space.Name, name, Cancellation, edit);
        await TodoApps.ReportedAsync(Space.Admin, Space.Name, name, "Degraded=False", app => app.Condition("Degraded")?.Status == "False", Cancellation);
    }
}
