using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using k8s;
using k8s.Autorest;
using Todo.Operator.Crd;
using Todo.Operator.IntegrationTests.Cluster;
using Todo.Operator.IntegrationTests.Support;

namespace Todo.Operator.IntegrationTests.Operator;

/// <summary>
/// Installs config/crd once per cluster, with kubectl, as the install instructions do; its conversion webhook served by
/// the test process (<see cref="TestConversionWebhook"/>).
/// </summary>
internal static partial class TodoAppCrd
{
    /// <summary>
    /// The quantity pattern of the CRD up to 0.1.0 (controller-gen's): it accepts a fractional exponent ("1e1.5") and an
    /// exponent of any length ("1e999999999"), which the client library cannot parse, or parses for hours.
    /// </summary>
    public const string LegacyQuantityPattern =
        @"^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$";

    private static readonly OncePerCluster Installation = new(kubeconfigPath => InstallAsync(kubeconfigPath, CrdPath));
    private static readonly OncePerCluster AsInConfig = new(kubeconfigPath => InstallAsync(kubeconfigPath, CrdPath, testConversion: false));
    private static readonly SemaphoreSlim SchemaChange = new(1, 1);

    private static string CrdPath => Path.Combine(RepositoryRoot.Path, "config", "crd", "todo.gitops.dev_todoapps.yaml");

    private static string BackupCrdPath => Path.Combine(RepositoryRoot.Path, "config", "crd", "todo.gitops.dev_todoappbackups.yaml");

    public static Task EnsureInstalledAsync(ControlPlaneFixture cluster) => Installation.EnsureAsync(cluster);

    /// <summary>
    /// config/crd exactly as it is, its conversion webhook sent to the operator's Service, which no pod serves here: for a
    /// cluster that holds and reads TodoApps in the storage version only (the GitOps dry runs apply the CRD as ArgoCD does).
    /// </summary>
    public static Task EnsureInstalledAsInConfigAsync(ControlPlaneFixture cluster) => AsInConfig.EnsureAsync(cluster);

    /// <summary>
    /// Runs <paramref name="body"/> while the API server validates TodoApps with the legacy quantity pattern, as a
    /// cluster does that still runs the CRD of 0.1.0 (or stored its TodoApps under it), then installs config/crd again.
    /// One test at a time: tests that rely on the current patterns rejecting a value run under <see cref="WithCurrentSchemaAsync"/>.
    /// </summary>
    public static async Task WithLegacySchemaAsync(ControlPlaneFixture cluster, Func<Task> body)
    {
        await EnsureInstalledAsync(cluster);
        await SchemaChange.WaitAsync(CancellationToken.None);
        var legacy = Path.Combine(Path.GetTempPath(), $"todoapps-legacy-{Guid.NewGuid():N}.yaml");
        try
        {
            var yaml = await File.ReadAllTextAsync(CrdPath, CancellationToken.None);
            await File.WriteAllTextAsync(legacy, QuantityPatterns().Replace(yaml, $"pattern: {LegacyQuantityPattern}"), CancellationToken.None);
            await InstallAsync(cluster.AdminKubeconfigPath, legacy);
            await Eventually.UntilAsync("the API server validates TodoApps with the legacy schema", token => AcceptsAsync(cluster, "1e1.5", token), CancellationToken.None);
            await body();
        }
        finally
        {
            File.Delete(legacy);
            await InstallAsync(cluster.AdminKubeconfigPath, CrdPath);
            await Eventually.UntilAsync(
                "the API server validates TodoApps with the current schema again", async token => !await AcceptsAsync(cluster, "1e1.5", token), CancellationToken.None);
            SchemaChange.Release();
        }
    }

    /// <summary>Runs <paramref name="body"/> while no test has swapped in the legacy schema.</summary>
    public static async Task WithCurrentSchemaAsync(ControlPlaneFixture cluster, Func<Task> body)
    {
        await EnsureInstalledAsync(cluster);
        await SchemaChange.WaitAsync(CancellationToken.None);
        try
        {
            await body();
        }
        finally
        {
            SchemaChange.Release();
        }
    }

    /// <summary>Whether the API server would store a TodoApp with <paramref name="memory"/> as a memory limit (a server-side dry run).</summary>
    private static async Task<bool> AcceptsAsync(ControlPlaneFixture cluster, string memory, CancellationToken cancellationToken)
    {
        var app = new
        {
            apiVersion = $"{TodoApp.Group}/{TodoApp.Version}",
            kind = "TodoApp",
            metadata = new { name = "schema-probe", @namespace = "default" },
            spec = new { image = new { repository = "ghcr.io/example/todo-api", tag = "0.1.0" }, resources = new { limits = new { memory } } },
        };
        try
        {
            await cluster.AdminClient.CustomObjects.CreateNamespacedCustomObjectAsync<JsonElement>(
                TestJson.Node(app), TodoApp.Group, TodoApp.Version, "default", TodoApp.Plural, dryRun: "All", cancellationToken: cancellationToken);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.UnprocessableEntity)
        {
            return false;
        }
    }

    private static async Task InstallAsync(string kubeconfigPath, string crd, bool testConversion = true)
    {
        // Conversion reviews go to the test process (TestConversionWebhook), not to the operator's Service.
        var forTests = Path.Combine(Path.GetTempPath(), $"todoapps-{Guid.NewGuid():N}.yaml");
        var yaml = await File.ReadAllTextAsync(crd, CancellationToken.None);
        await File.WriteAllTextAsync(forTests, testConversion ? await TestConversionWebhook.RewriteAsync(yaml) : yaml, CancellationToken.None);
        try
        {
            await Kubectl.RunAsync(kubeconfigPath, ["apply", "--server-side", "--force-conflicts", "-f", forTests], CancellationToken.None);
        }
        finally
        {
            File.Delete(forTests);
        }

        // The operator's other kind, TodoAppBackup, which it needs to start: one version, no conversion.
        await Kubectl.RunAsync(kubeconfigPath, ["apply", "--server-side", "--force-conflicts", "-f", BackupCrdPath], CancellationToken.None);
        await EstablishedCrds.WaitAsync(kubeconfigPath, [TodoApp.CustomResourceDefinitionName, "todoappbackups.todo.gitops.dev"], CancellationToken.None);
    }

    /// <summary>The pattern lines of the quantity maps (resources.limits and resources.requests): the only ones that allow an exponent.</summary>
    [GeneratedRegex(@"pattern: .*\[eE\].*$", RegexOptions.Multiline)]
    private static partial Regex QuantityPatterns();
}
