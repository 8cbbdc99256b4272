using System.Text.Json.Nodes;
using k8s;
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
        Assert.NotNull(await Space.Children.AutoscalerAsync("handover-api", Cancellation));
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

    private async Task CreateAsync(string name)
    {
        await Samples.ApplyAsync(Space.Cluster, Samples.Dev, Space.Name, name, Cancellation);
        await TodoApps.ReportedAsync(Space.Admin, Space.Name, name, "Degraded=False", app => app.Condition("Degraded")?.Status == "False", Cancellation);
    }
}
