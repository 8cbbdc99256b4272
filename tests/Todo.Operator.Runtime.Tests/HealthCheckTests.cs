using k8s;
using k8s.Models;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Todo.Operator.Runtime.Client;
using Todo.Operator.Runtime.Hosting;
using Todo.Operator.Runtime.Informers;
using static Todo.Operator.Runtime.Tests.FakeListWatchSource;

namespace Todo.Operator.Runtime.Tests;

/// <summary>Liveness and readiness notice an informer that no longer moves while the API server answers, and only then.</summary>
public sealed class HealthCheckTests
{
    private static readonly TimeSpan Stall = TimeSpan.FromMinutes(10);

    private readonly ManualTime time = new();

    [Fact]
    public async Task An_informer_whose_lists_keep_failing_while_the_api_server_answers_is_wedged()
    {
        var source = new FakeListWatchSource();
        source.FailLists(new FormatException("The input string '1.5' was not in a correct format."));
        var (informer, stop) = Start(source);
        var contact = new ApiServerContact(time);
        var check = Check(informer, contact);
        await Eventually.UntilAsync("the list failed", () => informer.Progress.LastFailure is not null, TestContext.Current.CancellationToken);

        time.Advance(Stall - TimeSpan.FromSeconds(1));
        contact.Answered();
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(check)).Status);

        time.Advance(TimeSpan.FromSeconds(2));
        contact.Answered();
        var wedged = await CheckAsync(check);

        Assert.Equal(HealthStatus.Unhealthy, wedged.Status);
        Assert.Contains("configmaps.v1 in team-a: no progress for 601 s", wedged.Description, StringComparison.Ordinal);
        Assert.Contains("FormatException: The input string '1.5'", wedged.Description, StringComparison.Ordinal);
        await stop();
    }

    [Fact]
    public async Task An_api_server_that_does_not_answer_is_not_the_informers_fault()
    {
        var source = new FakeListWatchSource();
        source.FailLists(new HttpRequestException("connection refused"));
        var (informer, stop) = Start(source);
        var contact = new ApiServerContact(time);
        contact.Answered();
        await Eventually.UntilAsync("the list failed", () => informer.Progress.LastFailure is not null, TestContext.Current.CancellationToken);

        time.Advance(Stall * 3);

        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(Check(informer, contact))).Status);
        await stop();
    }

    [Fact]
    public async Task Lists_watch_events_and_watches_the_server_ends_are_progress()
    {
        var source = new FakeListWatchSource();
        source.EnqueueList("10");
        var (informer, stop) = Start(source);
        var contact = new ApiServerContact(time);
        var check = Check(informer, contact);
        await Eventually.UntilAsync("listed", () => informer.HasSynced, TestContext.Current.CancellationToken);

        time.Advance(Stall - TimeSpan.FromMinutes(1));
        source.Send(WatchEventType.Added, ConfigMap("a", "11"));
        await Eventually.UntilAsync("the event moved the informer", () => informer.Progress.LastProgress == time.GetUtcNow(), TestContext.Current.CancellationToken);
        time.Advance(Stall - TimeSpan.FromMinutes(1));
        source.EndWatch();
        await Eventually.UntilAsync("the ended watch moved the informer", () => informer.Progress.LastProgress == time.GetUtcNow(), TestContext.Current.CancellationToken);
        time.Advance(Stall - TimeSpan.FromMinutes(1));
        contact.Answered();

        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(check)).Status);
        await stop();
    }

    private (Informer<V1ConfigMap> Informer, Func<Task> Stop) Start(FakeListWatchSource source)
    {
        var informer = new Informer<V1ConfigMap>(
            new InformerScope(new ResourceType(string.Empty, "v1", "ConfigMap", "configmaps"), "team-a"), source, Timings.Fast, time, NullLogger<Informer<V1ConfigMap>>.Instance);
        var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);
        return (informer, async () =>
        {
            await cts.CancelAsync();
            await run;
            cts.Dispose();
        }
        );
    }

    private InformersProgressHealthCheck Check(IInformer informer, ApiServerContact contact) =>
        new(new OneInformer(informer), contact, time, Options.Create(new OperatorOptions { InformerStallTimeout = Stall }));

    private static Task<HealthCheckResult> CheckAsync(InformersProgressHealthCheck check) =>
        check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);

    private sealed class OneInformer(IInformer informer) : IInformerCache
    {
        public bool HasSynced => informer.HasSynced;

        public ResourceCatalog Synced => throw new NotSupportedException();

        public IReadOnlyList<IInformer> Informers(bool startedWithTheCache) => [informer];

        public IInformer GetOrAdd<T>(InformerScope scope)
            where T : class, IKubernetesObject<V1ObjectMeta> => throw new NotSupportedException();

        public void Remove(InformerScope scope) => throw new NotSupportedException();

        public IKubernetesObject<V1ObjectMeta>? Get(ResourceType type, string? ns, string name) => throw new NotSupportedException();

        public IReadOnlyList<IKubernetesObject<V1ObjectMeta>> List(ResourceType type) => throw new NotSupportedException();

        public Task RunAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
