using Todo.Operator.IntegrationTests.Operator;
using Todo.Operator.IntegrationTests.Support;

namespace Todo.Operator.IntegrationTests.Admission;

/// <summary>
/// `kubectl apply` against the real API server with the operator's validating webhook: an invalid TodoApp is refused
/// with every field at fault, as a user reads it; volume changes Kubernetes can never apply are refused on update; an
/// app stored before the webhook existed keeps being reported in its status and can still be changed in other ways.
/// </summary>
[Collection(AdmissionWebhookTests.Name)]
public sealed class AdmissionTests(AdmissionFixture fixture) : IClassFixture<AdmissionFixture>, IAsyncLifetime
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static string SamplesPath => Path.Combine(RepositoryRoot.Path, "tests", "Todo.Operator.IntegrationTests", "Admission", "InvalidSamples");

    private string Kubeconfig => fixture.Space.Cluster.AdminKubeconfigPath;

    public static TheoryData<string> InvalidSamples() => [.. Directory.GetFiles(SamplesPath, "*.yaml").Select(path => Path.GetFileName(path)).Order()];

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    [Theory]
    [MemberData(nameof(InvalidSamples))]
    public async Task Each_invalid_sample_is_refused_at_apply_with_every_field_at_fault(string sample)
    {
        var path = Path.Combine(SamplesPath, sample);
        var lines = await File.ReadAllLinesAsync(path, Cancellation);
        var fields = lines[0].Replace("# refused:", string.Empty, StringComparison.Ordinal).Split(',', StringSplitOptions.TrimEntries);
        var name = lines.Single(line => line.StartsWith("  name: ", StringComparison.Ordinal))["  name: ".Length..];

        // The CRD's schema takes it: what refuses it is the webhook.
        await Kubectl.RunAsync(Kubeconfig, ["apply", "--dry-run=server", "-n", fixture.Unchecked, "-f", path], Cancellation);
        var (exitCode, _, refusal) = await Kubectl.TryRunAsync(Kubeconfig, ["apply", "-n", fixture.Checked, "-f", path], Cancellation);

        Assert.Equal(1, exitCode);
        if (lines.Any(line => line.StartsWith("apiVersion: todo.gitops.dev/v1alpha1", StringComparison.Ordinal)))
        {
            // The deprecated version: its warning, then the refusal naming the fields as v1alpha1 does.
            Assert.StartsWith("Warning: todo.gitops.dev/v1alpha1 TodoApp is deprecated; use todo.gitops.dev/v1beta1", refusal, StringComparison.Ordinal);
            refusal = string.Join('\n', refusal.Split('\n').SkipWhile(line => line.StartsWith("Warning:", StringComparison.Ordinal)));
        }

        Assert.StartsWith($"The TodoApp \"{name}\" is invalid:", refusal, StringComparison.Ordinal);
        Assert.All(fields, field => Assert.Contains($"{field}: ", refusal, StringComparison.Ordinal));
        // kubectl prints one cause on the first line, several as one "* field: message" line each.
        Assert.Equal(fields.Length > 1 ? fields.Length : 0, refusal.Split('\n').Count(line => line.StartsWith("* ", StringComparison.Ordinal)));
        Assert.Null(await TodoApps.GetAsync(fixture.Space.Admin, fixture.Checked, name, Cancellation));
    }

    [Fact]
    public async Task The_standby_replica_answers_the_webhook()
    {
        var before = WebhookRequests(await fixture.Standby.MetricsAsync(Cancellation));

        Assert.True(await Admissions.WebhookRefusesAsync(fixture.Space.Admin, fixture.Checked, Cancellation));

        Assert.Equal(0, PrometheusText.Sum(await fixture.Standby.MetricsAsync(Cancellation), "leader_election_master_status", ("name", "todo-operator-leader")));
        Assert.True(WebhookRequests(await fixture.Standby.MetricsAsync(Cancellation)) > before);
    }

    [Fact]
    public async Task Volume_changes_kubernetes_cannot_apply_are_refused_on_update_and_growth_names_the_step_to_take()
    {
        var path = await WriteAppAsync("volume", size: "2Gi", storageClass: "fast");
        await Kubectl.RunAsync(Kubeconfig, ["apply", "-n", fixture.Checked, "-f", path], Cancellation);

        var shrunk = await ApplyAsync(await WriteAppAsync("volume", size: "1Gi", storageClass: "fast"));
        var moved = await ApplyAsync(await WriteAppAsync("volume", size: "2Gi", storageClass: "slow"));
        var grown = await ApplyAsync(await WriteAppAsync("volume", size: "4Gi", storageClass: "fast"));

        Assert.Equal(1, shrunk.ExitCode);
        Assert.Contains("spec.redis.storage.size: The Redis volume cannot shrink from 2Gi to 1Gi", shrunk.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, moved.ExitCode);
        Assert.Contains("spec.redis.storage.storageClassName: The volume of Redis exists in StorageClass 'fast'", moved.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, grown.ExitCode);
        Assert.Contains("Warning: spec.redis.storage.size: the operator expands the Redis PersistentVolumeClaims to", grown.Stderr, StringComparison.Ordinal);
        Assert.Equal("4Gi", (await TodoApps.GetAsync(fixture.Space.Admin, fixture.Checked, "volume", Cancellation))!.Spec.Redis.Storage.Size);
    }

    [Fact]
    public async Task An_app_stored_before_the_webhook_is_still_reported_and_can_be_changed_without_touching_its_problem()
    {
        // Watched by the operator, not checked by the webhook: as a namespace is before the webhook is installed.
        var legacy = fixture.Unchecked;
        await Kubectl.RunAsync(Kubeconfig, ["apply", "-n", legacy, "-f", Path.Combine(SamplesPath, "min-above-max.yaml")], Cancellation);
        await TodoApps.ReportedAsync(fixture.Space.Admin, legacy, "min-above-max", "Degraded=True InvalidAutoscaling",
            app => app.Condition("Degraded") is { Status: "True", Reason: "InvalidAutoscaling" }, Cancellation);
        try
        {
            await TestWebhookConfiguration.SelectAsync(fixture.Space.Admin, legacy, fixture.Checked, Cancellation);
            await Eventually.UntilAsync("the webhook checks the namespace", token => Admissions.WebhookRefusesAsync(fixture.Space.Admin, legacy, token), Cancellation);

            var labelled = await Kubectl.TryRunAsync(Kubeconfig, ["label", "-n", legacy, "todoapp/min-above-max", "team=shop"], Cancellation);
            var worse = await Kubectl.TryRunAsync(Kubeconfig, ["patch", "-n", legacy, "todoapp/min-above-max", "--type=merge", "-p", "{\"spec\":{\"image\":{\"tag\":\"latest\"}}}"], Cancellation);
            var fixedApp = await Kubectl.TryRunAsync(Kubeconfig, ["patch", "-n", legacy, "todoapp/min-above-max", "--type=merge", "-p", "{\"spec\":{\"autoscaling\":{\"maxReplicas\":6}}}"], Cancellation);

            Assert.Equal(0, labelled.ExitCode);
            Assert.Contains("Warning: spec.autoscaling: minReplicas (4) is greater than maxReplicas (2)", labelled.Stderr, StringComparison.Ordinal);
            Assert.Equal(1, worse.ExitCode);
            Assert.Contains("spec.image.tag: The tag 'latest'", worse.Stderr, StringComparison.Ordinal);
            Assert.Contains("spec.autoscaling: minReplicas (4)", worse.Stderr, StringComparison.Ordinal);
            Assert.Equal(0, fixedApp.ExitCode);
            await TodoApps.ReportedAsync(fixture.Space.Admin, legacy, "min-above-max", "Degraded=False", app => app.Condition("Degraded")?.Status == "False", Cancellation);
        }
        finally
        {
            await Kubectl.RunAsync(Kubeconfig, ["label", "namespace", legacy, $"{TestWebhookConfiguration.SelectorLabel}-"], CancellationToken.None);
            await Kubectl.RunAsync(Kubeconfig, ["delete", "-n", legacy, "todoapp/min-above-max", "--wait=false"], CancellationToken.None);
        }
    }

    public ValueTask DisposeAsync()
    {
        fixture.Space.ReportLogsIfFailed();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    private static double WebhookRequests(string metrics) => PrometheusText.Sum(metrics, "controller_runtime_webhook_requests_total");

    private Task<(int ExitCode, string Stdout, string Stderr)> ApplyAsync(string path) =>
        Kubectl.TryRunAsync(Kubeconfig, ["apply", "-n", fixture.Checked, "-f", path], Cancellation);

    private static async Task<string> WriteAppAsync(string name, string size, string storageClass)
    {
        var path = Path.Combine(Path.GetTempPath(), $"todoapp-{name}-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, $$"""
            apiVersion: todo.gitops.dev/v1beta1
            kind: TodoApp
            metadata:
              name: {{name}}
            spec:
              image: {repository: ghcr.io/example/todo-api, tag: 0.1.0}
              redis:
                storage: {size: {{size}}, storageClassName: {{storageClass}}}
            """, Cancellation);
        return path;
    }
}
