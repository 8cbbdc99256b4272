using k8s;
using Todo.EndToEnd.Tests.Cluster;
using Todo.EndToEnd.Tests.Support;

namespace Todo.EndToEnd.Tests.Faults;

/// <summary>
/// The control plane down for a minute (etcd, the API server, the controller-manager and the scheduler stopped) while
/// the nodes run: the apps keep serving through the rules kube-proxy already wrote, the operator rides it out without
/// being restarted (its liveness does not depend on the API server answering), and it converges once the API server is back.
/// </summary>
[Collection(FaultCollections.SharedApp)]
public sealed class ControlPlaneOutageTests(NodeCluster cluster, SharedApp shared)
{
    private const int Users = 4;
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Apps_keep_serving_for_a_minute_without_the_control_plane_and_the_operator_converges_without_a_restart()
    {
        cluster.RequireNodes(3);
        var cancellationToken = TestContext.Current.CancellationToken;
        var timeline = new Timeline();
        var app = shared.App;
        var placement = await shared.ReadyAndSpreadAsync(cancellationToken);
        timeline.Mark("ready and spread");
        var operatorsBefore = await cluster.OperatorPodsAsync(cancellationToken);

        RequestRecords records;
        DateTimeOffset stopped, restarted;
        await using (var users = await app.StartUsersAsync(Users, cancellationToken))
        {
            await using (var fault = await cluster.Faults.StopControlPlaneAsync(cancellationToken))
            {
                stopped = fault.Started;
                timeline.Mark("control plane stopped");
                await Task.Delay(Outage, cancellationToken);
                restarted = DateTimeOffset.UtcNow;
                await fault.UndoAsync(cancellationToken);
                timeline.Mark("started again, cluster healthy");
            }

            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
            records = await users.StopAsync();
        }

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"Control plane stopped for {(restarted - stopped).TotalSeconds:0} s ({placement}): {records}; "
            + $"served during the outage: {records.All.Count(r => r.Outcome == RequestOutcome.Answered && r.Sent > stopped + TimeSpan.FromSeconds(10) && r.Ended < restarted)}.");
        Assert.Empty(records.Failures);
        Assert.True(records.All.Any(r => r.Outcome == RequestOutcome.Answered && r.Sent > stopped + TimeSpan.FromSeconds(10) && r.Ended < restarted),
            "users were served while the control plane was down");

        // The same two operator pods, never restarted: no crash loop, no liveness failure during the outage.
        var operatorsAfter = await cluster.OperatorPodsAsync(cancellationToken);
        Assert.Equal(operatorsBefore.Select(pod => pod.Metadata.Uid).Order(), operatorsAfter.Select(pod => pod.Metadata.Uid).Order());
        Assert.All(operatorsAfter, pod => Assert.True(pod.Status.ContainerStatuses.All(c => c.RestartCount == RestartsBefore(pod, c.Name)),
            $"{pod.Metadata.Name} restarted during the outage: {string.Join(", ", pod.Status.ContainerStatuses.Select(c => $"{c.Name} {c.RestartCount} restarts, last ended {c.LastState?.Terminated?.Reason}"))}"));

        // Converged: a change made once the API server is back is applied and reported.
        await app.PatchSpecAsync(new { autoscaling = new { maxReplicas = 6 } }, cancellationToken);
        await app.ReadyAsync(cancellationToken);
        var autoscaler = await cluster.Client.AutoscalingV1.ReadNamespacedHorizontalPodAutoscalerAsync($"{app.Name}-api", app.Namespace, cancellationToken: cancellationToken);
        Assert.Equal(6, autoscaler.Spec.MaxReplicas);
        timeline.Mark("a change after the outage reconciled");
        TestContext.Current.TestOutputHelper?.WriteLine($"Timeline: {timeline}.");

        int RestartsBefore(k8s.Models.V1Pod pod, string container) =>
            operatorsBefore.Single(p => p.Metadata.Uid == pod.Metadata.Uid).Status.ContainerStatuses.Single(c => c.Name == container).RestartCount;
    }
}
