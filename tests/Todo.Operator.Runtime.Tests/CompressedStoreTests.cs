using k8s.Models;
using Todo.Operator.Runtime.Client;
using Todo.Operator.Runtime.Informers;

namespace Todo.Operator.Runtime.Tests;

/// <summary>An informer store that keeps its objects compressed answers as one that keeps them as they are.</summary>
public sealed class CompressedStoreTests
{
    [Fact]
    public void A_read_gives_the_stored_object_in_full_and_a_new_copy_each_time()
    {
        var store = new InformerStore<V1Deployment>(compress: true);
        store.Replace(new ResourceList<V1Deployment>([Deployment("7", "0.1.0")], "7"));

        var first = store.Get(ObjectKey.Of("team-a", "shop-api"))!;
        first.Spec.Template.Spec.Containers[0].Image = "changed by a careless reader";
        var second = store.Get(ObjectKey.Of("team-a", "shop-api"))!;

        Assert.Equal(ModelJson.Serialize(Deployment("7", "0.1.0")), ModelJson.Serialize(second));
        Assert.NotSame(first, second);
        Assert.Equal("ghcr.io/example/todo-api:0.1.0", Assert.Single(store.List()).Spec.Template.Spec.Containers[0].Image);
    }

    [Fact]
    public void It_holds_fewer_bytes_than_the_json_of_its_objects()
    {
        var store = new InformerStore<V1Deployment>(compress: true);
        var deployment = Deployment("7", "0.1.0");

        store.Replace(new ResourceList<V1Deployment>([deployment], "7"));

        Assert.InRange(store.CompressedBytes, 1, ModelJson.Serialize(deployment).Length / 2);
        Assert.Equal(0, new InformerStore<V1Deployment>().CompressedBytes);
    }

    [Fact]
    public void A_replay_of_the_same_version_is_no_event_and_an_update_carries_the_old_copy()
    {
        var store = new InformerStore<V1Deployment>(compress: true);
        store.Replace(new ResourceList<V1Deployment>([Deployment("7", "0.1.0")], "7"));

        var replay = store.Apply(new WatchEvent<V1Deployment>(WatchEventType.Modified, Deployment("7", "0.1.0")));
        var update = store.Apply(new WatchEvent<V1Deployment>(WatchEventType.Modified, Deployment("8", "0.2.0")));
        var deletion = store.Apply(new WatchEvent<V1Deployment>(WatchEventType.Deleted, Deployment("9", "0.2.0")));

        Assert.Null(replay);
        Assert.Equal(ResourceEventType.Updated, update!.Type);
        Assert.Equal("ghcr.io/example/todo-api:0.1.0", ((V1Deployment)update.Old!).Spec.Template.Spec.Containers[0].Image);
        Assert.Equal("8", ((V1Deployment)deletion!.Old!).Metadata.ResourceVersion);
        Assert.Null(store.Get(ObjectKey.Of("team-a", "shop-api")));
    }

    [Fact]
    public void A_namespace_is_listed_alone_and_a_namespace_whose_name_starts_another_is_not_in_it()
    {
        var store = new InformerStore<V1Deployment>(compress: true);
        var (own, other, longer) = (Deployment("7", "0.1.0"), Deployment("8", "0.1.0"), Deployment("9", "0.1.0"));
        other.Metadata.NamespaceProperty = "team-b";
        longer.Metadata.NamespaceProperty = "team-a-staging";

        store.Replace(new ResourceList<V1Deployment>([own, other, longer], "9"));

        Assert.Equal(["7"], store.List("team-a").Select(found => found.Metadata.ResourceVersion));
        Assert.Equal(3, store.List().Count);
    }

    private static V1Deployment Deployment(string resourceVersion, string tag) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = new V1ObjectMeta
        {
            Name = "shop-api",
            NamespaceProperty = "team-a",
            ResourceVersion = resourceVersion,
            Generation = 2,
            Labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "todo", ["app.kubernetes.io/instance"] = "shop" },
        },
        Spec = new V1DeploymentSpec
        {
            Replicas = 2,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app.kubernetes.io/instance"] = "shop" } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app.kubernetes.io/instance"] = "shop" } },
                Spec = new V1PodSpec
                {
                    Containers =
                    [
                        new V1Container
                        {
                            Name = "api",
                            Image = $"ghcr.io/example/todo-api:{tag}",
                            Env = [.. Enumerable.Range(0, 8).Select(i => new V1EnvVar { Name = $"Setting__{i}", Value = $"value-{i}" })],
                            Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("200m"), ["memory"] = new("192Mi") } },
                        },
                    ],
                },
            },
        },
        Status = new V1DeploymentStatus { ObservedGeneration = 2, Replicas = 2, AvailableReplicas = 1 },
    };
}
