using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Children.NetworkPolicies;
using Todo.Operator.Crd;
using Todo.Operator.Redis;
using Todo.Operator.Redis.Sentinel;
using Todo.Operator.Tests.Support;
using Todo.Operator.Workflow;

namespace Todo.Operator.Tests.Redis;

/// <summary>Sentinel mode's paths, as (from component, to component, port): exactly these, and nothing from elsewhere.</summary>
public sealed class SentinelNetworkPolicyTests
{
    private static readonly TodoApp App = TestApps.Create(spec =>
    {
        spec.Redis.Mode = RedisMode.Sentinel;
        spec.NetworkPolicy = new NetworkPolicySpec { Enabled = true, IngressFrom = [new NetworkPeer { PodSelector = new Dictionary<string, string> { ["app"] = "traefik" } }] };
    });

    [Fact]
    public void The_sentinels_admit_the_api_the_data_pods_each_other_and_the_backup_jobs_and_reach_only_the_data_pods_and_each_other()
    {
        var policy = Build(new RedisSentinelNetworkPolicy());

        Assert.Equal(AppLabels.SentinelComponent, policy.Spec.PodSelector.MatchLabels[AppLabels.ComponentKey]);
        Assert.Equal(["Ingress", "Egress"], policy.Spec.PolicyTypes);
        Assert.Equal(2, policy.Spec.Ingress.Count);
        Assert.Equal(
            [(AppLabels.TodoApiComponent, 26379), (AppLabels.RedisComponent, 26379), (AppLabels.SentinelComponent, 26379), (AppLabels.BackupComponent, 26379)],
            Paths(policy.Spec.Ingress.Take(1).SelectMany(rule => rule.FromProperty.SelectMany(peer => rule.Ports.Select(port => (peer, port))))));
        Assert.Equal(
            [(AppLabels.RedisComponent, 6379), (AppLabels.SentinelComponent, 26379)],
            Paths(policy.Spec.Egress.SelectMany(rule => rule.To.SelectMany(peer => rule.Ports.Select(port => (peer, port))))));
    }

    /// <summary>
    /// The operator asks the Sentinels for the primary (status.redis): its pods, labelled as config/manager labels them, in
    /// the namespace it runs in, and nothing else of that namespace, on the Sentinel port only.
    /// </summary>
    [Fact]
    public void The_sentinels_admit_the_operators_pods_in_its_namespace_on_the_sentinel_port()
    {
        var rule = Build(new RedisSentinelNetworkPolicy()).Spec.Ingress[1];

        var peer = Assert.Single(rule.FromProperty);
        Assert.Equal(new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = "todo-operator-system" }, peer.NamespaceSelector.MatchLabels);
        Assert.Equal(
            new Dictionary<string, string> { ["app.kubernetes.io/name"] = "todo-operator", ["app.kubernetes.io/component"] = "manager" },
            peer.PodSelector.MatchLabels);
        var port = Assert.Single(rule.Ports);
        Assert.Equal(("TCP", "26379"), (port.Protocol, port.Port.Value));
    }

    /// <summary>The rule selects the pods config/manager runs: a label changed on one side only would shut the operator out.</summary>
    [Fact]
    public void The_operators_pods_carry_the_labels_the_rule_selects()
    {
        var manager = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "config", "manager", "manager.yaml"));
        var template = manager[manager.IndexOf("  template:", StringComparison.Ordinal)..];
        var labels = template[..template.IndexOf("    spec:", StringComparison.Ordinal)];

        Assert.All(OperatorPods.Labels, label => Assert.Contains($"{label.Key}: {label.Value}", labels, StringComparison.Ordinal));
        Assert.Contains("fieldPath: metadata.namespace", manager, StringComparison.Ordinal);
    }

    [Fact]
    public void An_operator_outside_a_pod_adds_no_rule()
    {
        var policy = (V1NetworkPolicy)new RedisSentinelNetworkPolicy().Desired(App, Contexts.For(TestClusters.Current, operatorPods: null));

        Assert.Single(policy.Spec.Ingress);
    }

    [Fact]
    public void The_data_pods_admit_their_clients_each_other_and_the_sentinels_and_reach_each_other_and_the_sentinels()
    {
        var policy = Build(new RedisNetworkPolicy());

        Assert.Equal(["Ingress", "Egress"], policy.Spec.PolicyTypes);
        Assert.Equal(
            [(AppLabels.TodoApiComponent, 6379), (AppLabels.BackupComponent, 6379), (AppLabels.RedisComponent, 6379), (AppLabels.SentinelComponent, 6379)],
            Paths(policy.Spec.Ingress.SelectMany(rule => rule.FromProperty.SelectMany(peer => rule.Ports.Select(port => (peer, port))))));
        Assert.Equal(
            [(AppLabels.RedisComponent, 6379), (AppLabels.SentinelComponent, 26379)],
            Paths(policy.Spec.Egress.SelectMany(rule => rule.To.SelectMany(peer => rule.Ports.Select(port => (peer, port))))));
    }

    private static V1NetworkPolicy Build(IChildResource child) => (V1NetworkPolicy)child.Desired(App, Contexts.Current);

    /// <summary>Each peer as the component it selects, asserting it selects only this app's pods (no namespace selector, our instance).</summary>
    private static List<(string Component, int Port)> Paths(IEnumerable<(V1NetworkPolicyPeer Peer, V1NetworkPolicyPort Port)> paths) =>
        paths.Select(path =>
        {
            Assert.Null(path.Peer.NamespaceSelector);
            Assert.Equal(TestApps.Name, path.Peer.PodSelector.MatchLabels[AppLabels.InstanceKey]);
            Assert.Equal("TCP", path.Port.Protocol);
            return (path.Peer.PodSelector.MatchLabels[AppLabels.ComponentKey], int.Parse(path.Port.Port.Value, System.Globalization.CultureInfo.InvariantCulture));
        }).ToList();
}
