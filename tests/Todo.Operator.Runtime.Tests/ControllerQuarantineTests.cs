using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Todo.Operator.Runtime.Client;
using Todo.Operator.Runtime.Controllers;
using Todo.Operator.Runtime.Events;
using Todo.Operator.Runtime.Informers;
using Todo.Operator.Runtime.Queue;
using static Todo.Operator.Runtime.Tests.FakeListWatchSource;

namespace Todo.Operator.Runtime.Tests;

/// <summary>
/// A primary object the client cannot decode is never reconciled; the leader reports it once per resourceVersion (a Warning
/// Event and the app's reporter) while every other object is reconciled as usual.
/// </summary>
public sealed class ControllerQuarantineTests : IAsyncDisposable
{
    private static readonly ResourceType Primary = new(string.Empty, "v1", "ConfigMap", "configmaps");
    private static readonly InformerTimings Fast = new(TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50));

    private readonly FakeListWatchSource source = new();
    private readonly ControllerTests.ReconcileLog log = new();
    private readonly Reports reports = new();
    private readonly CancellationTokenSource informers = new();
    private readonly Controller<V1ConfigMap> controller;
    private readonly ServiceProvider services;
    private readonly Task running;

    public ControllerQuarantineTests()
    {
        source.EnqueueList("1", [ConfigMap("healthy", "2")], [Undecodable("poisoned", "3")]);
        var primary = new Informer<V1ConfigMap>(new InformerScope(Primary), source, Fast, TimeProvider.System, NullLogger<Informer<V1ConfigMap>>.Instance);
        services = new ServiceCollection()
            .AddSingleton(log)
            .AddSingleton(reports)
            .AddSingleton<IEventRecorder>(reports)
            .AddScoped<IReconciler<V1ConfigMap>, ControllerTests.RecordingReconciler>()
            .AddScoped<IUndecodableObjectReporter<V1ConfigMap>, RecordingReporter>()
            .BuildServiceProvider();
        controller = new Controller<V1ConfigMap>(
            new ControllerSettings("test", Primary, 2, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5), Predicates.PrimaryDefault),
            [primary],
            [],
            services.GetRequiredService<IServiceScopeFactory>(),
            NullLogger<Controller<V1ConfigMap>>.Instance,
            new ExponentialBackoff(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(50)));
        running = primary.RunAsync(informers.Token);
    }

    [Fact]
    public async Task The_undecodable_object_is_reported_once_per_version_and_never_reconciled_while_the_others_are()
    {
        await WhileWorkersRunAsync(async () =>
        {
            await Eventually.UntilAsync("healthy was reconciled and poisoned reported", () => log.Reconciled.Contains("healthy") && reports.Reported.Count == 1, TestContext.Current.CancellationToken);
            // Several resyncs (every 200 ms here) later, nothing was reported twice.
            await Task.Delay(1000, TestContext.Current.CancellationToken);
            Assert.Equal(["poisoned@3"], reports.Reported);

            source.Send(WatchEventType.Modified, Undecodable("poisoned", "4"));
            await Eventually.UntilAsync("the new version was reported", () => reports.Reported.Count == 2, TestContext.Current.CancellationToken);
            source.Send(WatchEventType.Modified, ConfigMap("poisoned", "5"));
            await Eventually.UntilAsync("the decodable version was reconciled", () => log.Reconciled.Contains("poisoned"), TestContext.Current.CancellationToken);
        });

        Assert.Equal(["poisoned@3", "poisoned@4"], reports.Reported);
        var warning = reports.Events.First();
        Assert.Equal((EventType.Warning, Controller<V1ConfigMap>.UndecodableReason), (warning.Type, warning.Reason));
        Assert.Contains("resourceVersion 3", warning.Message, StringComparison.Ordinal);
        Assert.Contains("'1e1.5' is not a quantity", warning.Message, StringComparison.Ordinal);
        Assert.Equal(("poisoned", "uid-poisoned"), (warning.Regarding.Metadata.Name, warning.Regarding.Metadata.Uid));
    }

    [Fact]
    public async Task A_failed_report_is_retried_with_backoff()
    {
        reports.FailuresLeft = 2;

        await WhileWorkersRunAsync(() =>
            Eventually.UntilAsync("the report went through after two failures", () => reports.Reported.Count == 1, TestContext.Current.CancellationToken));

        Assert.Equal(3, reports.Attempts);
    }

    public async ValueTask DisposeAsync()
    {
        await informers.CancelAsync();
        await running;
        controller.Dispose();
        informers.Dispose();
        await services.DisposeAsync();
    }

    private async Task WhileWorkersRunAsync(Func<Task> body)
    {
        using var leading = new CancellationTokenSource();
        var workers = controller.RunWorkersAsync(leading.Token, CancellationToken.None);
        await body();
        await leading.CancelAsync();
        await workers.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    internal sealed class Reports : IEventRecorder
    {
        private int failuresLeft;
        private int attempts;

        public ConcurrentQueue<string> Reported { get; } = new();

        public ConcurrentQueue<(IKubernetesObject<V1ObjectMeta> Regarding, EventType Type, string Reason, string Message)> Events { get; } = new();

        public int FailuresLeft
        {
            set => failuresLeft = value;
        }

        public int Attempts => attempts;

        public Task RecordAsync(IKubernetesObject<V1ObjectMeta> regarding, EventType type, string reason, string message, CancellationToken cancellationToken)
        {
            Events.Enqueue((regarding, type, reason, message));
            return Task.CompletedTask;
        }

        public void Report(UndecodableObject undecodable)
        {
            Interlocked.Increment(ref attempts);
            if (Interlocked.Decrement(ref failuresLeft) >= 0)
            {
                throw new HttpRequestException("the API server is away");
            }

            Reported.Enqueue($"{undecodable.Metadata.Name}@{undecodable.Metadata.ResourceVersion}");
        }
    }

    internal sealed class RecordingReporter(Reports reports) : IUndecodableObjectReporter<V1ConfigMap>
    {
        public Task ReportAsync(UndecodableObject undecodable, CancellationToken cancellationToken)
        {
            reports.Report(undecodable);
            return Task.CompletedTask;
        }
    }
}
