using Todo.Operator.IntegrationTests.Cluster;
using Todo.Operator.IntegrationTests.Support;

namespace Todo.Operator.IntegrationTests.Operator;

/// <summary>Installs config/crd once per cluster, with kubectl, as the install instructions do.</summary>
internal static class TodoAppCrd
{
    private static readonly OncePerCluster Installation = new(InstallAsync);

    public static Task EnsureInstalledAsync(ControlPlaneFixture cluster) => Installation.EnsureAsync(cluster);

    private static async Task InstallAsync(string kubeconfigPath)
    {
        var crd = Path.Combine(RepositoryRoot.Path, "config", "crd", "todo.gitops.dev_todoapps.yaml");
        await Kubectl.RunAsync(kubeconfigPath, ["apply", "--server-side", "-f", crd], CancellationToken.None);
        await Kubectl.RunAsync(
            kubeconfigPath, ["wait", "--for", "condition=Established", "--timeout=60s", "crd/todoapps.todo.gitops.dev"], CancellationToken.None);
    }
}
