using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;
using k8s.Models;
using Todo.Operator.Crd;
using Todo.Operator.IntegrationTests.Support;

namespace Todo.Operator.IntegrationTests.Operator;

/// <summary>The samples of config/samples, applied with kubectl, become the full set of children with a status.</summary>
public sealed class SampleTests(OperatorFixture fixture) : OperatorTest(fixture)
{
    [Fact]
    public async Task Dev_sample_gets_every_child_autoscaled_1_to_5_without_a_disruption_budget()
    {
        await Samples.ApplyAsync(Space.Cluster, Samples.Dev, Space.Name, name: null, Cancellation);

        var app = await ReportedAsync("todo-dev");
        var children = await Space.Children.ListAsync("todo-dev", Cancellation);

        Assert.Equal(
            [
                "Deployment/todo-dev-api", "HorizontalPodAutoscaler/todo-dev-api", "Ingress/todo-dev",
                "NetworkPolicy/todo-dev-api", "NetworkPolicy/todo-dev-default-deny", "NetworkPolicy/todo-dev-redis",
                "Secret/todo-dev-redis-password", "Secret/todo-dev-redis-users", "Service/todo-dev-api", "Service/todo-dev-redis", "StatefulSet/todo-dev-redis",
            ],
            children.Keys.Order(StringComparer.Ordinal));
        AssertOwnedBy(app, children.Values);
        AssertAutoscaler(children["HorizontalPodAutoscaler/todo-dev-api"], "todo-dev-api", min: 1, max: 5);
        AssertWorkloads(app, children, passwordSecret: "todo-dev-redis-password");
        var ingress = (V1Ingress)children["Ingress/todo-dev"];
        Assert.Equal("todo.dev.example.com", Assert.Single(ingress.Spec.Rules).Host);
        Assert.Null(ingress.Spec.Tls);
        AssertStatus(app, url: "http://todo.dev.example.com/");
        await AssertCreatedEventsAsync(app);
    }

    [Fact]
    public async Task Staging_sample_gets_every_child_autoscaled_2_to_10_with_tls_a_disruption_budget_and_sentinels()
    {
        await Samples.ApplyAsync(Space.Cluster, Samples.Staging, Space.Name, name: null, Cancellation);

        var app = await ReportedAsync("todo-staging");
        var children = await Space.Children.ListAsync("todo-staging", Cancellation);

        Assert.Equal(
            [
                "Deployment/todo-staging-api", "HorizontalPodAutoscaler/todo-staging-api", "Ingress/todo-staging",
                "NetworkPolicy/todo-staging-api", "NetworkPolicy/todo-staging-default-deny", "NetworkPolicy/todo-staging-redis",
                "NetworkPolicy/todo-staging-redis-sentinel", "PodDisruptionBudget/todo-staging-api", "PodDisruptionBudget/todo-staging-redis",
                "PodDisruptionBudget/todo-staging-redis-sentinel", "Secret/todo-staging-redis-ca", "Secret/todo-staging-redis-password", "Secret/todo-staging-redis-tls",
                "Secret/todo-staging-redis-users", "Service/todo-staging-api",
                "Service/todo-staging-redis", "Service/todo-staging-redis-sentinel", "StatefulSet/todo-staging-redis", "StatefulSet/todo-staging-redis-sentinel",
            ],
            children.Keys.Order(StringComparer.Ordinal));
        AssertOwnedBy(app, children.Values);
        AssertAutoscaler(children["HorizontalPodAutoscaler/todo-staging-api"], "todo-staging-api", min: 2, max: 10);
        AssertWorkloads(app, children, passwordSecret: "todo-staging-redis-password");
        var ingress = (V1Ingress)children["Ingress/todo-staging"];
        var tls = Assert.Single(ingress.Spec.Tls);
        Assert.Equal(["todo.staging.example.com"], tls.Hosts);
        Assert.Equal("todo-staging-tls", tls.SecretName);
        Assert.Equal("letsencrypt-staging", ingress.Metadata.Annotations["cert-manager.io/cluster-issuer"]);
        Assert.Equal(1, ((V1PodDisruptionBudget)children["PodDisruptionBudget/todo-staging-api"]).Spec.MaxUnavailable.ToInt());
        AssertStatus(app, url: "https://todo.staging.example.com/");
        await AssertCreatedEventsAsync(app);
        AssertRedisTls(children);
    }

    /// <summary>
    /// The staging sample's Redis uses TLS from the operator's CA: the pods' Secret holds a certificate that chains to the CA
    /// the operator keeps (whose key only the CA's Secret holds), and every Redis pod template mounts it and carries its version.
    /// </summary>
    private static void AssertRedisTls(IReadOnlyDictionary<string, IKubernetesObject<V1ObjectMeta>> children)
    {
        var files = (V1Secret)children["Secret/todo-staging-redis-tls"];
        var ca = (V1Secret)children["Secret/todo-staging-redis-ca"];
        Assert.Equal("kubernetes.io/tls", files.Type);
        Assert.Equal(["ca.crt", "tls.crt", "tls.key"], files.Data.Keys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("PRIVATE KEY", Encoding.UTF8.GetString(files.Data["ca.crt"]), StringComparison.Ordinal);
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPem(Encoding.UTF8.GetString(ca.Data["ca.crt"]));
        using var certificate = X509Certificate2.CreateFromPem(Encoding.UTF8.GetString(files.Data["tls.crt"]), Encoding.UTF8.GetString(files.Data["tls.key"]));
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(certificate), "the pods' certificate does not chain to the operator's CA");
        foreach (var name in (string[])["StatefulSet/todo-staging-redis", "StatefulSet/todo-staging-redis-sentinel"])
        {
            var template = ((V1StatefulSet)children[name]).Spec.Template;
            Assert.True(template.Metadata.Annotations.ContainsKey("todo.gitops.dev/redis-tls-version"), name);
            Assert.Contains(template.Spec.Volumes, volume => volume.Secret?.SecretName == "todo-staging-redis-tls");
        }
    }

    [Fact]
    public async Task Autoscaler_is_written_in_the_autoscaling_version_the_server_serves()
    {
        var served = ServedApiVersions.For(Space.Cluster.ServerVersion).Autoscaling;
        await Samples.ApplyAsync(Space.Cluster, Samples.Dev, Space.Name, "hpa-version", Cancellation);
        await ReportedAsync("hpa-version");

        var autoscaler = await Space.Children.AutoscalerAsync("hpa-version-api", Cancellation);

        Assert.NotNull(autoscaler);
        Assert.Contains(
            autoscaler.Metadata.ManagedFields,
            entry => entry is { Manager: "todo-operator", Operation: "Apply" } && entry.ApiVersion == $"autoscaling/{served}");
    }

    [Fact]
    public async Task Operator_is_never_denied_by_its_least_privilege_rbac()
    {
        if (Space.Cluster.AuditLogPath is not { } auditLog)
        {
            Assert.Skip("This cluster keeps no audit log to find denied requests in.");
            return;
        }

        await Samples.ApplyAsync(Space.Cluster, Samples.Staging, Space.Name, "rbac-checked", Cancellation);
        await ReportedAsync("rbac-checked");

        var requests = (await AuditLog.ReadAsync(auditLog, Cancellation)).Where(entry => entry.User == Fixture.Identity.UserName).ToList();
        var denied = requests.Where(entry => entry.Code is 401 or 403).ToList();

        Assert.Contains(requests, entry => entry is { IsWrite: true, Resource: "poddisruptionbudgets", Name: "rbac-checked-api" });
        Assert.True(denied.Count == 0, $"config/rbac denied the operator:{Environment.NewLine}{string.Join(Environment.NewLine, denied)}");
    }

    [Fact]
    public async Task The_conditions_of_each_app_are_exported_as_a_metric()
    {
        await Samples.ApplyAsync(Space.Cluster, Samples.Dev, Space.Name, "metered", Cancellation);
        await ReportedAsync("metered");

        // The pods never become ready here (no nodes, unpullable images): Ready is False, and the metric says so.
        var metrics = await Eventually.GetAsync(
            "todo_operator_app_condition reports metered as not ready",
            async token => await Fixture.Operator.MetricsAsync(token) is var text
                && Condition(text, "Ready", "False") == 1
                    ? text
                    : null,
            Cancellation);

        Assert.Equal(0, Condition(metrics, "Ready", "True"));
        Assert.Equal(0, Condition(metrics, "Ready", "Unknown"));
        Assert.Equal(1, Condition(metrics, "Degraded", "False"));
    }

    private double Condition(string metrics, string type, string status) =>
        PrometheusText.Sum(metrics, "todo_operator_app_condition", ("namespace", Space.Name), ("name", "metered"), ("type", type), ("status", status));

    private Task<TodoApp> ReportedAsync(string name) =>
        TodoApps.ReportedAsync(
            Space.Admin, Space.Name, name, "Ready, Progressing and Degraded conditions", app => app.Status?.Conditions?.Count == 3, Cancellation);

    private static void AssertOwnedBy(TodoApp app, IEnumerable<IKubernetesObject<V1ObjectMeta>> children) =>
        Assert.All(children, child =>
        {
            var owner = Assert.Single(child.Metadata.OwnerReferences);
            Assert.Equal((TodoApp.KindName, app.Metadata.Name, app.Metadata.Uid, true), (owner.Kind, owner.Name, owner.Uid, owner.Controller ?? false));
        });

    private static void AssertAutoscaler(IKubernetesObject<V1ObjectMeta> child, string deployment, int min, int max)
    {
        var autoscaler = (V2HorizontalPodAutoscaler)child;
        Assert.Equal((min, max), (autoscaler.Spec.MinReplicas ?? 1, autoscaler.Spec.MaxReplicas));
        Assert.Equal(("Deployment", deployment), (autoscaler.Spec.ScaleTargetRef.Kind, autoscaler.Spec.ScaleTargetRef.Name));
    }

    private static void AssertWorkloads(TodoApp app, IReadOnlyDictionary<string, IKubernetesObject<V1ObjectMeta>> children, string passwordSecret)
    {
        var name = app.Metadata.Name;
        var api = ((V1Deployment)children[$"Deployment/{name}-api"]).Spec.Template.Spec;
        var apiContainer = Assert.Single(api.Containers);
        Assert.Equal("ghcr.io/example/todo-api:0.1.0", apiContainer.Image);
        var password = Assert.Single(apiContainer.Env, variable => variable.Name == "Redis__Password").ValueFrom.SecretKeyRef;
        Assert.Equal((passwordSecret, "password"), (password.Name, password.Key));
        var redisAddress = app.Spec.Redis.Mode is RedisMode.Sentinel ? "Redis__SentinelEndpoints" : "Redis__Endpoint";
        Assert.Contains(apiContainer.Env, variable => variable.Name == redisAddress && variable.Value.StartsWith($"{name}-redis", StringComparison.Ordinal));
        AssertRestricted(api, apiContainer);

        var redisPods = app.Spec.Redis.Mode is RedisMode.Sentinel ? new[] { $"{name}-redis", $"{name}-redis-sentinel" } : [$"{name}-redis"];
        foreach (var statefulSet in redisPods)
        {
            var redis = ((V1StatefulSet)children[$"StatefulSet/{statefulSet}"]).Spec.Template.Spec;
            var redisContainer = Assert.Single(redis.Containers);
            Assert.Equal(app.Spec.Redis.Image.ToString(), redisContainer.Image);
            AssertRestricted(redis, redisContainer);
        }

        Assert.Equal("None", ((V1Service)children[$"Service/{name}-redis"]).Spec.ClusterIP);
        Assert.Equal([80, 8081], ((V1Service)children[$"Service/{name}-api"]).Spec.Ports.Select(port => port.Port));
        Assert.NotEmpty(((V1Secret)children[$"Secret/{passwordSecret}"]).Data["password"]);
    }

    private static void AssertRestricted(V1PodSpec pod, V1Container container)
    {
        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.Equal("RuntimeDefault", pod.SecurityContext.SeccompProfile.Type);
        Assert.False(pod.AutomountServiceAccountToken);
        var security = container.SecurityContext;
        Assert.Equal((false, true, true), (security.AllowPrivilegeEscalation, security.ReadOnlyRootFilesystem, security.RunAsNonRoot));
        Assert.Equal(["ALL"], security.Capabilities.Drop);
        Assert.Null(security.Capabilities.Add);
    }

    private static void AssertStatus(TodoApp app, string url)
    {
        Assert.Equal(app.Metadata.Generation, app.Status?.ObservedGeneration);
        Assert.All(app.Status!.Conditions!, condition => Assert.Equal(app.Metadata.Generation, condition.ObservedGeneration));
        // The images are not pulled here (no node runs the pods), so the pods are never ready: not ready, yet not degraded.
        Assert.Equal(("False", "ChildrenNotReady"), (app.Condition("Ready")?.Status, app.Condition("Ready")?.Reason));
        Assert.Equal("True", app.Condition("Progressing")?.Status);
        Assert.Equal(("False", "AsExpected"), (app.Condition("Degraded")?.Status, app.Condition("Degraded")?.Reason));
        Assert.Equal(url, app.Status.Url);
    }

    private async Task AssertCreatedEventsAsync(TodoApp app)
    {
        var events = (await Space.Admin.CoreV1.ListNamespacedEventAsync(
            Space.Name, fieldSelector: $"involvedObject.uid={app.Metadata.Uid}", cancellationToken: Cancellation)).Items;
        var name = app.Metadata.Name;
        // One Event per reconcile, naming every child it created.
        var created = events.Where(e => e is { Type: "Normal", Reason: "Created", Source.Component: "todo-operator" } && e.Message.StartsWith("Created ", StringComparison.Ordinal)).ToList();
        Assert.Contains(created, e => e.Message.Contains($"Deployment {name}-api,", StringComparison.Ordinal) || e.Message.EndsWith($"Deployment {name}-api.", StringComparison.Ordinal));
        Assert.Contains(created, e => e.Message.Contains($"StatefulSet {name}-redis,", StringComparison.Ordinal) || e.Message.EndsWith($"StatefulSet {name}-redis.", StringComparison.Ordinal));
    }
}
