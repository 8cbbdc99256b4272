using System.Text.Json;
using k8s;
using k8s.Models;

namespace Todo.Operator.Runtime.Tests;

/// <summary>
/// The operator's kinds are serialized by generated metadata only: a registered kind round-trips through ModelJson and
/// through the client's own serializer (its typed calls); a kind nobody registered fails at once, in this JIT build as
/// it would in the native one.
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
