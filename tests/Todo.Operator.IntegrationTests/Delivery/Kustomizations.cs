using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Todo.Operator.IntegrationTests.Cluster;
using Todo.Operator.IntegrationTests.Support;

namespace Todo.Operator.IntegrationTests.Delivery;

/// <summary>The kustomizations under gitops/ that ArgoCD or the bootstrap script applies, rendered as kubectl renders them.</summary>
internal static class Kustomizations
{
    public static IReadOnlyList<string> Applied { get; } =
    [
        "gitops/operator",
        "gitops/monitoring",
        "gitops/environments/dev",
        "gitops/environments/staging",
        "gitops/environments/production",
        "gitops/argocd/apps",
        "gitops/argocd/bootstrap",
        "gitops/argocd/monitoring-stack",
    ];

    /// <summary>Built from a remote base (ArgoCD's release manifests), so only where the internet is reachable.</summary>
    public static IReadOnlyList<string> Remote { get; } = ["gitops/argocd/install"];

    /// <summary>
    /// Every object of the kustomization at <paramref name="path"/> (relative to the repository), as JSON: rendered by
    /// <c>kubectl kustomize</c> as the test server can hold it (<see cref="KustomizationForServer"/>), converted by kubectl's
    /// own YAML reader (a client-side dry run without validation).
    /// </summary>
    public static async Task<IReadOnlyList<JsonObject>> RenderAsync(ControlPlaneFixture cluster, string path, CancellationToken cancellationToken)
    {
        var kubeconfigPath = cluster.AdminKubeconfigPath;
        using var kustomization = await KustomizationForServer.CreateAsync(cluster, path, cancellationToken);
        var yaml = await Kubectl.RunAsync(kubeconfigPath, ["kustomize", kustomization.Path], cancellationToken);
        var file = Path.Combine(Path.GetTempPath(), $"rendered-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, yaml, cancellationToken);
        try
        {
            var json = await Kubectl.RunAsync(kubeconfigPath, ["create", "--dry-run=client", "--validate=false", "-o", "json", "-f", file], cancellationToken);
            return await ParseStreamAsync(json, cancellationToken);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>kubectl prints one JSON object after the other.</summary>
    public static async Task<IReadOnlyList<JsonObject>> ParseStreamAsync(string json, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        var objects = new List<JsonObject>();
        await foreach (var obj in JsonSerializer.DeserializeAsyncEnumerable<JsonObject>(stream, topLevelValues: true, cancellationToken: cancellationToken))
        {
            objects.Add(obj ?? throw new InvalidOperationException("kubectl printed a null object"));
        }

        return objects;
    }
}
