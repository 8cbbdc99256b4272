using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Runtime.Discovery;

namespace Todo.Operator.Tests.Runtime;

public sealed class ApiDiscoveryTests
{
    [Fact]
    public void Kubernetes_1_20_gets_the_beta_versions()
    {
        var groups = Groups(("autoscaling", ["v1", "v2beta1", "v2beta2"]), ("policy", ["v1beta1"]));

        Assert.Equal(ClusterCapabilities.Kubernetes120, ApiDiscovery.FromGroups(groups));
    }

    [Fact]
    public void Current_releases_get_the_ga_versions()
    {
        var groups = Groups(("autoscaling", ["v1", "v2"]), ("policy", ["v1"]));

        Assert.Equal(ClusterCapabilities.Current, ApiDiscovery.FromGroups(groups));
    }

    [Fact]
    public void A_server_without_a_usable_version_is_a_clear_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ApiDiscovery.FromGroups(Groups(("autoscaling", ["v1"]), ("policy", ["v1"]))));

        Assert.Contains("autoscaling", error.Message, StringComparison.Ordinal);
    }

    private static V1APIGroupList Groups(params (string Name, string[] Versions)[] groups) =>
        new()
        {
            Groups =
            [
                .. groups.Select(group => new V1APIGroup
                {
                    Name = group.Name,
                    Versions = [.. group.Versions.Select(version => new V1GroupVersionForDiscovery { GroupVersion = $"{group.Name}/{version}", Version = version })],
                }),
            ],
        };
}
