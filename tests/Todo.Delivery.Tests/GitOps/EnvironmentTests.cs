using Todo.Delivery.Tests.Support;

namespace Todo.Delivery.Tests.GitOps;

/// <summary>What each environment's overlay renders: its namespace, enforcing restricted pods, and its TodoApp.</summary>
public sealed class EnvironmentTests
{
    [Theory]
    [MemberData(nameof(Environments))]
    public async Task The_namespace_enforces_the_restricted_pod_security_profile_and_is_never_pruned(string environment)
    {
        var objects = await Kustomize.RenderAsync(GitOpsLayout.Overlay(environment));

        var space = Kustomize.Single(objects, "Namespace");

        Assert.Equal($"todo-{environment}", Kustomize.Name(space));
        Assert.Equal("restricted", space["metadata"]!["labels"]!["pod-security.kubernetes.io/enforce"]!.GetValue<string>());
        Assert.Contains("Prune=false", Kustomize.Annotation(space, "argocd.argoproj.io/sync-options"), StringComparison.Ordinal);
        Assert.All(objects.Where(obj => Kustomize.Kind(obj) != "Namespace"), obj => Assert.Equal($"todo-{environment}", obj["metadata"]!["namespace"]!.GetValue<string>()));
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task The_TodoApp_scales_within_its_environments_range_and_is_monitored(string environment)
    {
        var expected = GitOpsLayout.Environments.Single(candidate => candidate.Name == environment);

        var app = Kustomize.Single(await Kustomize.RenderAsync(GitOpsLayout.Overlay(environment)), "TodoApp");

        // v1beta1: autoscaling is on because it is set.
        var autoscaling = app["spec"]!["autoscaling"]!;
        Assert.Equal((expected.MinReplicas, expected.MaxReplicas), (autoscaling["minReplicas"]!.GetValue<long>(), autoscaling["maxReplicas"]!.GetValue<long>()));
        Assert.True(app["spec"]!["monitoring"]!["enabled"]!.GetValue<bool>());
        Assert.Equal($"todo-{environment}.localhost", app["spec"]!["ingress"]!["host"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task The_TodoApp_runs_redis_in_its_environments_mode(string environment)
    {
        var expected = GitOpsLayout.Environments.Single(candidate => candidate.Name == environment);

        var redis = Kustomize.Single(await Kustomize.RenderAsync(GitOpsLayout.Overlay(environment)), "TodoApp")["spec"]!["redis"]!;

        Assert.Equal(expected.RedisMode, redis["mode"]?.GetValue<string>() ?? "Standalone");
        Assert.Equal("AOF", redis["persistence"]!.GetValue<string>());
    }

    /// <summary>k3s runs Traefik in kube-system (reliability review, finding 4): the API must admit it there.</summary>
    [Theory]
    [MemberData(nameof(Environments))]
    public async Task The_network_policy_admits_k3s_Traefik_to_the_API_and_Prometheus_to_the_metrics(string environment)
    {
        var app = Kustomize.Single(await Kustomize.RenderAsync(GitOpsLayout.Overlay(environment)), "TodoApp");

        static IEnumerable<(string, string)> Peers(System.Text.Json.Nodes.JsonNode list) => list.AsArray()
            .Select(peer => (peer!["namespaceSelector"]!["kubernetes.io/metadata.name"]!.GetValue<string>(), peer["podSelector"]!["app.kubernetes.io/name"]!.GetValue<string>()));

        // The API's port 8080 (the Ingress's) to Traefik only; /metrics is on the management port, for the scrapers.
        Assert.Equal([("kube-system", "traefik")], Peers(app["spec"]!["networkPolicy"]!["ingressFrom"]!));
        Assert.Equal([("monitoring", "prometheus")], Peers(app["spec"]!["monitoring"]!["scrapeFrom"]!));
        Assert.True(app["spec"]!["redis"]!["exporter"]!["enabled"]!.GetValue<bool>(), "the alerts and the dashboard read redis_exporter's metrics");
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task The_TodoApp_syncs_after_its_namespace_and_its_secrets(string environment)
    {
        var objects = await Kustomize.RenderAsync(GitOpsLayout.Overlay(environment));

        var app = Kustomize.Single(objects, "TodoApp");

        Assert.All(objects.Where(obj => Kustomize.Kind(obj) != "TodoApp"), obj => Assert.True(Kustomize.SyncWave(obj) < Kustomize.SyncWave(app), $"{Kustomize.Kind(obj)} syncs with or after the TodoApp"));
        Assert.True(Kustomize.SyncWave(Kustomize.Single(objects, "Namespace")) < 0);
    }

    [Theory]
    [InlineData("staging")]
    [InlineData("production")]
    public async Task The_sealed_secret_unseals_into_the_secret_and_key_the_TodoApp_reads_its_Redis_password_from(string environment)
    {
        var objects = await Kustomize.RenderAsync(GitOpsLayout.Overlay(environment));

        var sealedSecret = Kustomize.Single(objects, "SealedSecret");
        var reference = Kustomize.Single(objects, "TodoApp")["spec"]!["redis"]!["passwordSecretRef"]!;

        Assert.Equal(reference["name"]!.GetValue<string>(), sealedSecret["spec"]!["template"]!["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal(reference["name"]!.GetValue<string>(), Kustomize.Name(sealedSecret));
        Assert.True(sealedSecret["spec"]!["encryptedData"]!.AsObject().ContainsKey(reference["key"]!.GetValue<string>()));
        // The operator reads only Secrets labelled as Redis passwords.
        Assert.Equal("true", sealedSecret["spec"]!["template"]!["metadata"]!["labels"]?["todo.gitops.dev/redis-password"]?.GetValue<string>());
    }

    [Fact]
    public async Task Dev_generates_its_Redis_password()
    {
        var objects = await Kustomize.RenderAsync(GitOpsLayout.Overlay("dev"));

        Assert.DoesNotContain(objects, obj => Kustomize.Kind(obj) == "SealedSecret");
        Assert.Null(Kustomize.Single(objects, "TodoApp")["spec"]!["redis"]!["password"]);
    }

    public static TheoryData<string> Environments() => GitOpsLayout.EnvironmentNames();
}
