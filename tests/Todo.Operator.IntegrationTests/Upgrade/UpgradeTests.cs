using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Todo.Operator.Crd;
using Todo.Operator.Crd.Conversion;
using Todo.Operator.Generation;
using Todo.Operator.IntegrationTests.Admission;
using Todo.Operator.IntegrationTests.Cluster;
using Todo.Operator.IntegrationTests.Operator;
using Todo.Operator.IntegrationTests.Support;

namespace Todo.Operator.IntegrationTests.Upgrade;

/// <summary>
/// The upgrade from the previous release on the real control plane: TodoApps created in v1alpha1 and reconciled by the
/// operator of that release (built from this repository's history) keep running when the new CRD (v1beta1 stored, v1alpha1
/// converted by the webhook) and the new operator are installed; no child's spec or template changes but the ones this
/// release makes on purpose, once (this control plane runs no pods, so "no pod restarts" is: the other Deployments' and
/// StatefulSets' generation and resourceVersion are unchanged, and the new operator writes no other child); every app reads back as v1beta1 and as the v1alpha1 it was; re-applying the
/// old v1alpha1 YAML, as ArgoCD does, changes nothing; and `migrate` rewrites the stored objects in v1beta1 and drops
/// v1alpha1 from the CRD's stored versions.
/// </summary>
public sealed class UpgradeTests(UpgradeControlPlane cluster) : IClassFixture<UpgradeControlPlane>, IAsyncLifetime
{
    private static readonly string[] Apps = ["todo-dev", "todo-staging", "fixed", "sealed"];

    /// <summary>
    /// What this release changes in apps of the previous one, on purpose and once (docs/todoapp-api.md, "Upgrading from v1alpha1"): every API Deployment
    /// gains the default per-client rate limit (issue 17 item 4), and the app naming its own password Secret gets the key
    /// Secret of its HMAC password version and that version on its Redis template (issue 17 item 3). The previous
    /// release's version was a digest of the Secret's resourceVersion, which rolled Redis on any write to the Secret. Every
    /// app (all have network policies on) lets its backup Jobs reach Redis: Redis' policy admits them (issue 20), and the base
    /// policy now holds every client's way to Redis, the API's policy only what reaches the API (issue 22). Every
    /// app's Redis moves to ACL users (issue 19 item 6): its StatefulSet changes and the Secret of the users' passwords is new.
    /// </summary>
    private static readonly string[] ChangedByThisRelease =
    [
        .. Apps.Select(app => $"deployments/{app}-api"), .. Apps.Select(app => $"statefulsets/{app}-redis"), .. Apps.Select(app => $"secrets/{app}-redis-users"),
        "secrets/sealed-password-hmac",
        .. Apps.Select(app => $"networkpolicies/{app}-redis"), .. Apps.Select(app => $"networkpolicies/{app}-default-deny"), .. Apps.Select(app => $"networkpolicies/{app}-api"),
    ];

    private static readonly string[] ChildKinds = ["secrets", "services", "deployments", "statefulsets", "horizontalpodautoscalers", "poddisruptionbudgets", "networkpolicies", "ingresses"];

    private readonly List<OperatorProcess> processes = [];
    private string ns = string.Empty;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private IKubernetes Admin => cluster.AdminClient;

    private string Kubeconfig => cluster.AdminKubeconfigPath;

    public async ValueTask InitializeAsync() => ns = await cluster.CreateNamespaceAsync("upgrade", Cancellation);

    [Fact]
    public async Task Apps_of_the_previous_release_keep_running_read_back_as_v1beta1_and_are_migrated()
    {
        var release = await PreviousRelease.EnsureBuiltAsync(Cancellation);
        var files = await InstallPreviousReleaseAsync(release);
        var before = await WorkloadsAsync();
        var asV1Alpha1 = await ReadAsync("v1alpha1");
        using var etcd = StoredObjects.Of(Kubeconfig);
        Assert.Equal(Apps.Select(_ => "todo.gitops.dev/v1alpha1"), await StoredVersionsOfAsync(etcd));

        var upgradeStarted = DateTimeOffset.UtcNow;
        var current = await InstallCurrentReleaseAsync();

        // The new operator has reconciled every app, and written no child but the ones this release changes.
        await Eventually.UntilAsync(
            "the new operator reconciled every app",
            async token => PrometheusText.Sum(await current.Process.MetricsAsync(token), "controller_runtime_reconcile_total", ("controller", "todoapp")) >= Apps.Length
                && (await ChildWritesAsync(upgradeStarted)).Select(Written).ToHashSet().IsSupersetOf(ChangedByThisRelease)
                && PrometheusText.Sum(await current.Process.MetricsAsync(token), "workqueue_depth", ("name", "todoapp")) == 0,
            Cancellation);
        var upgraded = await WorkloadsAsync();
        var settled = DateTimeOffset.UtcNow;
        // A selector cannot change: the previous release's Redis StatefulSets keep theirs, with the instance label, and
        // their pods keep their labels (the new selector's todo.gitops.dev/todoapp is for new apps).
        foreach (var app in Apps)
        {
            var redis = await Admin.AppsV1.ReadNamespacedStatefulSetAsync($"{app}-redis", ns, cancellationToken: Cancellation);
            Assert.Equal(app, redis.Spec.Selector.MatchLabels["app.kubernetes.io/instance"]);
            Assert.DoesNotContain("todo.gitops.dev/todoapp", redis.Spec.Template.Metadata.Labels.Keys);
        }

        Assert.Equal(ChangedByThisRelease.Order(StringComparer.Ordinal), (await ChildWritesAsync(upgradeStarted)).Select(Written).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(Untouched(before), Untouched(upgraded));

        // Every app reads back as v1beta1 (what kubectl prefers) and, asked for, as the v1alpha1 it was.
        var asV1Beta1 = await ReadAsync("v1beta1");
        Assert.All(asV1Beta1.Values, app => Assert.Equal("todo.gitops.dev/v1beta1", app["apiVersion"]!.GetValue<string>()));
        // What kubectl prints: discovery prefers v1beta1 (a kubectl that cached discovery before the upgrade asks again within 10 minutes).
        var freshCache = Directory.CreateTempSubdirectory("kubectl-cache-").FullName;
        Assert.Equal(["todo.gitops.dev/v1beta1"], JsonNode.Parse(await Kubectl.RunAsync(Kubeconfig, ["get", "todoapps", "-n", ns, "-o", "json", "--cache-dir", freshCache], Cancellation))!["items"]!
            .AsArray().Select(item => item!["apiVersion"]!.GetValue<string>()).Distinct());
        Directory.Delete(freshCache, recursive: true);
        var secret = asV1Beta1["sealed"]["spec"]!["redis"]!["passwordSecretRef"]!;
        Assert.Equal(("sealed-redis-auth", "password"), (secret["name"]!.GetValue<string>(), secret["key"]!.GetValue<string>()));
        Assert.Null(asV1Beta1["fixed"]["spec"]!["autoscaling"]);
        Assert.NotNull(asV1Beta1["fixed"]["metadata"]!["annotations"]![StashedFields.Annotation("todo.gitops.dev/v1alpha1")]);
        Assert.False(asV1Beta1["todo-dev"]["spec"]!["autoscaling"]!.AsObject().ContainsKey("enabled"));
        var stillV1Alpha1 = await ReadAsync("v1alpha1");
        Assert.All(Apps, app => Assert.True(
            JsonNode.DeepEquals(asV1Alpha1[app]["spec"], stillV1Alpha1[app]["spec"]),
            $"{app}: {JsonMergePatch.Diff(stillV1Alpha1[app]["spec"], asV1Alpha1[app]["spec"])?.ToJsonString()}"));

        // ArgoCD re-applying the old YAML: nothing changes, neither the apps nor their children.
        var resourceVersions = asV1Beta1.ToDictionary(app => app.Key, app => app.Value["metadata"]!["resourceVersion"]!.GetValue<string>());
        foreach (var file in files)
        {
            Assert.Contains("unchanged", await Kubectl.RunAsync(Kubeconfig, ["apply", "-n", ns, "-f", file], Cancellation), StringComparison.Ordinal);
        }

        Assert.Equal(resourceVersions, (await ReadAsync("v1beta1")).ToDictionary(app => app.Key, app => app.Value["metadata"]!["resourceVersion"]!.GetValue<string>()));
        Assert.Equal(Generations(upgraded), Generations(await WorkloadsAsync()));

        // The storage migration: every object stored as v1beta1, and v1alpha1 no longer among the stored versions.
        Assert.Contains("v1alpha1", await StoredVersionsAsync());
        var migration = await RunMigrateAsync();
        Assert.Contains($"rewrote {Apps.Length} TodoApp(s) in v1beta1", migration, StringComparison.Ordinal);
        Assert.Equal(Apps.Select(_ => "todo.gitops.dev/v1beta1"), await StoredVersionsOfAsync(etcd));
        Assert.Equal(["v1beta1"], await StoredVersionsAsync());
        Assert.Equal(Generations(upgraded), Generations(await WorkloadsAsync()));
        Assert.Empty(await ChildWritesAsync(settled));
        var afterMigration = await ReadAsync("v1alpha1");
        Assert.All(Apps, app => Assert.True(JsonNode.DeepEquals(asV1Alpha1[app]["spec"], afterMigration[app]["spec"]), app));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in processes)
        {
            if (TestContext.Current is { TestState.Result: TestResult.Failed, TestOutputHelper: { } output })
            {
                output.WriteLine($"--- operator {process.Settings.Instance} ({process.LogPath}) ---");
                output.WriteLine(process.LogTail());
            }

            await process.DisposeAsync();
        }
    }

    /// <summary>The previous release's CRD, RBAC and operator, and the apps it reconciles; the YAML files applied.</summary>
    private async Task<IReadOnlyList<string>> InstallPreviousReleaseAsync(PreviousRelease release)
    {
        await Kubectl.RunAsync(Kubeconfig, ["apply", "--server-side", "-f", release.CrdPath], Cancellation);
        await WaitEstablishedAsync();
        var identity = await cluster.CreateServiceAccountAsync(ns, "todo-operator-previous", release.RbacFiles, Cancellation);
        var previous = await StartAsync(new OperatorSettings
        {
            Namespace = ns,
            Instance = "previous",
            KubeconfigPath = identity.KubeconfigPath,
            AssemblyPath = release.OperatorAssemblyPath,
        });

        await Admin.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret
            {
                Metadata = new V1ObjectMeta { Name = "sealed-redis-auth", Labels = new Dictionary<string, string> { ["todo.gitops.dev/redis-password"] = "true" } },
                StringData = new Dictionary<string, string> { ["password"] = "from-a-sealed-secret" },
            },
            ns,
            cancellationToken: Cancellation);
        List<string> files =
        [
            await WriteAsync("todo-dev", WithoutNamespace(await File.ReadAllTextAsync(release.Sample("todoapp-dev.yaml"), Cancellation))),
            await WriteAsync("todo-staging", WithoutNamespace(await File.ReadAllTextAsync(release.Sample("todoapp-staging.yaml"), Cancellation))),
            // Settings of a disabled autoscaler, which v1beta1 cannot hold.
            await WriteAsync("fixed", """
                apiVersion: todo.gitops.dev/v1alpha1
                kind: TodoApp
                metadata:
                  name: fixed
                spec:
                  image: {repository: ghcr.io/example/todo-api, tag: 0.1.0}
                  replicas: 2
                  autoscaling: {enabled: false, minReplicas: 3, maxReplicas: 7, targetCPUUtilizationPercentage: 60}
                """),
            // The password Secret where v1alpha1 keeps it.
            await WriteAsync("sealed", """
                apiVersion: todo.gitops.dev/v1alpha1
                kind: TodoApp
                metadata:
                  name: sealed
                spec:
                  image: {repository: ghcr.io/example/todo-api, tag: 0.1.0}
                  redis:
                    password:
                      existingSecret: {name: sealed-redis-auth, key: password}
                """),
        ];
        foreach (var file in files)
        {
            await Kubectl.RunAsync(Kubeconfig, ["apply", "-n", ns, "-f", file], Cancellation);
        }

        foreach (var app in Apps)
        {
            await TodoAppsReportedAsync(app);
        }

        await AutoscalersSettledAsync();
        await previous.StopAsync();
        return files;
    }

    /// <summary>The current CRD and webhook configuration, both sent to the new operator on loopback, and the new operator.</summary>
    private async Task<(ServiceAccountIdentity Identity, OperatorProcess Process)> InstallCurrentReleaseAsync()
    {
        var port = OperatorProcess.FreePort();
        var crd = KubernetesObjectYaml.Deserialize<V1CustomResourceDefinition>(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "config", "crd", "todo.gitops.dev_todoapps.yaml"), Cancellation));
        crd.Spec.Conversion.Webhook.ClientConfig = new Apiextensionsv1WebhookClientConfig { Url = $"https://127.0.0.1:{port}{crd.Spec.Conversion.Webhook.ClientConfig.Service.Path}" };
        var crdFile = await WriteAsync("crd", KubernetesObjectYaml.Serialize(crd));
        await Kubectl.RunAsync(Kubeconfig, ["apply", "--server-side", "--force-conflicts", "-f", crdFile], Cancellation);
        await Kubectl.RunAsync(Kubeconfig, ["apply", "--server-side", "-f", Path.Combine(RepositoryRoot.Path, "config", "crd", "todo.gitops.dev_todoappbackups.yaml")], Cancellation);
        await WaitEstablishedAsync();
        // The validating webhook too, as config/default installs it (this control plane is the test's own: it stays).
        await TestWebhookConfiguration.InstallAsync(Admin, port, ns, Cancellation);

        string[] rbac = ["role.yaml", "leader_election_role.yaml", "webhook_role.yaml"];
        var identity = await cluster.CreateServiceAccountAsync(ns, "todo-operator", [.. rbac.Select(file => Path.Combine(RepositoryRoot.Path, "config", "rbac", file))], Cancellation);
        // Ready means its informers have listed every TodoApp in v1beta1: through its own conversion webhook, with the
        // caBundle it published itself.
        var process = await StartAsync(new OperatorSettings
        {
            Namespace = ns,
            Instance = "current",
            KubeconfigPath = identity.KubeconfigPath,
            Webhook = new WebhookSettings(port) { CheckInterval = TimeSpan.FromSeconds(2), ConversionCustomResourceDefinition = TodoApp.CustomResourceDefinitionName },
        });
        return (identity, process);
    }

    private async Task<OperatorProcess> StartAsync(OperatorSettings settings)
    {
        var process = await OperatorProcess.StartAsync(settings, Cancellation);
        processes.Add(process);
        return process;
    }

    /// <summary>Each app's Deployment and StatefulSet: generation and resourceVersion, once the controllers have settled.</summary>
    private async Task<IReadOnlyDictionary<string, string>> WorkloadsAsync()
    {
        IReadOnlyDictionary<string, string>? last = null;
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var deployments = (await Admin.AppsV1.ListNamespacedDeploymentAsync(ns, cancellationToken: Cancellation)).Items
                .Select(item => KeyValuePair.Create($"Deployment/{item.Metadata.Name}", $"{item.Metadata.Generation}/{item.Metadata.ResourceVersion}"));
            var statefulSets = (await Admin.AppsV1.ListNamespacedStatefulSetAsync(ns, cancellationToken: Cancellation)).Items
                .Select(item => KeyValuePair.Create($"StatefulSet/{item.Metadata.Name}", $"{item.Metadata.Generation}/{item.Metadata.ResourceVersion}"));
            var now = new SortedDictionary<string, string>(deployments.Concat(statefulSets).ToDictionary(), StringComparer.Ordinal);
            if (last is not null && now.SequenceEqual(last))
            {
                return now;
            }

            last = now;
            await Task.Delay(TimeSpan.FromSeconds(2), Cancellation);
        }

        return last!;
    }

    /// <summary>Writes by any operator to the apps' children (the webhook's own Secret aside).</summary>
    private static string Written(AuditEntry entry) => $"{entry.Resource}/{entry.Name}";

    /// <summary>
    /// The workloads' generations alone: the StatefulSet controller goes on writing the status of the StatefulSets this
    /// release rolls while their new pods wait for a node this control plane has none of. That no operator wrote to a
    /// child is read from the audit log (<see cref="ChildWritesAsync"/>).
    /// </summary>
    private static Dictionary<string, string> Generations(IReadOnlyDictionary<string, string> workloads) =>
        workloads.ToDictionary(workload => workload.Key, workload => workload.Value.Split('/')[0]);

    private static Dictionary<string, string> Untouched(IReadOnlyDictionary<string, string> workloads) =>
        workloads.Where(workload => !ChangedByThisRelease.Contains(ChildKey(workload.Key))).ToDictionary();

    private static string ChildKey(string workload) =>
        workload.Replace("Deployment/", "deployments/", StringComparison.Ordinal).Replace("StatefulSet/", "statefulsets/", StringComparison.Ordinal);

    private async Task<IReadOnlyList<AuditEntry>> ChildWritesAsync(DateTimeOffset since) =>
        [.. (await AuditLog.ReadAsync(cluster.AuditLogPath!, Cancellation))
            .Where(entry => entry.IsWrite && entry.Namespace == ns && entry.ReceivedAt >= since && entry.User.StartsWith($"system:serviceaccount:{ns}:", StringComparison.Ordinal))
            .Where(entry => ChildKinds.Contains(entry.Resource) && entry.Name != "todo-operator-webhook-tls")];

    private async Task<IReadOnlyDictionary<string, JsonObject>> ReadAsync(string version)
    {
        var list = await Admin.CustomObjects.ListNamespacedCustomObjectAsync<JsonElement>(TodoApp.Group, version, ns, TodoApp.Plural, cancellationToken: Cancellation);
        return list.GetProperty("items").EnumerateArray()
            .Select(item => JsonNode.Parse(item.GetRawText())!.AsObject())
            .ToDictionary(item => item["metadata"]!["name"]!.GetValue<string>());
    }

    private async Task<IReadOnlyList<string>> StoredVersionsOfAsync(StoredObjects etcd)
    {
        var versions = new List<string>();
        foreach (var app in Apps)
        {
            versions.Add(await etcd.StoredVersionAsync(ns, app, Cancellation));
        }

        return versions;
    }

    private async Task<IReadOnlyList<string>> StoredVersionsAsync() =>
        [.. (await Admin.ApiextensionsV1.ReadCustomResourceDefinitionAsync(TodoApp.CustomResourceDefinitionName, cancellationToken: Cancellation)).Status.StoredVersions];

    private async Task<string> RunMigrateAsync()
    {
        var startInfo = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        startInfo.ArgumentList.Add(OperatorProcess.OperatorAssemblyPath());
        startInfo.ArgumentList.Add("migrate");
        startInfo.Environment["KUBECONFIG"] = Kubeconfig;
        using var process = System.Diagnostics.Process.Start(startInfo)!;
        var output = await process.StandardOutput.ReadToEndAsync(Cancellation);
        var errors = await process.StandardError.ReadToEndAsync(Cancellation);
        await process.WaitForExitAsync(Cancellation);
        Assert.True(process.ExitCode == 0, $"migrate failed (exit {process.ExitCode}): {output}{errors}");
        return output;
    }

    private Task TodoAppsReportedAsync(string app) =>
        Eventually.UntilAsync(
            $"the previous operator reconciled {app} and created its workloads",
            // Read as v1alpha1: the previous release's CRD serves nothing else.
            async token => (await NotFound.AsNullAsync(() => Admin.CustomObjects.GetNamespacedCustomObjectAsync<JsonObject>(TodoApp.Group, "v1alpha1", ns, TodoApp.Plural, app, token)))
                    ?["status"]?["observedGeneration"]?.GetValue<long>() > 0
                && await NotFound.AsNullAsync(() => Admin.AppsV1.ReadNamespacedDeploymentAsync($"{app}-api", ns, cancellationToken: token)) is not null
                && await NotFound.AsNullAsync(() => Admin.AppsV1.ReadNamespacedStatefulSetAsync($"{app}-redis", ns, cancellationToken: token)) is not null,
            Cancellation);

    /// <summary>
    /// The autoscalers have raised their Deployments to minReplicas (kube-controller-manager's, every 15 s): a scale the
    /// upgrade has nothing to do with, which would otherwise land in the middle of the comparison.
    /// </summary>
    private Task AutoscalersSettledAsync() =>
        Eventually.UntilAsync(
            "every Deployment runs at least its autoscaler's minReplicas",
            async token =>
            {
                var autoscalers = await Admin.CustomObjects.ListNamespacedCustomObjectAsync<JsonObject>(
                    "autoscaling", ServedApiVersions.For(cluster.ServerVersion).Autoscaling, ns, "horizontalpodautoscalers", cancellationToken: token);
                foreach (var autoscaler in autoscalers["items"]!.AsArray())
                {
                    var deployment = await Admin.AppsV1.ReadNamespacedDeploymentAsync(autoscaler!["spec"]!["scaleTargetRef"]!["name"]!.GetValue<string>(), ns, cancellationToken: token);
                    if (deployment.Spec.Replicas < autoscaler["spec"]!["minReplicas"]!.GetValue<int>())
                    {
                        return false;
                    }
                }

                return true;
            },
            TimeSpan.FromSeconds(90),
            Cancellation);

    private Task WaitEstablishedAsync() => EstablishedCrds.WaitAsync(Admin, [TodoApp.CustomResourceDefinitionName], Cancellation);

    private async Task<string> WriteAsync(string name, string yaml)
    {
        var path = Path.Combine(Path.GetTempPath(), $"upgrade-{ns}-{name}.yaml");
        await File.WriteAllTextAsync(path, yaml, Cancellation);
        return path;
    }

    private static string WithoutNamespace(string yaml) =>
        string.Join('\n', yaml.Split('\n').Where(line => !line.StartsWith("  namespace: ", StringComparison.Ordinal)));
}
