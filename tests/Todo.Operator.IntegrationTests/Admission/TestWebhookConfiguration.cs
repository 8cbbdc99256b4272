using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Todo.Operator.Generation;

namespace Todo.Operator.IntegrationTests.Admission;

/// <summary>
/// The ValidatingWebhookConfiguration of config/webhook as a test installs it: under its installed name (the operator's
/// RBAC grants that name only), sent to an operator process on loopback (<c>clientConfig.url</c> instead of the Service,
/// which has no pods here), and for the test's namespaces only (a label), so that no other test's TodoApps depend on it.
/// The name is cluster-wide: one test class at a time (<see cref="AdmissionWebhookTests"/>). Disposing deletes it.
/// </summary>
internal sealed class TestWebhookConfiguration : IAsyncDisposable
{
    public const string SelectorLabel = "todo.gitops.dev/admission-test";

    private readonly IKubernetes admin;

    private TestWebhookConfiguration(IKubernetes admin, V1ValidatingWebhookConfiguration installed)
    {
        this.admin = admin;
        Installed = installed;
    }

    public static string ManifestPath => Path.Combine(RepositoryRoot.Path, "config", "webhook", "validating_webhook.yaml");

    /// <summary>The manifest as the repository has it.</summary>
    public static V1ValidatingWebhookConfiguration Manifest => KubernetesObjectYaml.Deserialize<V1ValidatingWebhookConfiguration>(File.ReadAllText(ManifestPath));

    public V1ValidatingWebhookConfiguration Installed { get; }

    public string Name => Installed.Metadata.Name;

    /// <summary>The webhook's path, as config/webhook sends it to the Service.</summary>
    public static string WebhookPath => Manifest.Webhooks.Single().ClientConfig.Service.Path;

    /// <summary>Installs config/webhook's configuration sending to <paramref name="port"/> on loopback, checking <paramref name="selectedNamespace"/>.</summary>
    public static async Task<TestWebhookConfiguration> InstallAsync(IKubernetes admin, int port, string selectedNamespace, CancellationToken cancellationToken)
    {
        var configuration = Manifest;
        foreach (var webhook in configuration.Webhooks)
        {
            webhook.ClientConfig = new Admissionregistrationv1WebhookClientConfig { Url = Url(port) };
            webhook.NamespaceSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [SelectorLabel] = selectedNamespace } };
        }

        await SelectAsync(admin, selectedNamespace, selectedNamespace, cancellationToken);
        await DeleteAsync(admin, configuration.Metadata.Name, cancellationToken);
        return new TestWebhookConfiguration(admin, await admin.AdmissionregistrationV1.CreateValidatingWebhookConfigurationAsync(configuration, cancellationToken: cancellationToken));
    }

    /// <summary>Has the webhook check <paramref name="ns"/> too (the label of <paramref name="selectedNamespace"/>).</summary>
    public static Task SelectAsync(IKubernetes admin, string ns, string selectedNamespace, CancellationToken cancellationToken) =>
        admin.CoreV1.PatchNamespaceAsync(
            TestJson.Patch(new { metadata = new { labels = new Dictionary<string, string> { [SelectorLabel] = selectedNamespace } } }, V1Patch.PatchType.MergePatch),
            ns,
            cancellationToken: cancellationToken);

    /// <summary>Sends the webhook to another operator process.</summary>
    public Task PointAtAsync(int port, CancellationToken cancellationToken) =>
        admin.AdmissionregistrationV1.PatchValidatingWebhookConfigurationAsync(
            new V1Patch($$"""[{"op":"replace","path":"/webhooks/0/clientConfig/url","value":"{{Url(port)}}"}]""", V1Patch.PatchType.JsonPatch),
            Name,
            cancellationToken: cancellationToken);

    /// <summary>The caBundle as the operator (or cert-manager's CA injector) published it.</summary>
    public async Task<byte[]?> CaBundleAsync(CancellationToken cancellationToken) =>
        (await admin.AdmissionregistrationV1.ReadValidatingWebhookConfigurationAsync(Name, cancellationToken: cancellationToken)).Webhooks.Single().ClientConfig.CaBundle;

    public async ValueTask DisposeAsync() => await DeleteAsync(admin, Name, CancellationToken.None);

    private static string Url(int port) => $"https://127.0.0.1:{port}{WebhookPath}";

    private static async Task DeleteAsync(IKubernetes admin, string name, CancellationToken cancellationToken)
    {
        try
        {
            await admin.AdmissionregistrationV1.DeleteValidatingWebhookConfigurationAsync(name, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.NotFound)
        {
            // Not there (left by nothing, or deleted by the test).
        }
    }
}
