using k8s;

namespace Todo.Testing;

/// <summary>
/// Waits for CustomResourceDefinitions to be Established. Not `kubectl wait --for condition=Established`: kubectl fails
/// instead of waiting while a CRD just created has no conditions yet, which is how a fast API server leaves it for a moment.
/// </summary>
internal static class EstablishedCrds
{
    public static Task WaitAsync(IKubernetes client, IReadOnlyCollection<string> names, CancellationToken cancellationToken) =>
        Eventually.UntilAsync(
            $"the CRDs {string.Join(", ", names)} are Established",
            async token => (await client.ApiextensionsV1.ListCustomResourceDefinitionAsync(cancellationToken: token)).Items
                .Count(crd => names.Contains(crd.Metadata.Name)
                    && crd.Status?.Conditions?.Any(condition => condition is { Type: "Established", Status: "True" }) is true) == names.Count,
            cancellationToken);

    public static async Task WaitAsync(string kubeconfigPath, IReadOnlyCollection<string> names, CancellationToken cancellationToken)
    {
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfigPath));
        await WaitAsync(client, names, cancellationToken);
    }
}
