using k8s;
using Todo.Operator.IntegrationTests.Cluster;
using Todo.Operator.IntegrationTests.Support;

namespace Todo.Operator.IntegrationTests.Operator;

/// <summary>
/// Both versions served by the real API server with the CRD of config/crd (its conversion webhook the operator's code, run
/// by the test process): a TodoApp written in either reads back in the other, v1alpha1 with its deprecation warning.
/// </summary>
public sealed class ServedVersionsTests(ControlPlaneFixture cluster) : IAsyncLifetime
{
    private string ns = string.Empty;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await TodoAppCrd.EnsureInstalledAsync(cluster);
        ns = await cluster.CreateNamespaceAsync("versions", Cancellation);
    }

    [Fact]
    public async Task An_app_written_in_v1alpha1_reads_back_in_v1beta1_and_a_change_in_v1beta1_reads_back_in_v1alpha1()
    {
        var file = Path.Combine(Path.GetTempPath(), $"{ns}-alpha.yaml");
        await File.WriteAllTextAsync(file, """
            apiVersion: todo.gitops.dev/v1alpha1
            kind: TodoApp
            metadata:
              name: shop
            spec:
              image: {repository: ghcr.io/example/todo-api, tag: 0.1.0}
              autoscaling: {enabled: true, minReplicas: 2, maxReplicas: 4}
              redis:
                password:
                  existingSecret: {name: shop-redis-auth}
            """, Cancellation);

        var (exitCode, _, warning) = await Kubectl.TryRunAsync(cluster.AdminKubeconfigPath, ["apply", "-n", ns, "-f", file], Cancellation);

        Assert.Equal(0, exitCode);
        Assert.Contains("Warning: todo.gitops.dev/v1alpha1 TodoApp is deprecated; use todo.gitops.dev/v1beta1", warning, StringComparison.Ordinal);
        Assert.Equal(
            "todo.gitops.dev/v1beta1 2 4  shop-redis-auth password",
            await GetAsync("todoapps.v1beta1.todo.gitops.dev/shop", "{.apiVersion} {.spec.autoscaling.minReplicas} {.spec.autoscaling.maxReplicas} {.spec.autoscaling.enabled} {.spec.redis.passwordSecretRef.name} {.spec.redis.passwordSecretRef.key}"));

        await Kubectl.RunAsync(cluster.AdminKubeconfigPath, ["patch", "-n", ns, "todoapps.v1beta1.todo.gitops.dev/shop", "--type=json", "-p", """[{"op":"remove","path":"/spec/autoscaling"}]"""], Cancellation);

        Assert.Equal(
            "todo.gitops.dev/v1alpha1 false shop-redis-auth",
            await GetAsync("todoapps.v1alpha1.todo.gitops.dev/shop", "{.apiVersion} {.spec.autoscaling.enabled} {.spec.redis.password.existingSecret.name}"));
    }

    public async ValueTask DisposeAsync() => await cluster.AdminClient.CoreV1.DeleteNamespaceAsync(ns, cancellationToken: CancellationToken.None);

    private async Task<string> GetAsync(string resource, string jsonPath) =>
        (await Kubectl.RunAsync(cluster.AdminKubeconfigPath, ["get", "-n", ns, resource, "-o", $"jsonpath={jsonPath}"], Cancellation)).Trim();
}
