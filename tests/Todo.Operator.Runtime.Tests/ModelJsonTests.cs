using System.Text.Json;
using k8s;
using k8s.Models;

namespace Todo.Operator.Runtime.Tests;

/// <summary>
/// The operator's kinds are serialized by generated metadata only: a registered kind round-trips through ModelJson and
/// through the client's own serializer (its typed calls, in tests); a kind nobody registered fails at once, in this JIT
/// build as it would in the native one. The Kubernetes models ModelJson knows are its own list, written in KubernetesClient's
/// formats, not KubernetesClient's metadata of every model (which would keep all of them in the native executable).
/// </summary>
public sealed class ModelJsonTests
{
    [Fact]
    public void A_registered_kind_round_trips_through_model_json_and_the_clients_serializer()
    {
        var widget = new Widget { Metadata = new V1ObjectMeta { Name = "w", Labels = new Dictionary<string, string> { ["a"] = "1" } } };

        var json = ModelJson.Serialize(widget);
        var read = KubernetesJson.Deserialize<Widget>(json);

        Assert.Equal("""{"apiVersion":"widgets.example.com/v1","kind":"Widget","metadata":{"labels":{"a":"1"},"name":"w"}}""", json);
        Assert.Equal(("w", "1"), (read.Metadata.Name, read.Metadata.Labels["a"]));
        Assert.Equal(json, KubernetesJson.Serialize(read));
    }

    [Fact]
    public void A_kind_nobody_registered_fails_at_its_first_use()
    {
        var error = Assert.Throws<NotSupportedException>(() => ModelJson.Serialize(new Unregistered()));

        Assert.Contains(nameof(Unregistered), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_kubernetes_models_are_written_as_kubernetes_client_writes_them()
    {
        var secret = new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = "s", CreationTimestamp = new DateTime(2026, 12, 7, 4, 5, 6, DateTimeKind.Utc).AddTicks(1_234_567) },
            Data = new Dictionary<string, byte[]> { ["tls.crt"] = [1, 2, 3] },
        };
        var deployment = new V1Deployment
        {
            Spec = new V1DeploymentSpec
            {
                Strategy = new V1DeploymentStrategy { RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = "25%", MaxUnavailable = 0 } },
                Template = new V1PodTemplateSpec
                {
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "api", Resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("256Mi") } } }] },
                },
            },
        };

        Assert.Equal(KubernetesJson.Serialize(secret), ModelJson.Serialize(secret));
        Assert.Equal(KubernetesJson.Serialize(deployment), ModelJson.Serialize(deployment));
        Assert.Contains("\"creationTimestamp\":\"2026-12-07T04:05:06.123456Z\"", ModelJson.Serialize(secret), StringComparison.Ordinal);
    }

    [Fact]
    public void A_registered_kind_is_written_in_kubernetes_client_formats_too()
    {
        var widget = new Widget { Metadata = new V1ObjectMeta { Name = "w", CreationTimestamp = new DateTime(2026, 12, 7, 4, 5, 6, DateTimeKind.Utc).AddTicks(1_234_567) } };

        Assert.Contains("\"creationTimestamp\":\"2026-12-07T04:05:06.123456Z\"", ModelJson.Serialize(widget), StringComparison.Ordinal);
    }

    [Fact]
    public void A_kubernetes_model_the_operator_does_not_use_is_not_known()
    {
        var error = Assert.Throws<NotSupportedException>(() => ModelJson.Serialize(new V1CronJob()));

        Assert.Contains(nameof(V1CronJob), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_values_and_partial_metadata_need_no_registration()
    {
        var element = JsonDocument.Parse("""{"f:spec":{}}""").RootElement;

        Assert.Equal("""{"f:spec":{}}""", ModelJson.Serialize(element));
        Assert.Equal("m", ModelJson.Deserialize<Client.PartialObjectMetadata>("""{"metadata":{"name":"m"}}""").Metadata.Name);
    }

    private sealed class Unregistered
    {
        public string Name { get; set; } = "";
    }
}
