using System.Globalization;
using k8s;
using k8s.Models;
using Todo.EndToEnd.Tests.Support;

namespace Todo.EndToEnd.Tests.Cluster;

/// <summary>
/// The cluster of the end-to-end tests (an xunit assembly fixture): hack/control-plane.sh up --nodes N in a folder of its
/// own (N from TODO_E2E_NODES, 3 unless set), then the operator installed from its image through config/crd and
/// config/default (config/kubernetes-1.20, its variant for these 1.20 nodes), as a user would. On a machine that cannot
/// run the nodes (hack/node.sh says why) every test is skipped with that reason; nodes that should start but do not fail
/// them. Tests that need several nodes ask for them (<see cref="RequireNodes"/>); tests that break the cluster undo what
/// they broke (<see cref="Faults"/>) before the next one runs.
/// </summary>
public sealed class NodeCluster : IAsyncLifetime
{
    public const string OperatorNamespace = "todo-operator-system";
    public const string OperatorDeployment = "todo-operator";

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan HealthyTimeout = TimeSpan.FromMinutes(3);

    private readonly Scripts scripts = new(Path.Combine(Path.GetTempPath(), $"todo-e2e-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]));
    private readonly EventHandler stopOnExit;
    private Kubernetes? client;
    private string? skipReason;

    public NodeCluster()
    {
        stopOnExit = (_, _) => scripts.Run("bash", [Path.Combine(RepositoryRoot.Path, "hack", "control-plane.sh"), "down"], StopTimeout);
        Faults = new Faults(this);
    }

    /// <summary>An admin client; skips the calling test when this machine cannot run the nodes.</summary>
    public IKubernetes Client
    {
        get
        {
            SkipUnlessRunning();
            return client ?? throw new InvalidOperationException("The node cluster was not initialised.");
        }
    }

    internal Scripts Scripts
    {
        get
        {
            SkipUnlessRunning();
            return scripts;
        }
    }

    /// <summary>What breaks nodes and the control plane (hack/faults.sh).</summary>
    internal Faults Faults { get; }

    /// <summary>How many nodes this run has (TODO_E2E_NODES, 3 unless set).</summary>
    public int NodeCount { get; } = int.Parse(Environment.GetEnvironmentVariable("TODO_E2E_NODES") is { Length: > 0 } nodes ? nodes : "3", CultureInfo.InvariantCulture);

    /// <summary>The first node's private Docker engine (DOCKER_HOST form) and the node's address, where its published ports are.</summary>
    public (string DockerHost, string Address)? Docker { get; private set; }

    /// <summary>Every node's Docker engine (DOCKER_HOST form): an image tagged here must be tagged on each.</summary>
    public IReadOnlyList<string> DockerHosts { get; private set; } = [];

    /// <summary>Why the nodes do not run here, or null.</summary>
    public string? SkipReason => skipReason;

    /// <summary>Skips the calling test unless the cluster has at least <paramref name="nodes"/> nodes.</summary>
    public void RequireNodes(int nodes)
    {
        SkipUnlessRunning();
        if (NodeCount < nodes)
        {
            Assert.Skip($"This test needs {nodes} nodes; this run has {NodeCount} (TODO_E2E_NODES).");
        }
    }

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var reason = (await scripts.HackAsync("node.sh", "unavailable-reason", cancellationToken)).StandardOutput.Trim();
        if (reason.Length > 0)
        {
            skipReason = $"This machine cannot run the local nodes: {reason}.";
            return;
        }

        AppDomain.CurrentDomain.ProcessExit += stopOnExit;
        var up = await scripts.HackAsync("control-plane.sh", $"up --nodes {NodeCount}", cancellationToken);
        if (!up.Succeeded)
        {
            throw new InvalidOperationException($"hack/control-plane.sh up --nodes {NodeCount} failed (exit {up.ExitCode}):{Environment.NewLine}{up.StandardError}");
        }

        client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(scripts.Kubeconfig));
        UseNodeDockerEngine((await scripts.HackAsync("node.sh", "env", cancellationToken)).StandardOutput);
        DockerHosts = [.. (await scripts.HackAsync("node.sh", "docker-hosts", cancellationToken)).StandardOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' ')[1])];

        // As the README installs: the CRD on its own, then the operator; config/kubernetes-1.20 is config/default for this 1.20 cluster.
        await scripts.KubectlAsync(cancellationToken, "apply", "--server-side", "-k", Path.Combine(RepositoryRoot.Path, "config", "crd"));
        await WaitEstablishedAsync(client, ["todoapps.todo.gitops.dev", "todoappbackups.todo.gitops.dev"], cancellationToken);
        await scripts.KubectlAsync(cancellationToken, "apply", "-k", Path.Combine(RepositoryRoot.Path, "config", "kubernetes-1.20"));
        try
        {
            await scripts.KubectlAsync(cancellationToken, "rollout", "status", "-n", OperatorNamespace, $"deployment/{OperatorDeployment}", "--timeout=180s");
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException($"{e.Message}{Environment.NewLine}{await OperatorDiagnosticsAsync(cancellationToken)}", e);
        }

        await WebhookReadiness.WaitAdmittingAsync(scripts, cancellationToken);
    }

    /// <summary>What a failed install is told by: the operator's pods and the namespace's events (an image the node lacks, a crash).</summary>
    private async Task<string> OperatorDiagnosticsAsync(CancellationToken cancellationToken)
    {
        var pods = await scripts.RunAsync("kubectl", ["--kubeconfig", scripts.Kubeconfig, "get", "pods", "-n", OperatorNamespace, "-o", "wide"], cancellationToken);
        var events = await scripts.RunAsync("kubectl", ["--kubeconfig", scripts.Kubeconfig, "get", "events", "-n", OperatorNamespace, "--sort-by=.lastTimestamp"], cancellationToken);
        return $"{pods.StandardOutput}{pods.StandardError}{events.StandardOutput}{events.StandardError}";
    }

    /// <summary>
    /// Not `kubectl wait --for condition=Established`: kubectl fails instead of waiting while a CRD just created has no
    /// conditions yet, which is how a fast API server leaves it for a moment.
    /// </summary>
    private static Task WaitEstablishedAsync(Kubernetes client, string[] names, CancellationToken cancellationToken) =>
        Eventually.UntilAsync(
            $"the CRDs {string.Join(", ", names)} are Established",
            TimeSpan.FromSeconds(60),
            async token => (await client.ApiextensionsV1.ListCustomResourceDefinitionAsync(cancellationToken: token)).Items
                .Count(crd => names.Contains(crd.Metadata.Name)
                    && crd.Status?.Conditions?.Any(condition => condition is { Type: "Established", Status: "True" }) is true) == names.Length,
            cancellationToken);

    public async ValueTask DisposeAsync()
    {
        client?.Dispose();
        if (skipReason is not null)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= stopOnExit;
        using var timeout = new CancellationTokenSource(StopTimeout);
        var down = await scripts.HackAsync("control-plane.sh", "down", timeout.Token);
        if (!down.Succeeded)
        {
            throw new InvalidOperationException($"hack/control-plane.sh down failed (exit {down.ExitCode}): {down.StandardError}");
        }
    }

    /// <summary>The nodes, by name (so in the order of their zones: a, b, c...).</summary>
    public async Task<IReadOnlyList<V1Node>> NodesAsync(CancellationToken cancellationToken) =>
        [.. (await Client.CoreV1.ListNodeAsync(cancellationToken: cancellationToken)).Items.OrderBy(node => node.Metadata.Name, StringComparer.Ordinal)];

    /// <summary>
    /// Until every node is Ready, schedulable and untainted, the operator has its replicas available and its webhook
    /// admits TodoApps: what the next test may expect, after a test that broke something undid it.
    /// </summary>
    public async Task WaitHealthyAsync(CancellationToken cancellationToken)
    {
        await Eventually.UntilAsync($"all {NodeCount} nodes Ready, schedulable and untainted, and the operator available", HealthyTimeout, async token =>
        {
            var nodes = await NodesAsync(token);
            var operatorDeployment = await Client.AppsV1.ReadNamespacedDeploymentAsync(OperatorDeployment, OperatorNamespace, cancellationToken: token);
            return nodes.Count == NodeCount
                && nodes.All(node => IsReady(node) && node.Spec.Unschedulable != true && (node.Spec.Taints?.Count ?? 0) == 0)
                && operatorDeployment.Status.AvailableReplicas == operatorDeployment.Spec.Replicas
                && operatorDeployment.Status.UpdatedReplicas == operatorDeployment.Spec.Replicas;
        }, cancellationToken);
        await WebhookReadiness.WaitAdmittingAsync(scripts, cancellationToken);
    }

    /// <summary>The operator's pods that are not being deleted.</summary>
    public async Task<IReadOnlyList<V1Pod>> OperatorPodsAsync(CancellationToken cancellationToken) =>
        [.. (await Client.CoreV1.ListNamespacedPodAsync(
            OperatorNamespace, labelSelector: "app.kubernetes.io/name=todo-operator,app.kubernetes.io/component=manager", cancellationToken: cancellationToken))
            .Items.Where(pod => pod.Metadata.DeletionTimestamp is null)];

    public static bool IsReady(V1Node node) => node.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    private void SkipUnlessRunning()
    {
        if (skipReason is not null)
        {
            Assert.Skip(skipReason);
        }
    }

    /// <summary>
    /// Docker clients of this process (Testcontainers reads its settings once, from the environment) use the first node's
    /// engine, where the locally built images are: the `export NAME=value` lines of hack/node.sh env.
    /// </summary>
    private void UseNodeDockerEngine(string exports)
    {
        var variables = exports.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.StartsWith("export ", StringComparison.Ordinal))
            .Select(line => line["export ".Length..].Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1]);
        foreach (var (name, value) in variables)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        Docker = (variables["DOCKER_HOST"], variables["TESTCONTAINERS_HOST_OVERRIDE"]);
    }
}
