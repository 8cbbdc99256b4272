using k8s;
using k8s.Models;
using Todo.Operator.Runtime.Discovery;

namespace Todo.Operator.Runtime.Tests;

public sealed class ResourceDiscoveryTests
{
    private static readonly OwnedKind Autoscalers = OwnedKind.Of<V2HorizontalPodAutoscaler>(["v2", "v2beta2"]);
    private static readonly OwnedKind Budgets = OwnedKind.Of<V1PodDisruptionBudget>(["v1", "v1beta1"]);
    private static readonly OwnedKind Secrets = OwnedKind.Of<V1Secret>();
    private static readonly OwnedKind Widgets = OwnedKind.Of<Widget>(optional: true);

    private static readonly (string GroupVersion, string[] Resources)[] Kubernetes120 =
    [
        ("v1", ["secrets", "configmaps"]),
        ("autoscaling/v1", ["horizontalpodautoscalers"]),
        ("autoscaling/v2beta1", ["horizontalpodautoscalers"]),
        ("autoscaling/v2beta2", ["horizontalpodautoscalers"]),
        ("policy/v1beta1", ["poddisruptionbudgets", "podsecuritypolicies"]),
    ];

    [Fact]
    public void Kubernetes_1_20_gets_the_beta_versions()
    {
        var served = Discover(Kubernetes120, Autoscalers, Budgets);

        Assert.Equal("v2beta2", served.Require(Autoscalers).Version);
        Assert.Equal("v1beta1", served.Require(Budgets).Version);
    }

    [Fact]
    public void Current_releases_get_the_ga_versions()
    {
        var served = Discover([("autoscaling/v1", ["horizontalpodautoscalers"]), ("autoscaling/v2", ["horizontalpodautoscalers"]), ("policy/v1", ["poddisruptionbudgets"])], Autoscalers, Budgets);

        Assert.Equal("v2", served.Require(Autoscalers).Version);
        Assert.Equal("v1", served.Require(Budgets).Version);
    }

    [Fact]
    public void A_server_without_a_usable_version_is_a_clear_error()
    {
        var served = Discover([("autoscaling/v1", ["horizontalpodautoscalers"]), ("policy/v1", ["poddisruptionbudgets"])], Autoscalers, Budgets);

        var error = Assert.Throws<InvalidOperationException>(() => served.Require(Autoscalers));

        Assert.Contains("autoscaling", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_core_group_is_served_without_being_listed_among_the_groups()
    {
        Assert.Equal(ResourceType.Of<V1Secret>(), Discover(Kubernetes120, Secrets).Resolve(Secrets));
    }

    [Fact]
    public void A_group_version_counts_only_for_the_resources_it_lists()
    {
        var kind = OwnedKind.Of<V1PodDisruptionBudget>(["v1", "v1beta1"]);

        // policy/v1 of Kubernetes 1.21 to 1.24 listed only poddisruptionbudgets; a group-version without the resource is skipped.
        var served = Discover([("policy/v1", ["evictions"]), ("policy/v1beta1", ["poddisruptionbudgets"])], kind);

        Assert.Equal("v1beta1", served.Require(kind).Version);
    }

    [Fact]
    public void An_optional_kind_is_absent_until_its_crd_serves_it()
    {
        var before = Discover(Kubernetes120, Autoscalers, Widgets);
        var after = Discover([.. Kubernetes120, ("widgets.example.com/v1", ["widgets"])], Autoscalers, Widgets);

        Assert.Null(before.Resolve(Widgets));
        Assert.NotNull(before.Resolve(Autoscalers));
        Assert.Equal(ResourceType.Of<Widget>(), after.Resolve(Widgets));
    }

    [Fact]
    public async Task An_optional_group_version_that_fails_to_answer_counts_as_not_served_but_a_required_one_stops_discovery()
    {
        var server = new StubResourceClient();
        server.Paths["apis"] = Groups([("autoscaling/v2", []), ("widgets.example.com/v1", [])]);
        server.Paths["apis/autoscaling/v2"] = Resources("autoscaling/v2", "horizontalpodautoscalers");
        server.Paths["apis/widgets.example.com/v1"] = new KubernetesException(new V1Status { Code = 503, Message = "service unavailable" });
        var discovery = new ResourceDiscovery(server);

        var served = await discovery.DiscoverAsync([Autoscalers, Widgets], TestContext.Current.CancellationToken);
        Assert.Equal("v2", served.Require(Autoscalers).Version);
        Assert.Null(served.Resolve(Widgets));

        server.Paths["apis/autoscaling/v2"] = new KubernetesException(new V1Status { Code = 503, Message = "service unavailable" });
        await Assert.ThrowsAsync<KubernetesException>(() => discovery.DiscoverAsync([Autoscalers, Widgets], TestContext.Current.CancellationToken));
    }

    private static ResourceCatalog Discover((string GroupVersion, string[] Resources)[] server, params OwnedKind[] kinds) =>
        ResourceDiscovery.Resolve(
            kinds,
            Groups(server),
            groupVersion => server.Where(entry => entry.GroupVersion == groupVersion).Select(entry => Resources(groupVersion, entry.Resources)).FirstOrDefault());

    private static V1APIGroupList Groups((string GroupVersion, string[] Resources)[] server) => new()
    {
        Groups =
        [
            .. server.Where(entry => entry.GroupVersion.Contains('/', StringComparison.Ordinal))
                .Select(entry => entry.GroupVersion.Split('/'))
                .GroupBy(parts => parts[0], parts => parts[1])
                .Select(group => new V1APIGroup
                {
                    Name = group.Key,
                    Versions = [.. group.Select(version => new V1GroupVersionForDiscovery { GroupVersion = $"{group.Key}/{version}", Version = version })],
                }),
        ],
    };

    private static V1APIResourceList Resources(string groupVersion, params string[] names) =>
        new() { GroupVersion = groupVersion, Resources = [.. names.Select(name => new V1APIResource { Name = name })] };
}
