using System.Globalization;
using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Crd;
using Todo.Operator.Workflow;

namespace Todo.Operator.Tests.Support;

/// <summary>
/// The connections between an app's own pods that its NetworkPolicies allow, evaluated as a CNI enforces them: a
/// connection needs an egress rule of every policy kind that isolates the source (any policy selecting it with Egress in
/// its types) and an ingress rule likewise at the destination. Asserting on these paths, not on each object, lets the
/// policies be split or merged while the test proves that no connection was gained or lost.
/// </summary>
internal static class AppNetworkPaths
{
    /// <summary>The ports each component's pods listen on.</summary>
    private static readonly Dictionary<string, int[]> Listening = new()
    {
        [AppLabels.TodoApiComponent] = [8080, 8081],
        [AppLabels.RedisComponent] = [6379, 9121],
        [AppLabels.SentinelComponent] = [26379],
        [AppLabels.BackupComponent] = [],
    };

    /// <summary>Every allowed (from component, to component, port), in a stable order.</summary>
    public static List<(string From, string To, int Port)> Of(TodoApp app, ChildContext context)
    {
        var policies = TodoAppWorkflow.Children
            .Where(child => child.Kind.Declared.Kind == V1NetworkPolicy.KubeKind && child.IsWanted(app))
            .Select(child => (V1NetworkPolicy)child.Desired(app, context))
            .ToList();
        return [.. from source in Listening.Keys
                   from destination in Listening.Keys
                   from port in Listening[destination]
                   where Allowed(policies, Labels(app, source), Labels(app, destination), port)
                   select (source, destination, port)];
    }

    private static bool Allowed(List<V1NetworkPolicy> policies, Dictionary<string, string> source, Dictionary<string, string> destination, int port)
    {
        var egress = policies.Where(policy => Selects(policy.Spec.PodSelector, source) && policy.Spec.PolicyTypes.Contains("Egress")).ToList();
        var ingress = policies.Where(policy => Selects(policy.Spec.PodSelector, destination) && policy.Spec.PolicyTypes.Contains("Ingress")).ToList();
        var leaves = egress.Count == 0 || egress.Any(policy => (policy.Spec.Egress ?? []).Any(rule => Admits(rule.To, rule.Ports, destination, port)));
        var enters = ingress.Count == 0 || ingress.Any(policy => (policy.Spec.Ingress ?? []).Any(rule => Admits(rule.FromProperty, rule.Ports, source, port)));
        return leaves && enters;
    }

    /// <summary>A rule admits a pod of the same namespace: no peers means every peer, no ports every port.</summary>
    private static bool Admits(IList<V1NetworkPolicyPeer>? peers, IList<V1NetworkPolicyPort>? ports, Dictionary<string, string> pod, int port) =>
        (peers is null || peers.Any(peer => peer.NamespaceSelector is null && peer.IpBlock is null && Selects(peer.PodSelector, pod)))
        && (ports is null || ports.Any(rule => rule.Protocol == "TCP" && rule.Port.Value == port.ToString(CultureInfo.InvariantCulture)));

    private static bool Selects(V1LabelSelector? selector, Dictionary<string, string> pod)
    {
        Assert.Null(selector?.MatchExpressions);
        return selector?.MatchLabels?.All(label => pod.TryGetValue(label.Key, out var value) && value == label.Value) ?? true;
    }

    private static Dictionary<string, string> Labels(TodoApp app, string component) => AppLabels.For(app, component);
}
