using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Todo.Operator.Generation;

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
        var admin = KubernetesObjectYaml.Load(await File.ReadAllTextAsync(adminKubeconfigPath, cancellationToken)).Json;
        var currentContext = (string?)admin["current-context"];
        var adminContext = admin["contexts"]!.AsArray().Single(context => (string?)context!["name"] == currentContext)!;
        var clusterName = (string?)adminContext["context"]!["cluster"];
        var cluster = admin["clusters"]!.AsArray().Single(cluster => (string?)cluster!["name"] == clusterName)!;
        var config = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Config",
            ["clusters"] = new JsonArray(cluster.DeepClone()),
            ["users"] = new JsonArray(new JsonObject { ["name"] = userName, ["user"] = new JsonObject { ["token"] = token } }),
            ["contexts"] = new JsonArray(new JsonObject
            {
                ["name"] = userName,
                ["context"] = new JsonObject { ["cluster"] = clusterName, ["user"] = userName, ["namespace"] = @namespace },
            }),
            ["current-context"] = userName,
        };
        await File.WriteAllTextAsync(path, KubernetesObjectYaml.Serialize(config), cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
