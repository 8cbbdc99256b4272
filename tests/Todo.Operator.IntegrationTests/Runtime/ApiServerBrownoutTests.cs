using System.Diagnostics;
using System.Net;
using Todo.Operator.IntegrationTests.Cluster;
using Todo.Operator.IntegrationTests.Operator;

namespace Todo.Operator.IntegrationTests.Runtime;

/// <summary>
/// An API server in a brownout (every request answered 503, as during an etcd outage, then 429, as under API priority
/// and fairness) for longer than the informer stall timeout: the operator's liveness never fails, so the kubelet would
/// not restart it (a restart relists everything and adds to the load); readiness reports the informers that make no
/// progress; once the API server is back, the same process reconciles again. The operator's own requests go through
/// <see cref="ApiServerFaultProxy"/>; the rest of the run keeps the real API server.
/// </summary>
public sealed class ApiServerBrownoutTests(ControlPlaneFixture cluster) : OwnOperatorTest(cluster, "brownout")
{
    private static readonly TimeSpan WatchTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The smallest the operator accepts with that watch timeout: a silent watch (32 s) and 30 s of margin.</summary>
    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(62);

    private static readonly TimeSpan Brownout = StallTimeout + TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Liveness_holds_through_a_brownout_longer_than_the_stall_timeout_and_readiness_reports_it()
    {
        await using var proxy = await ApiServerFaultProxy.StartAsync(Cancellation);
        var (_, process) = await Space.StartOperatorAsync(
            "todo-operator",
            settings => settings with { KubeconfigPath = proxy.ForwardTo(settings.KubeconfigPath), Informers = (WatchTimeout, StallTimeout) },
            Cancellation);

        proxy.Fail(HttpStatusCode.ServiceUnavailable);
        var since = Stopwatch.StartNew();
        while (since.Elapsed < Brownout)
        {
            if (since.Elapsed > Brownout / 2)
            {
                proxy.Fail(HttpStatusCode.TooManyRequests);
            }

            var (live, reason) = await process.ProbeAsync("/healthz", Cancellation);
            Assert.True(live == HttpStatusCode.OK, $"/healthz answered {(int)live} after {since.Elapsed.TotalSeconds:0} s of brownout: {reason}");
            await Task.Delay(TimeSpan.FromSeconds(1), Cancellation);
        }

        var (ready, report) = await process.ProbeAsync("/readyz", Cancellation);
        Assert.Equal(HttpStatusCode.OK, ready);
        Assert.StartsWith("Degraded", report, StringComparison.Ordinal);
        Assert.Contains("no progress for", report, StringComparison.Ordinal);
        Assert.True(proxy.Faulted > 0, "the operator sent nothing during the brownout");

        proxy.Heal();
        await Samples.ApplyAsync(Cluster, Samples.Dev, Space.Name, "after-brownout", Cancellation);
        await TodoApps.ReportedAsync(Cluster.AdminClient, Space.Name, "after-brownout", "reconciled after the brownout", _ => true, Cancellation);
        await Eventually.UntilAsync(
            "/readyz reports healthy again",
            async token => await process.ProbeAsync("/readyz", token) is (HttpStatusCode.OK, var body) && body.StartsWith("Healthy", StringComparison.Ordinal),
            Cancellation);
        Assert.False(process.HasExited);
    }
}
