using Todo.Operator.IntegrationTests.Cluster;
using Todo.Operator.IntegrationTests.Support;

namespace Todo.Operator.IntegrationTests.Delivery;

/// <summary>
/// The upstream CRDs of ArgoCD, Sealed Secrets and the Prometheus operator that gitops/ uses, and cert-manager's that
/// config/components/cert-manager uses (Delivery/TestData/crds), installed once per cluster so that the API server can
/// validate those objects.
/// </summary>
internal static class ThirdPartyCrds
{
    private static readonly OncePerCluster Installation = new(InstallAsync);

    private static readonly string[] Names =
    [
        "applications.argoproj.io", "applicationsets.argoproj.io", "appprojects.argoproj.io", "sealedsecrets.bitnami.com",
        "servicemonitors.monitoring.coreos.com", "podmonitors.monitoring.coreos.com", "prometheusrules.monitoring.coreos.com",
        "certificates.cert-manager.io", "issuers.cert-manager.io",
    ];

    public static string Directory => Path.Combine(RepositoryRoot.Path, "tests", "Todo.Operator.IntegrationTests", "Delivery", "TestData", "crds");

    /// <summary>
    /// cert-manager's CRDs only, for the tests of what the operator asks of cert-manager: the others would switch on the
    /// optional ServiceMonitor child for every test.
    /// </summary>
    private static readonly OncePerCluster CertManagerInstallation = new(async kubeconfigPath =>
    {
        foreach (var crd in new[] { "cert-manager.io_certificates.yaml", "cert-manager.io_issuers.yaml" })
        {
            await Kubectl.RunAsync(kubeconfigPath, ["apply", "--server-side", "-f", Path.Combine(Directory, crd)], CancellationToken.None);
        }

        await EstablishedCrds.WaitAsync(kubeconfigPath, ["certificates.cert-manager.io", "issuers.cert-manager.io"], CancellationToken.None);
    });

    public static Task EnsureInstalledAsync(ControlPlaneFixture cluster) => Installation.EnsureAsync(cluster);

    public static Task EnsureCertManagerInstalledAsync(ControlPlaneFixture cluster) => CertManagerInstallation.EnsureAsync(cluster);

    private static async Task InstallAsync(string kubeconfigPath)
    {
        foreach (var file in System.IO.Directory.GetFiles(Directory, "*.yaml"))
        {
            await Kubectl.RunAsync(kubeconfigPath, ["apply", "--server-side", "-f", file], CancellationToken.None);
        }

        await EstablishedCrds.WaitAsync(kubeconfigPath, Names, CancellationToken.None);
    }
}
