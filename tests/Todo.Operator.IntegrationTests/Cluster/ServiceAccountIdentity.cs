using k8s;
using k8s.KubeConfigModels;
using k8s.Models;

namespace Todo.Operator.IntegrationTests.Cluster;

/// <summary>A ServiceAccount bound to the roles under test, with a client that authenticates as it.</summary>
public sealed class ServiceAccountIdentity : IDisposable
{
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(24);

    private ServiceAccountIdentity(string @namespace, string name, string kubeconfigPath, IKubernetes client)
    {
        Namespace = @namespace;
        Name = name;
        KubeconfigPath = kubeconfigPath;
        Client = client;
    }

    public string Namespace { get; }

    public string Name { get; }

    /// <summary>The user name the API server (and its audit log) knows this identity by.</summary>
    public string UserName => $"system:serviceaccount:{Namespace}:{Name}";

    public string KubeconfigPath { get; }

    public IKubernetes Client { get; }

    internal static async Task<ServiceAccountIdentity> CreateAsync(
        KubernetesCluster cluster, string @namespace, string name, IReadOnlyCollection<string> rbacYamlFiles, CancellationToken cancellationToken)
    {
        var admin = cluster.AdminClient;
        await admin.CoreV1.CreateNamespacedServiceAccountAsync(
            new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = @namespace } },
            @namespace,
            cancellationToken: cancellationToken);
        var subject = new Rbacv1Subject { Kind = "ServiceAccount", Name = name, NamespaceProperty = @namespace };
        foreach (var file in rbacYamlFiles)
        {
            await RoleBinder.ApplyAndBindAsync(admin, file, @namespace, subject, cancellationToken);
        }

        var token = await admin.CoreV1.CreateNamespacedServiceAccountTokenAsync(
            new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { Audiences = [], ExpirationSeconds = (long)TokenLifetime.TotalSeconds } },
            name,
            @namespace,
            cancellationToken: cancellationToken);
        var userName = $"system:serviceaccount:{@namespace}:{name}";
        var kubeconfigPath = Path.Combine(
            Path.GetDirectoryName(cluster.AdminKubeconfigPath) ?? Path.GetTempPath(), $"{@namespace}-{name}.kubeconfig");
        await WriteKubeconfigAsync(cluster.AdminKubeconfigPath, kubeconfigPath, userName, token.Status.Token, @namespace, cancellationToken);
        var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfigPath));
        return new ServiceAccountIdentity(@namespace, name, kubeconfigPath, client);
    }

    public void Dispose()
    {
        Client.Dispose();
        File.Delete(KubeconfigPath);
    }

    /// <summary>The admin kubeconfig's server and TLS settings with the ServiceAccount's token as the user.</summary>
    private static async Task WriteKubeconfigAsync(
        string adminKubeconfigPath, string path, string userName, string token, string @namespace, CancellationToken cancellationToken)
    {
        var admin = await KubernetesClientConfiguration.LoadKubeConfigAsync(new FileInfo(adminKubeconfigPath));
        var adminContext = admin.Contexts.Single(c => c.Name == admin.CurrentContext);
        var cluster = admin.Clusters.Single(c => c.Name == adminContext.ContextDetails.Cluster);
        var config = new K8SConfiguration
        {
            Clusters = [cluster],
            Users = [new User { Name = userName, UserCredentials = new UserCredentials { Token = token } }],
            Contexts = [new Context { Name = userName, ContextDetails = new ContextDetails { Cluster = cluster.Name, User = userName, Namespace = @namespace } }],
            CurrentContext = userName,
        };
        await File.WriteAllTextAsync(path, KubernetesYaml.Serialize(config), cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
