using Todo.Operator.IntegrationTests.Cluster;

namespace Todo.Operator.IntegrationTests.Support;

/// <summary>
/// A kustomization as the test server can hold it: the folder itself, or, on a server without policy/v1 (Kubernetes before
/// 1.21, such as the local control plane's 1.20), an overlay adding config/components/policy-v1beta1, as the README tells
/// users of such clusters. Disposing removes the overlay.
/// </summary>
internal sealed class KustomizationForServer : IDisposable
{
    private readonly string? overlay;

    private KustomizationForServer(string path, string? overlay)
    {
        Path = path;
        this.overlay = overlay;
    }

    /// <summary>The folder to give kubectl -k.</summary>
    public string Path { get; }

    /// <summary>
    /// The kustomization at <paramref name="folder"/> (relative to the repository) for the server of <paramref name="cluster"/>.
    /// <paramref name="withoutWebhookConfiguration"/> leaves out the ValidatingWebhookConfiguration: on a cluster where the
    /// operator's pods never run, it would refuse every TodoApp of every other test ("failed calling webhook").
    /// </summary>
    public static async Task<KustomizationForServer> CreateAsync(
        ControlPlaneFixture cluster, string folder, CancellationToken cancellationToken, bool withoutWebhookConfiguration = false)
    {
        var target = System.IO.Path.Combine(RepositoryRoot.Path, folder);
        var needsPolicyV1Beta1 = ServedApiVersions.For(cluster.ServerVersion).Policy != "v1";
        if (!needsPolicyV1Beta1 && !withoutWebhookConfiguration)
        {
            return new KustomizationForServer(target, null);
        }

        var overlay = Directory.CreateTempSubdirectory("todo-kustomization-").FullName;
        var component = System.IO.Path.Combine(RepositoryRoot.Path, "config", "components", "policy-v1beta1");
        await File.WriteAllTextAsync(
            System.IO.Path.Combine(overlay, "kustomization.yaml"),
            $"""
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            resources:
              - {System.IO.Path.GetRelativePath(overlay, target)}
            components: [{(needsPolicyV1Beta1 ? System.IO.Path.GetRelativePath(overlay, component) : string.Empty)}]
            patches: [{(withoutWebhookConfiguration ? WithoutWebhookConfiguration : string.Empty)}]
            """,
            cancellationToken);
        return new KustomizationForServer(overlay, overlay);
    }

    private const string WithoutWebhookConfiguration =
        "{patch: '{\"$patch\": \"delete\", \"apiVersion\": \"admissionregistration.k8s.io/v1\", \"kind\": \"ValidatingWebhookConfiguration\", \"metadata\": {\"name\": \"todo-operator\"}}'}";

    public void Dispose()
    {
        if (overlay is not null)
        {
            Directory.Delete(overlay, recursive: true);
        }
    }
}
