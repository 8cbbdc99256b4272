using k8s.Models;
using Todo.Operator.Children.NetworkPolicies;
using Todo.Operator.Crd;
using Todo.Operator.Redis;
using Todo.Operator.Tests.Support;
using Todo.Operator.TodoApi;

namespace Todo.Operator.Tests.Children;

public sealed class NetworkPolicyTests
{
    [Fact]
    public void Default_deny_covers_all_app_pods_and_allows_dns_only_to_the_cluster_dns()
    {
        var policy = (V1NetworkPolicy)new DefaultDenyNetworkPolicy().Desired(TestApps.Create(), Contexts.Current);

        Assert.Equal(["Ingress", "Egress"], policy.Spec.PolicyTypes);
        Assert.Null(policy.Spec.Ingress);
        Assert.Equal(2, policy.Spec.PodSelector.MatchLabels.Count);
        Assert.Equal("shop", policy.Spec.PodSelector.MatchLabels["app.kubernetes.io/instance"]);
        var dns = policy.Spec.Egress[0];
        var server = Assert.Single(dns.To);
        Assert.Equal("kube-system", server.NamespaceSelector.MatchLabels["kubernetes.io/metadata.name"]);
        Assert.Equal("kube-dns", server.PodSelector.MatchLabels["k8s-app"]);
        Assert.Equal(["TCP:53", "UDP:53"], dns.Ports.Select(port => $"{port.Protocol}:{port.Port.Value}").Order());
    }

    [Fact]
    public void Api_accepts_traefik_as_k3s_and_a_standalone_install_run_it()
    {
        var policy = (V1NetworkPolicy)new TodoApiNetworkPolicy().Desired(TestApps.Create(), Contexts.Current);

        var ingress = Assert.Single(policy.Spec.Ingress);
        Assert.Equal(
            [("kube-system", "traefik"), ("traefik", "traefik")],
            ingress.FromProperty.Select(peer => (peer.NamespaceSelector.MatchLabels["kubernetes.io/metadata.name"], peer.PodSelector.MatchLabels["app.kubernetes.io/name"])));
        Assert.Equal("8080", Assert.Single(ingress.Ports).Port.Value);
        Assert.Equal(["Ingress"], policy.Spec.PolicyTypes);
    }

    [Fact]
    public void With_monitoring_prometheus_may_scrape_the_management_port_only()
    {
        var app = TestApps.Create(spec => spec.Monitoring.Enabled = true);

        var policy = (V1NetworkPolicy)new TodoApiNetworkPolicy().Desired(app, Contexts.Current);

        Assert.Equal(2, policy.Spec.Ingress.Count);
        var scrape = policy.Spec.Ingress[1];
        var peer = Assert.Single(scrape.FromProperty);
        Assert.Equal("monitoring", peer.NamespaceSelector.MatchLabels["kubernetes.io/metadata.name"]);
        Assert.Equal("prometheus", peer.PodSelector.MatchLabels["app.kubernetes.io/name"]);
        Assert.Equal("8081", Assert.Single(scrape.Ports).Port.Value);
    }

    [Fact]
    public void Api_accepts_the_configured_peers()
    {
        var app = TestApps.Create(spec => spec.NetworkPolicy.IngressFrom =
        [
            new NetworkPeer { PodSelector = new() { ["role"] = "gateway" } },
        ]);

        var policy = (V1NetworkPolicy)new TodoApiNetworkPolicy().Desired(app, Contexts.Current);

        var peer = Assert.Single(Assert.Single(policy.Spec.Ingress).FromProperty);
        Assert.Null(peer.NamespaceSelector);
        Assert.Equal("gateway", peer.PodSelector.MatchLabels["role"]);
    }

    [Fact]
    public void Redis_accepts_only_the_api_pods_and_the_backup_jobs_of_its_app()
    {
        var policy = (V1NetworkPolicy)new RedisNetworkPolicy().Desired(TestApps.Create(), Contexts.Current);

        Assert.Equal("redis", policy.Spec.PodSelector.MatchLabels["app.kubernetes.io/component"]);
        var rule = Assert.Single(policy.Spec.Ingress);
        Assert.All(rule.FromProperty, peer => Assert.Null(peer.NamespaceSelector));
        Assert.All(rule.FromProperty, peer => Assert.Equal(TestApps.Name, peer.PodSelector.MatchLabels["app.kubernetes.io/instance"]));
        Assert.Equal(["api", "backup"], rule.FromProperty.Select(peer => peer.PodSelector.MatchLabels["app.kubernetes.io/component"]));
        Assert.Equal("6379", Assert.Single(rule.Ports).Port.Value);
    }

    [Fact]
    public void With_monitoring_and_the_exporter_prometheus_may_scrape_the_exporter_port_of_redis_only()
    {
        var app = TestApps.Create(spec =>
        {
            spec.Monitoring.Enabled = true;
            spec.Redis.Exporter.Enabled = true;
        });

        var policy = (V1NetworkPolicy)new RedisNetworkPolicy().Desired(app, Contexts.Current);

        Assert.Equal(["6379", "9121"], policy.Spec.Ingress.Select(rule => Assert.Single(rule.Ports).Port.Value));
        var scrape = Assert.Single(policy.Spec.Ingress[1].FromProperty);
        Assert.Equal("prometheus", scrape.PodSelector.MatchLabels["app.kubernetes.io/name"]);
        Assert.Single(((V1NetworkPolicy)new RedisNetworkPolicy().Desired(TestApps.Create(spec => spec.Redis.Exporter.Enabled = true), Contexts.Current)).Spec.Ingress);
    }

    [Fact]
    public void Policies_are_pruned_when_disabled()
    {
        var disabled = TestApps.Create(spec => spec.NetworkPolicy.Enabled = false);

        Assert.False(new DefaultDenyNetworkPolicy().IsWanted(disabled));
        Assert.False(new TodoApiNetworkPolicy().IsWanted(disabled));
        Assert.False(new RedisNetworkPolicy().IsWanted(disabled));
        Assert.True(new DefaultDenyNetworkPolicy().IsWanted(TestApps.Create()));
    }
}
