using System.Text.Json;
using k8s.Models;
using Todo.Operator.Runtime.Client;

namespace Todo.Operator.Runtime.Tests;

public sealed class StringPoolTests
{
    private static readonly ResourceType Deployments = new("apps", "v1", "Deployment", "deployments");

    [Fact]
    public void Two_objects_decoded_as_the_informers_do_share_their_equal_strings_and_keep_their_own()
    {
        var first = WatchStreamReader.Parse<V1Deployment>(Event("shop", "uid-1"), Deployments).Object!;
        var second = WatchStreamReader.Parse<V1Deployment>(Event("cart", "uid-2"), Deployments).Object!;

        var (firstLabel, secondLabel) = (first.Metadata.Labels.Single(), second.Metadata.Labels.Single());
        Assert.Same(firstLabel.Key, secondLabel.Key);
        Assert.Same(firstLabel.Value, secondLabel.Value);
        Assert.Same(first.Spec.Template.Spec.Containers[0].Image, second.Spec.Template.Spec.Containers[0].Image);
        Assert.Same(first.Spec.Template.Spec.Containers[0].Args[0], second.Spec.Template.Spec.Containers[0].Args[0]);
        Assert.Equal(("shop", "uid-1"), (first.Metadata.Name, first.Metadata.Uid));
        Assert.Equal(("cart", "uid-2"), (second.Metadata.Name, second.Metadata.Uid));
    }

    [Fact]
    public void Escaped_and_non_ascii_text_reads_as_written()
    {
        var decoded = Decode("""{"metadata":{"name":"a","annotations":{"note\u00e9":"line\none \"quoted\" \u00e9\ud83d\ude00"}}}""");

        Assert.Equal("line\none \"quoted\" \u00e9\ud83d\ude00", decoded.Metadata.Annotations["note\u00e9"]);
    }

    [Fact]
    public void Text_longer_than_the_pooled_limit_reads_whole_and_is_not_shared()
    {
        var script = new string('x', StringPool.MaxPooledLength + 1);
        var json = """{"metadata":{"name":"a","annotations":{"script":"SCRIPT"}}}""".Replace("SCRIPT", script, StringComparison.Ordinal);

        var (first, second) = (Decode(json), Decode(json));

        Assert.Equal(script, first.Metadata.Annotations["script"]);
        Assert.NotSame(first.Metadata.Annotations["script"], second.Metadata.Annotations["script"]);
    }

    [Fact]
    public void A_number_where_a_string_belongs_fails_as_json_naming_the_field()
    {
        var error = Assert.Throws<JsonException>(() => Decode("""{"metadata":{"name":7}}"""));

        Assert.Contains("metadata.name", error.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void Texts_that_share_a_slot_each_read_as_written()
    {
        var pool = new StringPool(slots: 1);

        var (first, second, again) = (pool.Get("first"), pool.Get("second"), pool.Get("first"));

        Assert.Equal(("first", "second", "first"), (first, second, again));
        Assert.Same(again, pool.Get("first"));
    }

    [Fact]
    public void The_number_of_slots_is_a_positive_power_of_two()
    {
        Assert.Throws<ArgumentException>(() => new StringPool(slots: 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StringPool(slots: 0));
    }

    private static V1Deployment Decode(string json) => BoundedJson.Deserialize<V1Deployment>(JsonDocument.Parse(json).RootElement);

    private static string Event(string name, string uid) =>
        """
        {"type":"ADDED","object":{"metadata":{"name":"NAME","uid":"UID","labels":{"app.kubernetes.io/name":"todo"}},
        "spec":{"template":{"spec":{"containers":[{"name":"api","image":"ghcr.io/example/todo-api:0.1.0","args":["--urls=http://+:8080"]}]}}}}}
        """.ReplaceLineEndings(string.Empty).Replace("NAME", name, StringComparison.Ordinal).Replace("UID", uid, StringComparison.Ordinal);
}
