using Testcontainers.K3s;

namespace Todo.Operator.IntegrationTests.Cluster;

/// <summary>K3s in a Docker container (Testcontainers), for machines that have a Docker engine.</summary>
internal sealed class K3sContainerCluster(K3sContainer container, string kubeconfigPath) : IClusterBackend
{
    private const string DefaultImage = "rancher/k3s:v1.31.5-k3s1";

    public string Description => $"K3s container ({container.Image.FullName})";

    public string AdminKubeconfigPath => kubeconfigPath;

    public string? AuditLogPath => null;

    public static async Task<K3sContainerCluster> StartAsync(CancellationToken cancellationToken)
    {
        var image = Environment.GetEnvironmentVariable("TODO_K3S_IMAGE") is { Length: > 0 } configured ? configured : DefaultImage;
        var container = new K3sBuilder(image).Build();
        await container.StartAsync(cancellationToken);
        var kubeconfigPath = Path.Combine(Path.GetTempPath(), $"todo-k3s-{Guid.NewGuid():N}.kubeconfig");
        await File.WriteAllTextAsync(kubeconfigPath, await container.GetKubeconfigAsync(), cancellationToken);
        return new K3sContainerCluster(container, kubeconfigPath);
    }

    public async ValueTask DisposeAsync()
    {
        await container.DisposeAsync();
        File.Delete(kubeconfigPath);
    }
}
