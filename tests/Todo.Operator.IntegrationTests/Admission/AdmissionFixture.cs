using k8s;
using Todo.Operator.IntegrationTests.Cluster;
using Todo.Operator.IntegrationTests.Operator;
using Todo.Operator.IntegrationTests.Support;

namespace Todo.Operator.IntegrationTests.Admission;

/// <summary>
/// Two operator replicas on one Lease, each serving the webhook with the certificate the operator issued itself, and the
/// webhook configuration of config/webhook sent to the standby: every admission of these tests shows that a replica
/// that does not lead answers. The webhook checks <see cref="Checked"/>; <see cref="Unchecked"/> is watched by the
/// operator but not checked by the webhook, as a namespace is whose TodoApps were stored before the webhook existed.
/// </summary>
public sealed class AdmissionFixture(ControlPlaneFixture cluster) : IAsyncLifetime
{
    private const string LeaseName = "todo-operator-leader";

    private OperatorNamespace? space;
    private TestWebhookConfiguration? webhook;

    internal OperatorNamespace Space => space ?? throw NotInitialised();

    internal string Checked => Space.Name;

    internal string Unchecked { get; private set; } = string.Empty;

    internal OperatorProcess Leader { get; private set; } = null!;

    internal OperatorProcess Standby { get; private set; } = null!;

    internal TestWebhookConfiguration Webhook => webhook ?? throw NotInitialised();

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        space = await OperatorNamespace.CreateAsync(cluster, "admission", cancellationToken);
        Unchecked = await cluster.CreateNamespaceAsync("unchecked", cancellationToken);
        (_, Leader) = await Space.StartOperatorAsync("operator-a", Replica, cancellationToken);
        await Eventually.UntilAsync(
            "the first replica holds the Lease",
            // No Lease yet until the replica has started (slow on a busy machine): not found is "not yet".
            async token => (await NotFound.AsNullAsync(() => Space.Admin.CoordinationV1.ReadNamespacedLeaseAsync(LeaseName, Space.Name, cancellationToken: token)))
                ?.Spec.HolderIdentity?.StartsWith("operator-a_", StringComparison.Ordinal) is true,
            cancellationToken);
        (_, Standby) = await Space.StartOperatorAsync("operator-b", Replica, cancellationToken);
        webhook = await TestWebhookConfiguration.InstallAsync(Space.Admin, Standby.Settings.Webhook!.Port, Checked, cancellationToken);
        await Eventually.UntilAsync(
            "the API server calls the standby's webhook and trusts its certificate",
            token => Admissions.WebhookRefusesAsync(Space.Admin, Checked, token),
            cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (webhook is not null)
        {
            await webhook.DisposeAsync();
        }

        if (space is not null)
        {
            await space.DisposeAsync();
            await Space.Admin.CoreV1.DeleteNamespaceAsync(Unchecked, cancellationToken: CancellationToken.None);
        }
    }

    private OperatorSettings Replica(OperatorSettings settings) => settings with
    {
        Lease = LeaseTimings.Short,
        WatchNamespaces = [settings.Namespace, Unchecked],
        Webhook = new WebhookSettings(OperatorProcess.FreePort()) { CheckInterval = TimeSpan.FromSeconds(2) },
    };

    private static InvalidOperationException NotInitialised() => new("The admission fixture was not initialised.");
}
