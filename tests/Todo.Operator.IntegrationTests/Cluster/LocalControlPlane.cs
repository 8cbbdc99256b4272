namespace Todo.Operator.IntegrationTests.Cluster;

/// <summary>
/// etcd + kube-apiserver + kube-controller-manager started by hack/control-plane.sh from
/// KUBEBUILDER_ASSETS (or the script's cache), with a data folder of its own.
/// </summary>
internal sealed class LocalControlPlane : IClusterBackend
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly ControlPlaneScript script;
    private readonly EventHandler stopOnExit;

    private LocalControlPlane(ControlPlaneScript script)
    {
        this.script = script;
        stopOnExit = (_, _) => script.Run("down", StopTimeout);
        AppDomain.CurrentDomain.ProcessExit += stopOnExit;
    }

    public string Description => "local control plane (etcd + kube-apiserver + kube-controller-manager)";

    public string AdminKubeconfigPath => Path.Combine(script.StateDirectory, "kubeconfig");

    public string? AuditLogPath => Path.Combine(script.StateDirectory, "audit.log");

    public static async Task<bool> BinariesAvailableAsync(CancellationToken cancellationToken)
    {
        var result = await new ControlPlaneScript(NewStateDirectory()).RunAsync("assets", cancellationToken);
        return result.Succeeded;
    }

    public static async Task<LocalControlPlane> StartAsync(CancellationToken cancellationToken)
    {
        var script = new ControlPlaneScript(NewStateDirectory());
        var controlPlane = new LocalControlPlane(script);
        var result = await script.RunAsync("up", cancellationToken);
        if (!result.Succeeded)
        {
            await controlPlane.DisposeAsync();
            throw new InvalidOperationException(
                $"hack/control-plane.sh up failed (exit {result.ExitCode}); if the binaries are missing run `make control-plane`.{Environment.NewLine}{result.StandardError}");
        }

        return controlPlane;
    }

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= stopOnExit;
        using var timeout = new CancellationTokenSource(StopTimeout);
        var result = await script.RunAsync("down", timeout.Token);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"hack/control-plane.sh down failed (exit {result.ExitCode}): {result.StandardError}");
        }
    }

    private static string NewStateDirectory() =>
        Path.Combine(Path.GetTempPath(), $"todo-control-plane-{Environment.ProcessId}-{Guid.NewGuid():N}"[..48]);
}
