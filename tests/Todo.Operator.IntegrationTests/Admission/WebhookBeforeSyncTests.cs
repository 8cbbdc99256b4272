using System.Net;
using Todo.Operator.IntegrationTests.Cluster;
using Todo.Operator.IntegrationTests.Operator;
using Todo.Operator.IntegrationTests.Runtime;

namespace Todo.Operator.IntegrationTests.Admission;

/// <summary>
/// The webhook does not wait for the informers: a replica whose list of TodoApps the API server keeps failing (not ready,
/// its caches not synced) answers admissions all the same. With the conversion webhook, the API server may need exactly
/// that to answer the informers' own lists.
/// </summary>
[Collection(AdmissionWebhookTests.Name)]
public sealed class WebhookBeforeSyncTests(ControlPlaneFixture cluster) : OwnOperatorTest(cluster, "before-sync")
{
    [Fact]
    public async Task A_replica_whose_informers_have_not_synced_answers_the_webhook()
    {
        await using var proxy = await ApiServerFaultProxy.StartAsync(Cancellation);
        proxy.Fail(HttpStatusCode.ServiceUnavailable, pathContains: "/todoapps");
        var port = OperatorProcess.FreePort();
        var (_, replica) = await Space.StartOperatorAsync(
            "operator",
            settings => settings with
            {
                KubeconfigPath = proxy.ForwardTo(settings.KubeconfigPath),
                Webhook = new WebhookSettings(port) { CheckInterval = TimeSpan.FromSeconds(2) },
            },
            Cancellation,
            untilReady: false);
        await using var webhook = await TestWebhookConfiguration.InstallAsync(Space.Admin, port, Space.Name, Cancellation);

        await Eventually.UntilAsync("the webhook answers", token => Admissions.WebhookRefusesAsync(Space.Admin, Space.Name, token), Cancellation);

        var (status, reasons) = await replica.ProbeAsync("/readyz", Cancellation);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("informers have not synced", reasons, StringComparison.Ordinal);
        Assert.True(proxy.Faulted > 0);
        Assert.Equal(
            (HttpStatusCode.Created, string.Empty),
            await Admissions.DryRunCreateAsync(Space.Admin, Space.Name, Admissions.App("valid", valid: true), Cancellation));

        proxy.Heal();
        await Eventually.UntilAsync("the replica is ready once its informers have synced", async token => (await replica.ProbeAsync("/readyz", token)).Status is HttpStatusCode.OK, Cancellation);
    }
}
