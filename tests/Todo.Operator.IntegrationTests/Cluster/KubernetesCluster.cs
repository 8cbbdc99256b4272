using System.Text.RegularExpressions;
using k8s;
using k8s.Models;

namespace Todo.Operator.IntegrationTests.Cluster;

/// <summary>A running cluster the tests talk to through an admin client, whichever backend runs it.</summary>
public sealed partial class KubernetesCluster : IAsyncDisposable
{
    internal const string FieldManager = "todo-integration-tests";

    private readonly IClusterBackend backend;

    private KubernetesCluster(IClusterBackend backend, IKubernetes adminClient, string serverVersion)
    {
        this.backend = backend;
        AdminClient = adminClient;
        ServerVersion = serverVersion;
    }

    public string Description => backend.Description;

    /// <summary>A client in group system:masters, for setting tests up.</summary>
    public IKubernetes AdminClient { get; }

    public string AdminKubeconfigPath => backend.AdminKubeconfigPath;

    /// <summary>The API server's audit log (JSON lines, Metadata level), or null when the backend keeps none (K3s).</summary>
    public string? AuditLogPath => backend.AuditLogPath;

    /// <summary>The API server's gitVersion, e.g. v1.20.2.</summary>
    public string ServerVersion { get; }

    internal static async Task<KubernetesCluster> ConnectAsync(IClusterBackend backend, CancellationToken cancellationToken)
    {
        Kubernetes? client = null;
        try
        {
            client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(backend.AdminKubeconfigPath));
            var version = await client.Version.GetCodeAsync(cancellationToken);
            return new KubernetesCluster(backend, client, version.GitVersion);
        }
        catch
        {
            client?.Dispose();
            await backend.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates a namespace with a unique name starting with <paramref name="prefix"/> and returns its name.</summary>
    public async Task<string> CreateNamespaceAsync(string prefix, CancellationToken cancellationToken)
    {
        var stem = NotDnsLabel().Replace(prefix.ToLowerInvariant(), "-").Trim('-') is { Length: > 0 } valid ? valid : "test";
        var name = $"{stem[..Math.Min(stem.Length, 40)].TrimEnd('-')}-{Guid.NewGuid().ToString("N")[..8]}";
        var created = await AdminClient.CoreV1.CreateNamespaceAsync(
            new V1Namespace { Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["todo.gitops.dev/test"] = "true" } } },
            cancellationToken: cancellationToken);
        return created.Name();
    }

    /// <summary>
    /// Creates ServiceAccount <paramref name="name"/> in <paramref name="namespace"/>, applies the Roles and
    /// ClusterRoles found in <paramref name="rbacYamlFiles"/> and binds each of them to it, and returns a client
    /// and kubeconfig authenticated as that ServiceAccount (a TokenRequest token).
    /// </summary>
    public Task<ServiceAccountIdentity> CreateServiceAccountAsync(
        string @namespace, string name, IReadOnlyCollection<string> rbacYamlFiles, CancellationToken cancellationToken) =>
        ServiceAccountIdentity.CreateAsync(this, @namespace, name, rbacYamlFiles, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        AdminClient.Dispose();
        await backend.DisposeAsync();
    }

    [GeneratedRegex("[^a-z0-9-]+")]
    private static partial Regex NotDnsLabel();
}
