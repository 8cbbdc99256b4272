using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Todo.Operator.Generation;
using Todo.Operator.IntegrationTests.Cluster;
using Todo.Operator.IntegrationTests.Delivery;
using Todo.Operator.IntegrationTests.Support;

namespace Todo.Operator.IntegrationTests.Operator;

/// <summary>
/// The install the README gives: the CRD on its own, then `kubectl apply -k config/default`: a working operator with least
/// privilege, spread over nodes, disrupted one pod at a time, its metrics open to Prometheus only, from fully qualified
/// images; deleting it leaves the CRD (and every TodoApp). config/namespaced grants Roles in the namespaces it watches and,
/// cluster-wide, only the webhook's own configuration and CRD. The ValidatingWebhookConfiguration is checked by a dry run: no
/// operator pod runs here to answer it. One class: the tests share the operator's namespace and Deployment, so they run one after the other.
/// </summary>
public sealed class InstallTests(ControlPlaneFixture cluster)
{
    private const string Namespace = "todo-operator-system";
    private const string Operator = $"system:serviceaccount:{Namespace}:todo-operator";
    private const string OperatorImage = "ghcr.io/example/todo-operator:0.1.0";

    private static readonly Dictionary<string, string> PodLabels = new()
    {
        ["app.kubernetes.io/name"] = "todo-operator",
        ["app.kubernetes.io/component"] = "manager",
    };

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static string Config(string folder) => Path.Combine(RepositoryRoot.Path, "config", folder);

    [Fact]
    public async Task The_default_kustomization_installs_the_operator_deployment_and_binds_its_roles_to_its_service_account()
    {
        using var install = await InstallDefaultAsync();

        // The controller-manager turning the Deployment into two pods shows the API server accepted every field.
        var deployment = await Eventually.GetAsync(
            "the operator Deployment has its two pods",
            async token =>
            {
                var found = await cluster.AdminClient.AppsV1.ReadNamespacedDeploymentAsync("todo-operator", Namespace, cancellationToken: token);
                return found.Status?.Replicas == 2 ? found : null;
            },
            Cancellation);
        var pod = deployment.Spec.Template.Spec;
        Assert.Equal("todo-operator", pod.ServiceAccountName);
        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.All(pod.Containers, container =>
        {
            Assert.Equal(OperatorImage, container.Image);
            Assert.True(container.SecurityContext.ReadOnlyRootFilesystem);
            Assert.False(container.SecurityContext.AllowPrivilegeEscalation);
            Assert.Equal(["ALL"], container.SecurityContext.Capabilities.Drop);
        });

        // The API server's RBAC authorizer learns of new bindings through its own watch, a moment after the apply.
        await Eventually.UntilAsync("the operator's bindings are in effect", _ => CanAsync("patch", "deployments.apps", "-A"), Cancellation);
        Assert.True(await CanAsync("patch", "todoapps.todo.gitops.dev", "--subresource=status", "-A"));
        // Patch for the finalizer that deletes the Redis volume when asked; data claims are deleted, never created (the
        // StatefulSet makes them); an app's backup claim is the one claim the operator creates.
        Assert.True(await CanAsync("patch", "todoapps.todo.gitops.dev", "-A"));
        Assert.True(await CanAsync("delete", "persistentvolumeclaims", "-A"));
        Assert.True(await CanAsync("create", "persistentvolumeclaims", "-A"));
        Assert.True(await CanAsync("create", "jobs.batch", "-A"));
        Assert.False(await CanAsync("update", "jobs.batch", "-A"));
        Assert.False(await CanAsync("get", "pods", "-A"));
        Assert.False(await CanAsync("update", "todoappbackups.todo.gitops.dev", "-A"));
        Assert.True(await CanAsync("update", "todoapps.todo.gitops.dev", "--subresource=finalizers", "-A"));
        Assert.True(await CanAsync("update", "leases.coordination.k8s.io", "-n", Namespace));
        Assert.False(await CanAsync("update", "leases.coordination.k8s.io", "-n", "default"));
        Assert.False(await CanAsync("update", "deployments.apps", "-A"));
        Assert.False(await CanAsync("create", "pods", "-A"));
        Assert.False(await CanAsync("delete", "todoapps.todo.gitops.dev", "-A"));
        Assert.False(await CanAsync("create", "clusterrolebindings.rbac.authorization.k8s.io"));
    }

    [Fact]
    public async Task The_operator_pods_are_spread_disrupted_one_at_a_time_and_reachable_only_by_prometheus_and_probes()
    {
        using var install = await InstallDefaultAsync();

        var deployment = await cluster.AdminClient.AppsV1.ReadNamespacedDeploymentAsync("todo-operator", Namespace, cancellationToken: Cancellation);
        var spread = deployment.Spec.Template.Spec.TopologySpreadConstraints;
        Assert.Contains(spread, constraint => constraint is { TopologyKey: "kubernetes.io/hostname", MaxSkew: 1 }
            && constraint.LabelSelector.MatchLabels.All(label => deployment.Spec.Template.Metadata.Labels[label.Key] == label.Value));

        var policyVersion = ServedApiVersions.For(cluster.ServerVersion).Policy;
        var budget = await cluster.AdminClient.CustomObjects.GetNamespacedCustomObjectAsync<V1PodDisruptionBudget>(
            "policy", policyVersion, Namespace, "poddisruptionbudgets", "todo-operator", Cancellation);
        Assert.Equal(1, budget.Spec.MaxUnavailable.ToInt());
        Assert.Equal(PodLabels, budget.Spec.Selector.MatchLabels);

        var policy = await cluster.AdminClient.NetworkingV1.ReadNamespacedNetworkPolicyAsync("todo-operator", Namespace, cancellationToken: Cancellation);
        Assert.Equal(PodLabels, policy.Spec.PodSelector.MatchLabels);
        Assert.Equal(["Ingress"], policy.Spec.PolicyTypes);
        var metrics = Assert.Single(policy.Spec.Ingress, rule => rule.Ports.Any(port => port.Port.Value == "metrics"));
        var prometheus = Assert.Single(metrics.FromProperty);
        Assert.Equal("monitoring", prometheus.NamespaceSelector.MatchLabels["kubernetes.io/metadata.name"]);
        Assert.Equal("prometheus", prometheus.PodSelector.MatchLabels["app.kubernetes.io/name"]);
        var probes = Assert.Single(policy.Spec.Ingress, rule => rule.Ports.Any(port => port.Port.Value == "probes"));
        Assert.Null(probes.FromProperty);
        // The webhook port has a rule of its own (the API server's addresses differ between clusters: open, to be narrowed).
        var webhook = Assert.Single(policy.Spec.Ingress, rule => rule.Ports.Any(port => port.Port.Value == "webhook"));
        Assert.Equal(["webhook"], webhook.Ports.Select(port => port.Port.Value));
        Assert.Equal(3, policy.Spec.Ingress.Count);
        var containerPorts = deployment.Spec.Template.Spec.Containers.Single().Ports.Select(port => port.Name);
        Assert.Equal(["metrics", "probes", "webhook"], containerPorts.Order());
    }

    [Fact]
    public async Task The_webhook_configuration_is_accepted_and_sends_todoapps_to_every_operator_pod_through_its_service()
    {
        using var install = await InstallDefaultAsync();

        // Dry run only: no pod of the operator runs here, so the real configuration would refuse every other test's TodoApps.
        // Under a name of its own: an apply merges into a configuration of that name which other tests' operators wrote
        // with a url (no Service there), and the merge would hold both.
        var copy = Path.Combine(Directory.CreateTempSubdirectory("webhook-").FullName, "validating_webhook.yaml");
        var yaml = await File.ReadAllTextAsync(Path.Combine(Config("webhook"), "validating_webhook.yaml"), Cancellation);
        await File.WriteAllTextAsync(copy, yaml.Replace("\n  name: todo-operator\n", "\n  name: todo-operator-dry-run\n", StringComparison.Ordinal), Cancellation);
        Assert.Contains("todo-operator-dry-run", await Kubectl.RunAsync(cluster.AdminKubeconfigPath, ["apply", "--dry-run=server", "-f", copy], Cancellation), StringComparison.Ordinal);
        Directory.Delete(Path.GetDirectoryName(copy)!, recursive: true);
        var configuration = Single(await RenderAsync("default"), "ValidatingWebhookConfiguration");
        var webhook = configuration["webhooks"]!.AsArray().Single()!;
        Assert.Equal(("Fail", "None", 10), (webhook["failurePolicy"]!.GetValue<string>(), webhook["sideEffects"]!.GetValue<string>(), webhook["timeoutSeconds"]!.GetValue<int>()));
        Assert.Equal(["v1"], webhook["admissionReviewVersions"]!.AsArray().Select(version => version!.GetValue<string>()));
        var excluded = webhook["namespaceSelector"]!["matchExpressions"]!.AsArray().Single()!;
        Assert.Equal(("kubernetes.io/metadata.name", "NotIn"), (excluded["key"]!.GetValue<string>(), excluded["operator"]!.GetValue<string>()));
        Assert.Equal(["kube-system", Namespace], excluded["values"]!.AsArray().Select(value => value!.GetValue<string>()));
        var reference = webhook["clientConfig"]!["service"]!;
        Assert.Equal(Namespace, reference["namespace"]!.GetValue<string>());

        var service = await cluster.AdminClient.CoreV1.ReadNamespacedServiceAsync(reference["name"]!.GetValue<string>(), Namespace, cancellationToken: Cancellation);
        Assert.Equal(PodLabels, service.Spec.Selector);
        // Replicas answer the webhooks before their informers have synced (readiness waits for those).
        Assert.True(service.Spec.PublishNotReadyAddresses);
        var port = Assert.Single(service.Spec.Ports);
        Assert.Equal((reference["port"]!.GetValue<int>(), "webhook"), (port.Port, port.TargetPort.Value));

        await Eventually.UntilAsync("the webhook's bindings are in effect", _ => CanAsync("patch", "validatingwebhookconfigurations/todo-operator"), Cancellation);
        Assert.False(await CanAsync("patch", "validatingwebhookconfigurations/another"));
        Assert.False(await CanAsync("delete", "validatingwebhookconfigurations/todo-operator"));
        Assert.True(await CanAsync("patch", "secrets/todo-operator-webhook-tls", "-n", Namespace));
    }

    [Fact]
    public async Task Deleting_the_default_kustomization_would_delete_the_operator_but_never_the_crd()
    {
        using var install = await InstallDefaultAsync();

        var deleted = await Kubectl.RunAsync(
            cluster.AdminKubeconfigPath, ["delete", "-k", install.Path, "--dry-run=server", "--ignore-not-found", "-o", "name"], Cancellation);

        Assert.Contains("deployment.apps/todo-operator", deleted, StringComparison.Ordinal);
        Assert.DoesNotContain("customresourcedefinition", deleted, StringComparison.Ordinal);
        Assert.DoesNotContain(await RenderAsync("default"), obj => Kind(obj) == "CustomResourceDefinition");
        Assert.Equal(
            [("CustomResourceDefinition", "todoappbackups.todo.gitops.dev"), ("CustomResourceDefinition", "todoapps.todo.gitops.dev")],
            (await RenderAsync("crd")).Select(obj => (Kind(obj), Name(obj))).Order());
    }

    [Fact]
    public async Task The_namespaced_kustomization_binds_the_generated_role_in_each_watched_namespace_and_nothing_cluster_wide()
    {
        var objects = await RenderAsync("namespaced");

        // Cluster-wide, only what the webhook server needs: its own ValidatingWebhookConfiguration and CRD, by name.
        var clusterWide = objects.Where(obj => Kind(obj) is "ClusterRole" or "ClusterRoleBinding").ToList();
        Assert.Equal([("ClusterRole", "todo-operator-webhook"), ("ClusterRoleBinding", "todo-operator-webhook")], clusterWide.Select(obj => (Kind(obj), Name(obj))).Order());
        Assert.Equal(
            ["todo-operator", "todoapps.todo.gitops.dev"],
            Single(clusterWide, "ClusterRole")["rules"]!.AsArray().Select(rule => rule!["resourceNames"]!.AsArray().Single()!.GetValue<string>()));
        var container = Single(objects, "Deployment")["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Single()!;
        var watched = container["env"]!.AsArray().Single(variable => variable!["name"]!.GetValue<string>() == "Operator__WatchNamespaces")!["value"]!
            .GetValue<string>().Split(',');
        Assert.Equal(["todo-dev", "todo-staging"], watched);
        var roles = objects.Where(obj => Kind(obj) == "Role" && Name(obj) == "todo-operator").ToList();
        Assert.Equal(watched, roles.Select(NamespaceOf).Order());
        var clusterRole = KubernetesObjectYaml.Deserialize<V1ClusterRole>(await File.ReadAllTextAsync(Path.Combine(Config("rbac"), "role.yaml"), Cancellation));
        // Everything the ClusterRole grants but the cluster-scoped reads a Role cannot hold: the CRD (that install polls
        // instead) and the StorageClasses (that install reports a Redis volume it cannot expand).
        var namespacedRules = clusterRole.Rules.Where(rule => !rule.ApiGroups.Contains("apiextensions.k8s.io") && !rule.ApiGroups.Contains("storage.k8s.io"));
        Assert.All(roles, role => Assert.Equal(TestJson.Node(namespacedRules.ToList()).ToJsonString(), role["rules"]!.ToJsonString()));
        Assert.Equal(
            "Poll",
            container["env"]!.AsArray().Single(variable => variable!["name"]!.GetValue<string>() == "Operator__OptionalKindsDiscovery")!["value"]!.GetValue<string>());
        var bindings = objects.Where(obj => Kind(obj) == "RoleBinding" && Name(obj) == "todo-operator").ToList();
        Assert.Equal(watched, bindings.Select(NamespaceOf).Order());
        Assert.All(bindings, binding =>
        {
            Assert.Equal("Role", binding["roleRef"]!["kind"]!.GetValue<string>());
            var subject = binding["subjects"]!.AsArray().Single()!;
            Assert.Equal(("ServiceAccount", "todo-operator", Namespace), (subject["kind"]!.GetValue<string>(), subject["name"]!.GetValue<string>(), subject["namespace"]!.GetValue<string>()));
        });
        Assert.Contains(objects, obj => Kind(obj) == "Role" && Name(obj) == "todo-operator-leader-election" && NamespaceOf(obj) == Namespace);
    }

    [Fact]
    public async Task Every_image_the_install_and_the_samples_name_is_fully_qualified()
    {
        var images = (await RenderAsync("default")).Concat(await RenderAsync("namespaced"))
            .Where(obj => Kind(obj) == "Deployment")
            .SelectMany(obj => obj["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Select(container => container!["image"]!.GetValue<string>()))
            .Distinct()
            .ToList();
        Assert.Equal([OperatorImage], images);

        foreach (var sample in new[] { Samples.Dev, Samples.Staging })
        {
            var app = KubernetesObjectYaml.Deserialize<Crd.V1Alpha1.TodoApp>(await File.ReadAllTextAsync(Path.Combine(Config("samples"), sample), Cancellation));
            Assert.Equal("ghcr.io/example/todo-api", app.Spec.Image.Repository);
        }
    }

    /// <summary>As the README installs: the CRD on its own, then config/default (as this server can hold it).</summary>
    private async Task<KustomizationForServer> InstallDefaultAsync()
    {
        await TodoAppCrd.EnsureInstalledAsync(cluster);
        var install = await KustomizationForServer.CreateAsync(cluster, Path.Combine("config", "default"), Cancellation, withoutWebhookConfiguration: true);
        await Kubectl.RunAsync(cluster.AdminKubeconfigPath, ["apply", "-k", install.Path], Cancellation);
        return install;
    }

    private Task<IReadOnlyList<JsonObject>> RenderAsync(string folder) =>
        Kustomizations.RenderAsync(cluster, Path.Combine("config", folder), Cancellation);

    private static JsonObject Single(IEnumerable<JsonObject> objects, string kind) => Assert.Single(objects, obj => Kind(obj) == kind);

    private static string Kind(JsonObject obj) => obj["kind"]!.GetValue<string>();

    private static string Name(JsonObject obj) => obj["metadata"]!["name"]!.GetValue<string>();

    private static string? NamespaceOf(JsonObject obj) => obj["metadata"]!["namespace"]?.GetValue<string>();

    /// <summary>`kubectl auth can-i` as the operator's ServiceAccount: it answers "no" with exit code 1.</summary>
    private async Task<bool> CanAsync(string verb, string resource, params string[] scope)
    {
        try
        {
            await Kubectl.RunAsync(cluster.AdminKubeconfigPath, ["auth", "can-i", verb, resource, "--as", Operator, .. scope], Cancellation);
            return true;
        }
        catch (InvalidOperationException e) when (e.Message.Contains("(exit 1)", StringComparison.Ordinal))
        {
            return false;
        }
    }
}
