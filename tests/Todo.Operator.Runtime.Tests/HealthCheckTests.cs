using k8s;
using k8s.Models;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Todo.Operator.Runtime.Client;
using Todo.Operator.Runtime.Hosting;
using Todo.Operator.Runtime.Informers;
using static Todo.Operator.Runtime.Tests.FakeListWatchSource;

namespace Todo.Operator.Runtime.Tests;

/// <summary>
/// Liveness fails only for an informer whose loop is stuck in this process; an API server that fails the informers
/// (5xx, 429, no answer) is reported by readiness, as Degraded, and never restarts the operator.
/// </summary>
public sealed class HealthCheckTests
{
    private static readonly TimeSpan Stall = TimeSpan.FromMinutes(10);

    private readonly ManualTime time = new();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_loop_stuck_in_a_step_for_the_stall_timeout_fails_liveness_and_readiness()
    {
        var source = new FakeListWatchSource();
        source.HangLists();
        await using var running = new RunningInformer(source, "team-a", time);
        var informer = running.Informer;
        await Eventually.UntilAsync("the list started", () => source.ListCalls == 1, Cancellation);

        time.Advance(Stall - TimeSpan.FromSeconds(1));
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(Loops(informer))).Status);

        time.Advance(TimeSpan.FromSeconds(2));
        var stuck = await CheckAsync(Loops(informer));

        Assert.Equal(HealthStatus.Unhealthy, stuck.Status);
        Assert.Contains("configmaps.v1 in team-a: its loop has done nothing for 601 s", stuck.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(503, "etcdserver: request timed out")]
    [InlineData(429, "Too many requests, please try again later.")]
    [InlineData(500, "Internal error occurred: conversion webhook failed")]
    public async Task An_api_server_that_fails_the_informer_for_long_leaves_liveness_alone_and_degrades_readiness(int code, string message)
    {
        var source = new FakeListWatchSource();
        source.EnqueueList("10");
        await using var running = new RunningInformer(source, "team-a", time);
        var informer = running.Informer;
        await Eventually.UntilAsync("listed", () => informer.HasSynced, Cancellation);

        source.FailWatches(new KubernetesException(new V1Status { Code = code, Message = message }));
        source.EndWatch();
        await Eventually.UntilAsync("the watch failed", () => informer.Progress.LastFailure is not null, Cancellation);
        time.Advance(Stall * 3);
        await Eventually.UntilAsync("the loop retried since", () => informer.Progress.LastActivity == time.GetUtcNow(), Cancellation);

        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(Loops(informer))).Status);
        var readiness = await CheckAsync(Synced(informer));
        Assert.Equal(HealthStatus.Degraded, readiness.Status);
        Assert.Contains("configmaps.v1 in team-a: no progress for 1800 s", readiness.Description, StringComparison.Ordinal);
        Assert.Contains(message, readiness.Description, StringComparison.Ordinal);

        source.HealWatches();
        source.EndWatch();
        await Eventually.UntilAsync("the informer progressed again", () => informer.Progress.LastProgress == time.GetUtcNow(), Cancellation);
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(Synced(informer))).Status);
    }

    [Fact]
    public async Task An_informer_the_api_server_refuses_degrades_readiness_at_once_and_leaves_liveness_alone()
    {
        var source = new FakeListWatchSource();
        source.FailLists(new KubernetesException(new V1Status { Code = 403, Reason = "Forbidden", Message = "configmaps is forbidden" }));
        await using var running = new RunningInformer(source, "team-a", time);
        var informer = running.Informer;
        await Eventually.UntilAsync("the refusal was noted", () => informer.Progress.Refusal is not null, Cancellation);

        var readiness = await CheckAsync(Synced(informer));
        Assert.Equal(HealthStatus.Degraded, readiness.Status);
        Assert.Contains("configmaps.v1 in team-a: 403 Forbidden: configmaps is forbidden", readiness.Description, StringComparison.Ordinal);

        time.Advance(Stall * 3);
        await Eventually.UntilAsync("the loop retried since", () => informer.Progress.LastActivity == time.GetUtcNow(), Cancellation);
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(Loops(informer))).Status);
    }

    [Fact]
    public async Task An_api_server_that_does_not_answer_leaves_liveness_alone()
    {
        var source = new FakeListWatchSource();
        source.FailLists(new HttpRequestException("connection refused"));
        await using var running = new RunningInformer(source, "team-a", time);
        var informer = running.Informer;
        await Eventually.UntilAsync("the list failed", () => informer.Progress.LastFailure is not null, Cancellation);

        time.Advance(Stall * 3);
        await Eventually.UntilAsync("the loop retried since", () => informer.Progress.LastActivity == time.GetUtcNow(), Cancellation);

        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(Loops(informer))).Status);
        Assert.Equal(HealthStatus.Unhealthy, (await CheckAsync(Synced(informer))).Status);
    }

    [Fact]
    public async Task Lists_watch_events_and_watches_the_server_ends_are_progress()
    {
        var source = new FakeListWatchSource();
        source.EnqueueList("10");
        await using var running = new RunningInformer(source, "team-a", time);
        var informer = running.Informer;
        await Eventually.UntilAsync("listed", () => informer.HasSynced, Cancellation);

        time.Advance(Stall - TimeSpan.FromMinutes(1));
        source.Send(WatchEventType.Added, ConfigMap("a", "11"));
        await Eventually.UntilAsync("the event moved the informer", () => informer.Progress.LastProgress == time.GetUtcNow(), Cancellation);
        time.Advance(Stall - TimeSpan.FromMinutes(1));
        source.EndWatch();
        await Eventually.UntilAsync("the ended watch moved the informer", () => informer.Progress.LastProgress == time.GetUtcNow(), Cancellation);
        time.Advance(Stall - TimeSpan.FromMinutes(1));

        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(Loops(informer))).Status);
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(Synced(informer))).Status);
    }

    private InformerLoopsHealthCheck Loops(IInformer informer) => new(new OneInformer(informer), time, Options());

    private InformersSyncedHealthCheck Synced(IInformer informer) => new(new OneInformer(informer), time, Options());

    private static IOptions<OperatorOptions> Options() => Microsoft.Extensions.Options.Options.Create(new OperatorOptions { InformerStallTimeout = Stall });

    private static Task<HealthCheckResult> CheckAsync(IHealthCheck check) => check.CheckHealthAsync(new HealthCheckContext(), Cancellation);

    private sealed class OneInformer(IInformer informer) : IInformerCache
    {
        public bool HasSynced => informer.HasSettled();

        public ResourceCatalog Synced => throw new NotSupportedException();

        public IReadOnlyList<IInformer> Informers(bool startedWithTheCache) => [informer];

        public IInformer GetOrAdd<T>(InformerScope scope, bool compress = false)
            where T : class, IKubernetesObject<V1ObjectMeta> => throw new NotSupportedException();

        public void Remove(InformerScope scope) => throw new NotSupportedException();

        public IKubernetesObject<V1ObjectMeta>? Get(ResourceType type, string? ns, string name) => throw new NotSupportedException();

        public IReadOnlyList<IKubernetesObject<V1ObjectMeta>> List(ResourceType type) => throw new NotSupportedException();

        public Task RunAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
