using k8s.Models;

namespace Todo.Operator.Children.NetworkPolicies;

/// <summary>
/// The operator's own pods, for the policies that admit them (it asks the Sentinels for the primary): labelled as
/// config/manager labels them, in the namespace they run in (POD_NAMESPACE, from the Downward API), selected by the
/// namespace's <c>kubernetes.io/metadata.name</c> label, which Kubernetes sets from 1.21 and config/manager sets itself.
/// </summary>
internal sealed record OperatorPods(string Namespace)
{
    public static IReadOnlyDictionary<string, string> Labels { get; } = new Dictionary<string, string>
    {
        ["app.kubernetes.io/name"] = "todo-operator",
        ["app.kubernetes.io/component"] = "manager",
    };

    /// <summary>This process's, when it runs in a pod; null elsewhere (a workstation, tests), where no policy could admit it.</summary>
    public static OperatorPods? Current { get; } = Environment.GetEnvironmentVariable("POD_NAMESPACE") is { Length: > 0 } ns ? new(ns) : null;

    public V1NetworkPolicyPeer Peer() => new()
    {
        NamespaceSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = Namespace } },
        PodSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string>(Labels) },
    };
}
