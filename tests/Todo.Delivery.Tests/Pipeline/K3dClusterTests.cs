using Todo.Delivery.Tests.Support;

namespace Todo.Delivery.Tests.Pipeline;

/// <summary>The k3d cluster of the laptop path: the seed's load-balancer ports, k3s' Traefik and metrics-server left on.</summary>
public sealed class K3dClusterTests
{
    private static readonly string Config = RepositoryRoot.Combine("hack", "k3d", "cluster.yaml");

    private static readonly string[] BootstrapSteps =
        [
            "k3d cluster create --config", "sealed-secrets/releases/download", "gitops/argocd/install\"", "gitops/argocd/bootstrap\"",
            "application/todo-operator --for", "application/todo-dev --for",
        ];

    [Fact]
    public void The_load_balancer_serves_8080_and_8443_to_Traefik()
    {
        var cluster = Yaml.ReadSingle(Config);

        Assert.Equal("k3d.io/v1alpha5", cluster["apiVersion"]!.GetValue<string>());
        var ports = cluster["ports"]!.AsArray().Select(port => (port!["port"]!.GetValue<string>(), port["nodeFilters"]!.AsArray().Single()!.GetValue<string>()));
        Assert.Equal([("8080:80", "loadbalancer"), ("8443:443", "loadbalancer")], ports);
    }

    [Fact]
    public void Traefik_and_metrics_server_stay_enabled()
    {
        var text = File.ReadAllText(Config);

        Assert.DoesNotContain("--disable", text, StringComparison.Ordinal);
        Assert.Matches(@"image: rancher/k3s:v\d+\.\d+\.\d+-k3s\d+", text);
    }

    [Fact]
    public void The_bootstrap_installs_each_piece_in_order()
    {
        var script = File.ReadAllText(RepositoryRoot.Combine("hack", "k3d", "bootstrap.sh"));

        var steps = BootstrapSteps
            .Select(step => script.IndexOf(step, StringComparison.Ordinal))
            .ToList();
        Assert.DoesNotContain(-1, steps);
        Assert.Equal(steps.Order(), steps);
    }
}
