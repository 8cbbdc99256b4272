using k8s;
using k8s.Autorest;
using k8s.Models;
using Todo.EndToEnd.Tests.Cluster;
using Todo.EndToEnd.Tests.Support;

namespace Todo.EndToEnd.Tests.Scenarios;

/// <summary>
/// The cluster enforces the "restricted" Pod Security Standard (with a PodSecurityPolicy: Kubernetes 1.20 has no
/// Pod Security admission), so the operator's pods run under it by being admitted, not by convention.
/// </summary>
public sealed class PodSecurityTests(NodeCluster cluster)
{
    [Fact]
    public async Task A_pod_that_breaks_the_restricted_profile_is_refused()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var name = $"psp-{Guid.NewGuid():N}"[..10];
        await cluster.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } }, cancellationToken: cancellationToken);
        try
        {
            // Until its token exists, the ServiceAccount admission answers 500 ("retry after the token is automatically
            // created") before the PodSecurityPolicy is even asked.
            await Eventually.UntilAsync("the namespace's default ServiceAccount has its token", TimeSpan.FromMinutes(1), async token =>
                (await cluster.Client.CoreV1.ReadNamespacedServiceAccountAsync("default", name, cancellationToken: token)).Secrets is { Count: > 0 },
                cancellationToken);
            var root = new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = "root" },
                Spec = new V1PodSpec
                {
                    Containers = [new V1Container { Name = "root", Image = "ghcr.io/example/todo-operator:0.1.0", SecurityContext = new V1SecurityContext { RunAsUser = 0, Privileged = true } }],
                },
            };

            var refused = await Assert.ThrowsAsync<HttpOperationException>(() => cluster.Client.CoreV1.CreateNamespacedPodAsync(root, name, cancellationToken: cancellationToken));

            Assert.Equal(System.Net.HttpStatusCode.Forbidden, refused.Response.StatusCode);
            Assert.Contains("PodSecurityPolicy", refused.Response.Content, StringComparison.Ordinal);
            Assert.Contains("Privileged containers are not allowed", refused.Response.Content, StringComparison.Ordinal);
        }
        finally
        {
            await cluster.Client.CoreV1.DeleteNamespaceAsync(name, cancellationToken: CancellationToken.None);
        }
    }
}
