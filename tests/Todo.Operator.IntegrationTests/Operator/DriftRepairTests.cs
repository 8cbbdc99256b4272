using k8s;
using k8s.Models;

namespace Todo.Operator.IntegrationTests.Operator;

/// <summary>Children deleted or edited by someone else are restored: the operator watches what it owns.</summary>
public sealed class DriftRepairTests(OperatorFixture fixture) : OperatorTest(fixture)
{
    [Fact]
    public async Task Deleted_deployment_is_recreated()
    {
        await CreateAsync("deleted-child");
        var original = await Space.Children.DeploymentAsync("deleted-child-api", Cancellation);
        Assert.NotNull(original);

        await Space.Admin.AppsV1.DeleteNamespacedDeploymentAsync("deleted-child-api", Space.Name, cancellationToken: Cancellation);
        var recreated = await Eventually.GetAsync(
            "a new Deployment deleted-child-api",
            async token => await Space.Children.DeploymentAsync("deleted-child-api", token) is { } deployment && deployment.Uid() != original.Uid()
                ? deployment
                : null,
            Cancellation);

        Assert.Equal("ghcr.io/example/todo-api:0.1.0", recreated.Spec.Template.Spec.Containers[0].Image);
        Assert.Contains(recreated.OwnerReferences(), owner => owner is { Kind: "TodoApp", Name: "deleted-child", Controller: true });
    }

    [Fact]
    public async Task A_deleted_password_secret_is_reported_and_never_silently_replaced_while_redis_uses_it()
    {
        await CreateAsync("lost-password");

        await Space.Admin.CoreV1.DeleteNamespacedSecretAsync("lost-password-redis-password", Space.Name, cancellationToken: Cancellation);
        var reported = await TodoApps.ReportedAsync(
            Space.Admin, Space.Name, "lost-password", "Degraded=True", app => app.Condition("Degraded")?.Status == "True", Cancellation);

        Assert.Equal("PasswordSecretDeleted", reported.Condition("Degraded")?.Reason);
        Assert.Contains("kubectl rollout restart deployment lost-password-api", reported.Condition("Degraded")?.Message, StringComparison.Ordinal);
        Assert.Empty((await Space.Admin.CoreV1.ListNamespacedSecretAsync(
            Space.Name, fieldSelector: "metadata.name=lost-password-redis-password", cancellationToken: Cancellation)).Items);
    }

    [Fact]
    public async Task Edited_container_image_is_restored()
    {
        await CreateAsync("edited-image");

        await Space.Admin.AppsV1.PatchNamespacedDeploymentAsync(
            JsonPatch(new { op = "replace", path = "/spec/template/spec/containers/0/image", value = "registry.example.com/intruder:6.6.6" }),
            "edited-image-api", Space.Name, cancellationToken: Cancellation);

        await Eventually.UntilAsync(
            "the Deployment's image is ghcr.io/example/todo-api:0.1.0 again",
            async token => (await Space.Children.DeploymentAsync("edited-image-api", token))?.Spec.Template.Spec.Containers[0].Image
                == "ghcr.io/example/todo-api:0.1.0",
            Cancellation);
    }

    [Fact]
    public async Task Edited_network_policy_selector_is_restored()
    {
        await CreateAsync("edited-policy");
        var original = await Space.Children.NetworkPolicyAsync("edited-policy-redis", Cancellation);
        Assert.NotNull(original);
        var component = original.Spec.PodSelector.MatchLabels["app.kubernetes.io/component"];

        await Space.Admin.NetworkingV1.PatchNamespacedNetworkPolicyAsync(
            JsonPatch(new { op = "replace", path = "/spec/podSelector/matchLabels/app.kubernetes.io~1component", value = "nothing" }),
            "edited-policy-redis", Space.Name, cancellationToken: Cancellation);

        await Eventually.UntilAsync(
            $"the Redis NetworkPolicy selects component {component} again",
            async token => (await Space.Children.NetworkPolicyAsync("edited-policy-redis", token))?.Spec.PodSelector.MatchLabels["app.kubernetes.io/component"]
                == component,
            Cancellation);
    }

    private static V1Patch JsonPatch(object operation) => TestJson.Patch(new[] { operation }, V1Patch.PatchType.JsonPatch);

    private async Task CreateAsync(string name)
    {
        await Samples.ApplyAsync(Space.Cluster, Samples.Dev, Space.Name, name, Cancellation);
        await TodoApps.ReportedAsync(Space.Admin, Space.Name, name, "Degraded=False", app => app.Condition("Degraded")?.Status == "False", Cancellation);
    }
}
