using k8s;
using k8s.Models;
using Todo.Operator.Crd;
using Todo.Operator.IntegrationTests.Support;

namespace Todo.Operator.IntegrationTests.Operator;

/// <summary>
/// A spec the operator cannot honour is reported (conditions, a Warning Event) and nothing is applied; once the
/// spec or the missing dependency is fixed, the app converges without anyone restarting anything.
/// </summary>
public sealed class InvalidSpecTests(OperatorFixture fixture) : OperatorTest(fixture)
{
    [Fact]
    public async Task Min_replicas_above_max_is_degraded_with_no_children_until_fixed()
    {
        var since = DateTimeOffset.UtcNow;
        // The CRD schema cannot relate two fields on this server, so the API server accepts it.
        var created = await CreateAsync("inverted", new AutoscalingSpec { Enabled = true, MinReplicas = 4, MaxReplicas = 2 }, existingSecret: null);

        var degraded = await TodoApps.ReportedAsync(
            Space.Admin, Space.Name, "inverted", "Degraded=True", app => app.Condition("Degraded")?.Status == "True", Cancellation);

        Assert.Equal(("False", "InvalidAutoscaling"), (degraded.Condition("Ready")?.Status, degraded.Condition("Ready")?.Reason));
        var condition = degraded.Condition("Degraded")!;
        Assert.Equal("InvalidAutoscaling", condition.Reason);
        Assert.Contains("minReplicas (4)", condition.Message, StringComparison.Ordinal);
        Assert.Contains("maxReplicas (2)", condition.Message, StringComparison.Ordinal);
        Assert.Contains(await EventsAsync(created), e => e is { Type: "Warning", Reason: "InvalidAutoscaling" } && e.Message.Contains("minReplicas", StringComparison.Ordinal));
        Assert.Empty(await Space.Children.ListAsync("inverted", Cancellation));
        Assert.Empty(await ChildWritesAsync("inverted", since));

        await TodoApps.PatchSpecAsync(Space.Admin, Space.Name, "inverted", new { autoscaling = new { maxReplicas = 6 } }, Cancellation);
        var fixedApp = await TodoApps.ReportedAsync(
            Space.Admin, Space.Name, "inverted", "Degraded=False", app => app.Condition("Degraded")?.Status == "False", Cancellation);

        Assert.Equal(11, (await Space.Children.ListAsync("inverted", Cancellation)).Count);
        Assert.Equal("ChildrenNotReady", fixedApp.Condition("Ready")?.Reason);
        var autoscaler = await Space.Children.AutoscalerAsync("inverted-api", Cancellation);
        Assert.Equal((4, 6), (autoscaler?.Spec.MinReplicas, autoscaler?.Spec.MaxReplicas));
    }

    [Fact]
    public async Task Missing_existing_secret_is_waited_for_until_the_secret_is_created()
    {
        var created = await CreateAsync("external", new AutoscalingSpec(), existingSecret: new SecretKeyReference { Name = "external-redis-auth", Key = "auth" });

        var waiting = await TodoApps.ReportedAsync(
            Space.Admin, Space.Name, "external", "Ready=False PasswordSecretNotFound", app => app.Condition("Ready")?.Reason == "PasswordSecretNotFound", Cancellation);

        Assert.Contains("external-redis-auth", waiting.Condition("Ready")?.Message, StringComparison.Ordinal);
        Assert.Equal(("True", "Retrying"), (waiting.Condition("Progressing")?.Status, waiting.Condition("Progressing")?.Reason));
        Assert.Equal(("False", "Retrying"), (waiting.Condition("Degraded")?.Status, waiting.Condition("Degraded")?.Reason));
        Assert.Contains(await EventsAsync(created), e => e is { Type: "Warning", Reason: "PasswordSecretNotFound" });
        // What reads the password waits for it; the children independent of it (Services, NetworkPolicies) go on.
        Assert.DoesNotContain(
            (await Space.Children.ListAsync("external", Cancellation)).Keys, child => child.Split('/')[0] is "StatefulSet" or "Deployment" or "Secret");

        // Without the opt-in label the Secret is not the operator's to hand to pods: it keeps waiting.
        await Space.Admin.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret { Metadata = new V1ObjectMeta { Name = "external-redis-auth" }, StringData = new Dictionary<string, string> { ["auth"] = "s3cret-from-a-sealed-secret" } },
            Space.Name,
            cancellationToken: Cancellation);
        await Task.Delay(TimeSpan.FromSeconds(2), Cancellation);
        Assert.Equal("PasswordSecretNotFound", (await TodoApps.GetAsync(Space.Admin, Space.Name, "external", Cancellation))?.Condition("Ready")?.Reason);

        await Space.Admin.CoreV1.PatchNamespacedSecretAsync(
            TestJson.Patch(new { metadata = new { labels = new Dictionary<string, string> { ["todo.gitops.dev/redis-password"] = "true" } } }, V1Patch.PatchType.MergePatch),
            "external-redis-auth",
            Space.Name,
            cancellationToken: Cancellation);
        // The labelled Secret is watched: the app converges at once, not at the next 30 s look.
        var recovered = await Eventually.GetAsync(
            "TodoApp external reports Degraded=False AsExpected",
            async token => await TodoApps.GetAsync(Space.Admin, Space.Name, "external", token) is { } app && app.Condition("Degraded")?.Reason == "AsExpected" ? app : null,
            TimeSpan.FromSeconds(15),
            Cancellation);

        Assert.Null(recovered.Status?.FailingSince);
        var deployment = await Space.Children.DeploymentAsync("external-api", Cancellation);
        var password = Assert.Single(deployment!.Spec.Template.Spec.Containers[0].Env, variable => variable.Name == "Redis__Password").ValueFrom.SecretKeyRef;
        Assert.Equal(("external-redis-auth", "auth"), (password.Name, password.Key));
        Assert.DoesNotContain("Secret/external-redis-password", (await Space.Children.ListAsync("external", Cancellation)).Keys);

        var before = await RedisPasswordVersionsAsync("external");
        await Space.Admin.CoreV1.PatchNamespacedSecretAsync(
            TestJson.Patch(new { stringData = new Dictionary<string, string> { ["auth"] = "rotated-by-the-sealed-secrets-controller" } }, V1Patch.PatchType.MergePatch),
            "external-redis-auth",
            Space.Name,
            cancellationToken: Cancellation);

        // Redis rolls to the new password; the API waits until Redis runs it, which on a control plane without nodes is never.
        await Eventually.UntilAsync(
            "the Redis pod template carries the new password version",
            async token => (await RedisPasswordVersionsAsync("external")).Redis != before.Redis,
            TimeSpan.FromSeconds(15),
            Cancellation);
        Assert.Equal(before.Api, (await RedisPasswordVersionsAsync("external")).Api);
    }

    private async Task<(string? Redis, string? Api)> RedisPasswordVersionsAsync(string name)
    {
        const string annotation = "todo.gitops.dev/redis-password-version";
        var redis = await Space.Admin.AppsV1.ReadNamespacedStatefulSetAsync($"{name}-redis", Space.Name, cancellationToken: Cancellation);
        var api = await Space.Admin.AppsV1.ReadNamespacedDeploymentAsync($"{name}-api", Space.Name, cancellationToken: Cancellation);
        return (redis.Spec.Template.Metadata.Annotations?[annotation], api.Spec.Template.Metadata.Annotations?[annotation]);
    }

    private Task<TodoApp> CreateAsync(string name, AutoscalingSpec autoscaling, SecretKeyReference? existingSecret) =>
        Space.Admin.CustomObjects.CreateNamespacedCustomObjectAsync<TodoApp>(
            new TodoApp
            {
                Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Space.Name },
                Spec = new TodoAppSpec
                {
                    Image = new ImageReference { Repository = "registry.example.com/todo-api", Tag = "0.1.0" },
                    Autoscaling = autoscaling,
                    Redis = new RedisSpec { PasswordSecretRef = existingSecret },
                },
            },
            TodoApp.Group,
            TodoApp.Version,
            Space.Name,
            TodoApp.Plural,
            cancellationToken: Cancellation);

    private async Task<IList<Corev1Event>> EventsAsync(TodoApp app) =>
        (await Space.Admin.CoreV1.ListNamespacedEventAsync(
            Space.Name, fieldSelector: $"involvedObject.uid={app.Metadata.Uid}", cancellationToken: Cancellation)).Items;

    /// <summary>What the operator wrote to objects named after the app, other than the app's own status: its children.</summary>
    private async Task<IReadOnlyList<AuditEntry>> ChildWritesAsync(string appName, DateTimeOffset since)
    {
        if (Space.Cluster.AuditLogPath is not { } auditLog)
        {
            return [];
        }

        var entries = await AuditLog.ReadAsync(auditLog, Cancellation);
        return [.. entries
            .WritesBy(Fixture.Identity.UserName, Space.Name, since)
            .Where(entry => entry.Resource is not ("events" or "todoapps") && entry.Name?.StartsWith(appName, StringComparison.Ordinal) is true)];
    }
}
