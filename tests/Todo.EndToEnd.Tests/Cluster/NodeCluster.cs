using k8s;
using Todo.EndToEnd.Tests.Support;

namespace Todo.EndToEnd.Tests.Cluster;

/// <summary>
/// The cluster of the end-to-end tests (an xunit assembly fixture): hack/control-plane.sh up --node in a folder of
/// its own, then the operator installed from its image through config/crd and config/default (config/kubernetes-1.20,
/// its variant for this 1.20 node), as a user would. On a machine that cannot run the node (hack/node.sh says why)
/// every test is skipped with that reason; a node that should start but does not fails them.
/// </summary>
public sealed class NodeCluster : IAsyncLifetime
{
    public const string OperatorNamespace = "todo-operator-system";

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    private readonly Scripts scripts = new(Path.Combine(Path.GetTempPath(), $"todo-e2e-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]));
    private readonly EventHandler stopOnExit;
    private Kubernetes? client;
    private string? skipReason;

    public NodeCluster() => stopOnExit = (_, _) => scripts.Run("bash", [Path.Combine(RepositoryRoot.Path, "hack", "control-plane.sh"), "down"], StopTimeout);

    /// <summary>An admin client; skips the calling test when this machine cannot run the node.</summary>
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

    /// <summary>The node's private Docker engine (DOCKER_HOST form) and the node's address, where its published ports are.</summary>
    public (string DockerHost, string Address)? Docker { get; private set; }

    /// <summary>Why the node does not run here, or null.</summary>
    public string? SkipReason => skipReason;

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var reason = (await scripts.HackAsync("node.sh", "unavailable-reason", cancellationToken)).StandardOutput.Trim();
        if (reason.Length > 0)
        {
            skipReason = $"This machine cannot run the local node: {reason}.";
            return;
        }

        AppDomain.CurrentDomain.ProcessExit += stopOnExit;
        var up = await scripts.HackAsync("control-plane.sh", "up --node", cancellationToken);
        if (!up.Succeeded)
        {
            throw new InvalidOperationException($"hack/control-plane.sh up --node failed (exit {up.ExitCode}):{Environment.NewLine}{up.StandardError}");
        }

        client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(scripts.Kubeconfig));
        UseNodeDockerEngine((await scripts.HackAsync("node.sh", "env", cancellationToken)).StandardOutput);

        // As the README installs: the CRD on its own, then the operator; config/kubernetes-1.20 is config/default for this 1.20 node.
        await scripts.KubectlAsync(cancellationToken, "apply", "--server-side", "-k", Path.Combine(RepositoryRoot.Path, "config", "crd"));
        await scripts.KubectlAsync(cancellationToken, "wait", "--for", "condition=Established", "--timeout=60s", "crd/todoapps.todo.gitops.dev");
        await scripts.KubectlAsync(cancellationToken, "apply", "-k", Path.Combine(RepositoryRoot.Path, "config", "kubernetes-1.20"));
        await scripts.KubectlAsync(cancellationToken, "rollout", "status", "-n", OperatorNamespace, "deployment/todo-operator", "--timeout=180s");
    }

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

    private void SkipUnlessRunning()
    {
        if (skipReason is not null)
        {
            Assert.Skip(skipReason);
        }
    }

    /// <summary>
    /// Docker clients of this process (Testcontainers reads its settings once, from the environment) use the node's
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
