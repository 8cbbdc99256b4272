using k8s;
using k8s.Models;
using Todo.Operator.IntegrationTests.Cluster;
using Todo.Operator.Runtime;
using Todo.Operator.Runtime.Client;
using Todo.Operator.Runtime.Discovery;

namespace Todo.Operator.IntegrationTests.Runtime;

/// <summary>The generic client against the real API server: core group, a beta group version, SSA, status, delete.</summary>
public sealed class ResourceClientTests(ControlPlaneFixture fixture) : RuntimeTest(fixture, "runtime-client")
{
    private static readonly ResourceType ConfigMaps = new(string.Empty, "v1", "ConfigMap", "configmaps");
    private static readonly ResourceType Services = new(string.Empty, "v1", "Service", "services");

    [Fact]
    public async Task Server_side_apply_get_list_and_delete_round_trip_on_the_core_group()
    {
        var client = Client;
        var desired = new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = "settings", NamespaceProperty = Namespace, Labels = new Dictionary<string, string> { ["app"] = "shop" } },
            Data = new Dictionary<string, string> { ["mode"] = "a" },
        };

        var created = await client.ApplyAsync(ConfigMaps, desired, Cancellation);
        desired.Data["mode"] = "b";
        var updated = await client.ApplyAsync(ConfigMaps, desired, Cancellation);

        Assert.Equal("b", updated.Data["mode"]);
        Assert.NotEqual(created.Metadata.ResourceVersion, updated.Metadata.ResourceVersion);
        Assert.Contains(updated.Metadata.ManagedFields, field => field.Manager == "todo-operator-runtime-tests" && field.Operation == "Apply");
        Assert.Equal("b", (await client.GetAsync<V1ConfigMap>(ConfigMaps, Namespace, "settings", Cancellation))?.Data["mode"]);

        var selected = await client.ListAsync<V1ConfigMap>(ConfigMaps, Namespace, "app=shop", null, Cancellation);
        var unselected = await client.ListAsync<V1ConfigMap>(ConfigMaps, Namespace, "app=other", null, Cancellation);
        Assert.Equal(["settings"], selected.Items.Select(item => item.Metadata.Name));
        Assert.Equal("ConfigMap", selected.Items[0].Kind);
        Assert.NotEmpty(selected.ResourceVersion);
        Assert.Empty(unselected.Items);

        await client.DeleteAsync(ConfigMaps, Namespace, "settings", Cancellation);
        await client.DeleteAsync(ConfigMaps, Namespace, "settings", Cancellation);
        Assert.Null(await client.GetAsync<V1ConfigMap>(ConfigMaps, Namespace, "settings", Cancellation));
    }

    [Fact]
    public async Task Status_is_patched_through_the_status_subresource()
    {
        var client = Client;
        await client.ApplyAsync(
            Services,
            new V1Service
            {
                Metadata = new V1ObjectMeta { Name = "edge", NamespaceProperty = Namespace },
                Spec = new V1ServiceSpec { Type = "LoadBalancer", Ports = [new V1ServicePort { Port = 80, Protocol = "TCP" }] },
            },
            Cancellation);

        var patched = await client.PatchStatusAsync<V1Service>(
            Services,
            Namespace,
            "edge",
            new V1ServiceStatus { LoadBalancer = new V1LoadBalancerStatus { Ingress = [new V1LoadBalancerIngress { Ip = "192.0.2.10" }] } },
            Cancellation);

        Assert.Equal("192.0.2.10", patched.Status.LoadBalancer.Ingress.Single().Ip);
        Assert.Equal("LoadBalancer", patched.Spec.Type);
    }

    [Fact]
    public async Task Autoscalers_round_trip_in_the_version_discovery_picks()
    {
        var client = Client;
        var autoscalerKind = OwnedKind.Of<V2HorizontalPodAutoscaler>(["v2", "v2beta2"]);
        var budgetKind = OwnedKind.Of<V1PodDisruptionBudget>(["v1", "v1beta1"]);
        var served = await new ResourceDiscovery(client).DiscoverAsync([autoscalerKind, budgetKind], Cancellation);
        var autoscalers = served.Require(autoscalerKind);

        var applied = await client.ApplyAsync(
            autoscalers,
            new V2HorizontalPodAutoscaler
            {
                Metadata = new V1ObjectMeta { Name = "api", NamespaceProperty = Namespace },
                Spec = new V2HorizontalPodAutoscalerSpec
                {
                    MinReplicas = 2,
                    MaxReplicas = 10,
                    ScaleTargetRef = new V2CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "api" },
                },
            },
            Cancellation);

        Assert.Equal($"autoscaling/{autoscalers.Version}", applied.ApiVersion);
        Assert.Equal(10, applied.Spec.MaxReplicas);
        if (Fixture.ServerVersion.StartsWith("v1.20.", StringComparison.Ordinal))
        {
            Assert.Equal(("v2beta2", "v1beta1"), (autoscalers.Version, served.Require(budgetKind).Version));
        }
    }

    [Fact]
    public async Task Api_errors_carry_the_server_status()
    {
        var client = Client;
        var invalid = new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "Not_A_Valid_Name", NamespaceProperty = Namespace } };

        var error = await Assert.ThrowsAsync<KubernetesException>(() => client.ApplyAsync(ConfigMaps, invalid, Cancellation));

        Assert.Equal(422, error.Status.Code);
    }
}
