using Todo.Operator.IntegrationTests.Cluster;
using Todo.Operator.IntegrationTests.Operator;
using Todo.Operator.IntegrationTests.Support;

namespace Todo.Operator.IntegrationTests.Admission;

/// <summary>
/// failurePolicy Fail, with no replica of the operator answering: what `kubectl apply` of a TodoApp shows, that running
/// apps and deletions are not affected, and the two ways back (start the operator; or, in an emergency, delete the
/// webhook configuration and re-apply config/webhook later), as docs/admission.md tells.
/// </summary>
[Collection(AdmissionWebhookTests.Name)]
public sealed class OperatorDownTests(ControlPlaneFixture cluster) : OwnOperatorTest(cluster, "operator-down")
{
    private readonly int webhookPort = OperatorProcess.FreePort();

    private string Kubeconfig => Cluster.AdminKubeconfigPath;

    [Fact]
    public async Task With_the_operator_down_changes_are_refused_with_the_webhook_named_running_apps_are_untouched_and_a_restart_recovers()
    {
        var (_, running) = await StartAsync("operator-a");
        await using var webhook = await TestWebhookConfiguration.InstallAsync(Space.Admin, webhookPort, Space.Name, Cancellation);
        await Eventually.UntilAsync("the webhook answers", token => Admissions.WebhookRefusesAsync(Space.Admin, Space.Name, token), Cancellation);
        await ApplyAsync("shop", replicas: 1);
        await ApplyAsync("old", replicas: 1);
        var deployment = await Eventually.GetAsync("the shop's Deployment", token => Space.Children.DeploymentAsync("shop-api", token), Cancellation);
        var generation = (await TodoApps.GetAsync(Space.Admin, Space.Name, "shop", Cancellation))!.Metadata.Generation;

        await running.StopAsync();
        var changed = await TryApplyAsync("shop", replicas: 2);
        var created = await TryApplyAsync("new", replicas: 1);
        var deleted = await Kubectl.TryRunAsync(Kubeconfig, ["delete", "-n", Space.Name, "todoapp/old"], Cancellation);

        Assert.Equal(1, changed.ExitCode);
        Assert.Contains("failed calling webhook \"validate.todoapps.todo.gitops.dev\"", changed.Stderr, StringComparison.Ordinal);
        Assert.Contains("connection refused", changed.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, created.ExitCode);
        Assert.Contains("failed calling webhook", created.Stderr, StringComparison.Ordinal);
        Assert.Null(await TodoApps.GetAsync(Space.Admin, Space.Name, "new", Cancellation));
        Assert.Equal(generation, (await TodoApps.GetAsync(Space.Admin, Space.Name, "shop", Cancellation))!.Metadata.Generation);
        // Deleting is never sent to the webhook.
        Assert.Equal(0, deleted.ExitCode);
        // What runs is not touched: the app's workload spec is as the operator left it (the Deployment controller writes its status).
        Assert.Equal(deployment.Metadata.Generation, (await Space.Children.DeploymentAsync("shop-api", Cancellation))!.Metadata.Generation);

        // The way back: the operator again (any replica; here a new process on the same address).
        await StartAsync("operator-b");
        Assert.Equal(0, (await TryApplyAsync("shop", replicas: 2)).ExitCode);
        await TodoApps.ReportedAsync(Space.Admin, Space.Name, "shop", "the change is reconciled", app => app.Status?.ObservedGeneration > generation, Cancellation);
    }

    [Fact]
    public async Task In_an_emergency_deleting_the_webhook_configuration_lets_changes_through_unchecked_until_it_is_applied_again()
    {
        var (_, running) = await StartAsync("operator-a");
        await using var webhook = await TestWebhookConfiguration.InstallAsync(Space.Admin, webhookPort, Space.Name, Cancellation);
        await Eventually.UntilAsync("the webhook answers", token => Admissions.WebhookRefusesAsync(Space.Admin, Space.Name, token), Cancellation);
        await running.StopAsync();

        await Kubectl.RunAsync(Kubeconfig, ["delete", "validatingwebhookconfiguration", webhook.Name], Cancellation);
        await Eventually.UntilAsync(
            "the API server no longer calls the webhook",
            async token => (await Admissions.DryRunCreateAsync(Space.Admin, Space.Name, Admissions.App("probe", valid: true), token)).Status is System.Net.HttpStatusCode.Created,
            Cancellation);
        var applied = await TryApplyAsync("shop", replicas: 1);

        Assert.Equal(0, applied.ExitCode);
        // Nothing refuses an invalid spec now: the operator reports it in the status once it runs again.
        Assert.Equal(System.Net.HttpStatusCode.Created, (await Admissions.DryRunCreateAsync(Space.Admin, Space.Name, Admissions.App("invalid", valid: false), Cancellation)).Status);
    }

    private Task<(ServiceAccountIdentity Identity, OperatorProcess Process)> StartAsync(string instance) =>
        Space.StartOperatorAsync(instance, settings => settings with { Webhook = new WebhookSettings(webhookPort) { CheckInterval = TimeSpan.FromSeconds(2) } }, Cancellation);

    private async Task ApplyAsync(string name, int replicas)
    {
        var (exitCode, _, stderr) = await TryApplyAsync(name, replicas);
        Assert.True(exitCode == 0, stderr);
    }

    private async Task<(int ExitCode, string Stdout, string Stderr)> TryApplyAsync(string name, int replicas)
    {
        var path = Path.Combine(Path.GetTempPath(), $"todoapp-{Space.Name}-{name}.yaml");
        await File.WriteAllTextAsync(path, $$"""
            apiVersion: todo.gitops.dev/v1beta1
            kind: TodoApp
            metadata:
              name: {{name}}
            spec:
              image: {repository: ghcr.io/example/todo-api, tag: 0.1.0}
              replicas: {{replicas}}
            """, Cancellation);
        try
        {
            return await Kubectl.TryRunAsync(Kubeconfig, ["apply", "-n", Space.Name, "-f", path], Cancellation);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
