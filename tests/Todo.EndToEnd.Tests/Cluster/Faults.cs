using System.Globalization;

namespace Todo.EndToEnd.Tests.Cluster;

/// <summary>
/// The faults of hack/faults.sh, each returned as a <see cref="Fault"/> whose disposal undoes it and waits until the
/// cluster is healthy again, so that a test that fails half-way leaves a working cluster to the next one. Every fault
/// also undoes itself after <see cref="SafetyLimit"/>, should this process not get to it.
/// </summary>
internal sealed class Faults(NodeCluster cluster)
{
    public static readonly TimeSpan SafetyLimit = TimeSpan.FromMinutes(5);

    private static string Limit => ((int)SafetyLimit.TotalSeconds).ToString(CultureInfo.InvariantCulture);

    /// <summary>A dead machine: its network, kubelet, kube-proxy, containers and dockerd gone at once; undone by starting it again.</summary>
    public Task<Fault> StopNodeAsync(string node, CancellationToken cancellationToken) =>
        BeginAsync($"stop-node {node} {Limit}", $"start-node {node}", cancellationToken);

    /// <summary>A partition: every packet between the node and the rest dropped; undone by healing it.</summary>
    public Task<Fault> CutAsync(string node, CancellationToken cancellationToken) =>
        BeginAsync($"cut {node} {Limit}", $"heal {node}", cancellationToken);

    /// <summary>kubectl drain (evictions that honour PodDisruptionBudgets); undone by uncordoning the node.</summary>
    public Task<Fault> DrainAsync(string node, CancellationToken cancellationToken) =>
        BeginAsync($"drain {node} 180", $"uncordon {node}", cancellationToken);

    /// <summary>etcd, kube-apiserver, kube-controller-manager and kube-scheduler stopped while the nodes run; undone by starting them.</summary>
    public Task<Fault> StopControlPlaneAsync(CancellationToken cancellationToken) =>
        BeginAsync($"stop-control-plane {Limit}", "start-control-plane", cancellationToken);

    private async Task<Fault> BeginAsync(string fault, string undo, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var result = await cluster.Scripts.HackAsync("faults.sh", fault, cancellationToken);
        var begun = new Fault(started, async token =>
        {
            var undone = await cluster.Scripts.HackAsync("faults.sh", undo, token);
            Assert.True(undone.Succeeded, $"hack/faults.sh {undo} failed (exit {undone.ExitCode}): {undone.StandardError}");
            await cluster.WaitHealthyAsync(token);
        });
        if (!result.Succeeded)
        {
            await begun.DisposeAsync();
            Assert.Fail($"hack/faults.sh {fault} failed (exit {result.ExitCode}): {result.StandardError}");
        }

        return begun;
    }
}
