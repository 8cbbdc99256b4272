using Todo.Operator.IntegrationTests.Cluster;
using Todo.Operator.IntegrationTests.Support;

namespace Todo.Operator.IntegrationTests.Delivery;

/// <summary>
/// The CRDs of ArgoCD, Sealed Secrets and the Prometheus operator that gitops/ uses (Delivery/TestData/crds),
/// installed once per cluster so that the API server can validate those objects.
/// </summary>
internal static class ThirdPartyCrds
{
    private static readonly OncePerCluster Installation = new(InstallAsync);

    public static string Directory => Path.Combine(RepositoryRoot.Path, "tests", "Todo.Operator.IntegrationTests", "Delivery", "TestData", "crds");

    public static Task EnsureInstalledAsync(ControlPlaneFixture cluster) => Installation.EnsureAsync(cluster);

    private static async Task InstallAsync(string kubeconfigPath)
    {
        foreach (var file in System.IO.Directory.GetFiles(Directory, "*.yaml"))
        {
            await Kubectl.RunAsync(kubeconfigPath, ["apply", "--server-side", "-f", file], CancellationToken.None);
        }

        await Kubectl.RunAsync(
            kubeconfigPath,
            ["wait", "--for", "condition=Established", "--timeout=60s", "crd/applications.argoproj.io", "crd/applicationsets.argoproj.io",
             "crd/appprojects.argoproj.io", "crd/sealedsecrets.bitnami.com", "crd/servicemonitors.monitoring.coreos.com",
             "crd/podmonitors.monitoring.coreos.com", "crd/prometheusrules.monitoring.coreos.com"],
            CancellationToken.None);
    }
}
