using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Children.NetworkPolicies;
using Todo.Operator.Crd;

namespace Todo.Operator.Redis.Sentinel;

/// <summary>
/// The network paths of Sentinel mode, both sides of each: replication between data pods, Sentinels to data pods (and a
/// starting data pod asking the Sentinels for the primary), Sentinels among themselves, the API and the backup Jobs to the
/// Sentinels, and the operator to the Sentinels (it reports the primary in the status). Nothing else reaches a Sentinel.
/// </summary>
internal static class SentinelTraffic
{
    /// <summary>What a data pod admits besides its clients: the other data pods (replication) and the Sentinels.</summary>
    public static V1NetworkPolicyIngressRule DataIngress(TodoApp app) =>
        new() { FromProperty = [Pods(app, AppLabels.RedisComponent), Pods(app, AppLabels.SentinelComponent)], Ports = [Port(RedisService.Port)] };

    /// <summary>Where a data pod connects: the primary (replication) and the Sentinels (whom it asks at start).</summary>
    public static IList<V1NetworkPolicyEgressRule> DataEgress(TodoApp app) => [ToData(app), ToSentinels(app)];

    /// <summary>Who reaches a Sentinel: the API, the data pods, the other Sentinels and the backup Jobs (which ask for a replica).</summary>
    public static V1NetworkPolicyIngressRule SentinelIngress(TodoApp app) => new()
    {
        FromProperty =
        [
            Pods(app, AppLabels.TodoApiComponent),
            Pods(app, AppLabels.RedisComponent),
            Pods(app, AppLabels.SentinelComponent),
            Pods(app, AppLabels.BackupComponent),
        ],
        Ports = [Port(RedisTopology.SentinelPort)],
    };

    /// <summary>The operator's pods, in their own namespace: it asks the Sentinels for the primary and the replicas.</summary>
    public static V1NetworkPolicyIngressRule FromOperator(OperatorPods operatorPods) =>
        new() { FromProperty = [operatorPods.Peer()], Ports = [Port(RedisTopology.SentinelPort)] };

    /// <summary>Where a Sentinel connects: the data pods it watches and the other Sentinels.</summary>
    public static IList<V1NetworkPolicyEgressRule> SentinelEgress(TodoApp app) => [ToData(app), ToSentinels(app)];

    public static V1NetworkPolicyEgressRule ToSentinels(TodoApp app) =>
        new() { To = [Pods(app, AppLabels.SentinelComponent)], Ports = [Port(RedisTopology.SentinelPort)] };

    private static V1NetworkPolicyEgressRule ToData(TodoApp app) =>
        new() { To = [Pods(app, AppLabels.RedisComponent)], Ports = [Port(RedisService.Port)] };

    private static V1NetworkPolicyPeer Pods(TodoApp app, string component) =>
        new() { PodSelector = new V1LabelSelector { MatchLabels = AppLabels.Selector(app, component) } };

    private static V1NetworkPolicyPort Port(int port) => new() { Protocol = "TCP", Port = port };
}
