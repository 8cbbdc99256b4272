using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Todo.Operator.Runtime.Controllers;
using Todo.Operator.Runtime.Informers;
using Todo.Operator.Runtime.Observability;
using static Todo.Operator.Runtime.Tests.FakeListWatchSource;

namespace Todo.Operator.Runtime.Tests;

/// <summary>
/// An informer the API server refuses (403, 404: a watched namespace deleted with the operator's Role there) is reported,
/// holds nothing back, and is picked up again once the API server lets it list.
/// </summary>
public sealed class InformerRefusalTests
{
    private static readonly ResourceType ConfigMaps = new(string.Empty, "v1", "ConfigMap", "configmaps");

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static KubernetesException Forbidden(string ns) =>
        new(new V1Status { Code = 403, Reason = "Forbidden", Message = $"configmaps is forbidden: User \"system:serviceaccount:ops:todo-operator\" cannot list resource \"configmaps\" in the namespace \"{ns}\"" });

    [Fact]
    public async Task A_refused_list_is_reported_settles_the_informer_and_is_picked_up_again_once_allowed()
    {
        var source = new FakeListWatchSource();
        source.FailLists(Forbidden("refused-list"));
        source.EnqueueList("7", ConfigMap("back", "6"));
        await using var running = new RunningInformer(source, "refused-list");
        var informer = running.Informer;

        await Eventually.UntilAsync("the refusal was noted", () => informer.Progress.Refusal is not null, Cancellation);
        Assert.Contains("403 Forbidden: configmaps is forbidden", informer.Progress.Refusal, StringComparison.Ordinal);
        Assert.True(informer.HasSettled());
        Assert.False(informer.HasSynced);
        Assert.Equal(1, Refused("refused-list"));

        source.HealLists();
        await Eventually.UntilAsync("the informer listed", () => informer.HasSynced, Cancellation);
        Assert.Null(informer.Progress.Refusal);
        Assert.Equal(0, Refused("refused-list"));
        Assert.NotNull(informer.Get("team-a", "back"));
    }

    [Fact]
    public async Task A_refused_watch_relists_once_allowed_again()
    {
        var source = new FakeListWatchSource();
        source.EnqueueList("7", ConfigMap("before", "6"));
        source.EnqueueList("9", ConfigMap("after", "8"));
        await using var running = new RunningInformer(source, "refused-watch");
        var informer = running.Informer;
        await Eventually.UntilAsync("listed", () => informer.HasSynced, Cancellation);
        var refusalSeenWithRelisted = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var handler = informer.AddHandler(change =>
        {
            if (change.Object.Name() == "after")
            {
                refusalSeenWithRelisted.TrySetResult(informer.Progress.Refusal);
            }
        });

        source.FailWatches(Forbidden("refused-watch"));
        source.FailLists(Forbidden("refused-watch"));
        source.EndWatch();
        await Eventually.UntilAsync("the refusal was noted", () => informer.Progress.Refusal is not null, Cancellation);
        Assert.Equal(1, Refused("refused-watch"));
        Assert.NotNull(informer.Get("team-a", "before"));

        source.HealWatches();
        source.HealLists();

        // A reconcile that the relisted object triggers must not still find its namespace reported as refused.
        Assert.Null(await refusalSeenWithRelisted.Task.WaitAsync(TimeSpan.FromSeconds(30), Cancellation));
        Assert.NotNull(informer.Get("team-a", "after"));
        Assert.Null(informer.Get("team-a", "before"));
        Assert.Null(informer.Progress.Refusal);
        Assert.Equal(0, Refused("refused-watch"));
    }

    [Fact]
    public async Task Workers_start_and_reconcile_the_other_namespaces_while_one_is_refused()
    {
        var present = new FakeListWatchSource();
        present.EnqueueList("3", ConfigMap("shop", "2"));
        var gone = new FakeListWatchSource();
        gone.FailLists(Forbidden("team-gone"));
        var log = new ReconcileLog();
        await using var services = new ServiceCollection()
            .AddSingleton(log)
            .AddScoped<IReconciler<V1ConfigMap>, RecordingReconciler>()
            .BuildServiceProvider();
        await using var inPresent = new RunningInformer(present, "team-a");
        await using var inGone = new RunningInformer(gone, "team-gone");
        using var controller = new Controller<V1ConfigMap>(
            new ControllerSettings("refused-namespace", ConfigMaps, 1, TimeSpan.FromHours(1), TimeSpan.FromSeconds(5), Predicates.PrimaryDefault),
            [inPresent.Informer, inGone.Informer],
            [],
            services.GetRequiredService<IServiceScopeFactory>(),
            NullLogger<Controller<V1ConfigMap>>.Instance);
        using var leading = new CancellationTokenSource();

        var workers = controller.RunWorkersAsync(leading.Token, CancellationToken.None);

        await Eventually.UntilAsync("the app of the namespace still there was reconciled", () => log.Reconciled.Contains("shop"), Cancellation);
        await leading.CancelAsync();
        await workers.WaitAsync(TimeSpan.FromSeconds(10), Cancellation);
    }

    private static double Refused(string ns) => RuntimeMetrics.RefusedInformers.WithLabels(ConfigMaps.ToString(), ns).Value;
}
