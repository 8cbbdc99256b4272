using System.Net;
using System.Text;
using System.Text.Json;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Options;
using Todo.Operator.Runtime.Client;
using Todo.Operator.Runtime.Hosting;

namespace Todo.Operator.Runtime.Tests;

/// <summary>Items of a list or a watch are decoded one by one: one the model cannot hold is set apart, the others are read.</summary>
public sealed class UndecodableItemsTests
{
    private static readonly ResourceType Deployments = new("apps", "v1", "Deployment", "deployments");

    [Fact]
    public async Task A_list_returns_every_decodable_item_and_describes_the_undecodable_one()
    {
        var body = $$"""
            {"kind":"DeploymentList","apiVersion":"apps/v1","metadata":{"resourceVersion":"42"},"items":[
              {{Deployment("first", "5", "256Mi")}},
              {{Deployment("poisoned", "6", "1e1.5")}},
              {{Deployment("last", "7", "1Gi")}}
            ]}
            """;
        using var kubernetes = CannedServer(body);
        var client = new ResourceClient(kubernetes, Options.Create(new OperatorOptions()));

        var list = await client.ListAsync<V1Deployment>(Deployments, "team-a", null, null, TestContext.Current.CancellationToken);

        Assert.Equal(["first", "last"], list.Items.Select(item => item.Metadata.Name));
        Assert.All(list.Items, item => Assert.Equal(("apps/v1", "Deployment"), (item.ApiVersion, item.Kind)));
        Assert.Equal("42", list.ResourceVersion);
        var undecodable = Assert.Single(list.Undecodable);
        Assert.Equal(("team-a", "poisoned", "6", "uid-poisoned"), (undecodable.Metadata.NamespaceProperty, undecodable.Metadata.Name, undecodable.Metadata.ResourceVersion, undecodable.Metadata.Uid));
        Assert.Equal(("apps/v1", "Deployment"), (undecodable.ApiVersion, undecodable.Kind));
        Assert.StartsWith("spec.template.spec.containers[0].resources.limits.memory: '1e1.5' is not a quantity", undecodable.Reason, StringComparison.Ordinal);
        Assert.Equal("1e1.5", undecodable.Json.GetProperty("spec").GetProperty("template").GetProperty("spec").GetProperty("containers")[0]
            .GetProperty("resources").GetProperty("limits").GetProperty("memory").GetString());
    }

    [Fact]
    public void A_watch_event_whose_object_cannot_be_decoded_still_carries_its_identity_and_resource_version()
    {
        var line = $$"""{"type":"MODIFIED","object":{{Deployment("poisoned", "9", "1e999999999")}}}""";

        var watchEvent = WatchStreamReader.Parse<V1Deployment>(line, Deployments);

        Assert.Equal(WatchEventType.Modified, watchEvent.Type);
        Assert.Null(watchEvent.Object);
        Assert.Equal("9", watchEvent.ResourceVersion);
        Assert.Equal("poisoned", watchEvent.Undecodable?.Metadata.Name);
        Assert.Contains("1e999999999", watchEvent.Undecodable?.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_answer_throws_the_servers_status()
    {
        using var kubernetes = CannedServer("""{"kind":"Status","apiVersion":"v1","status":"Failure","message":"forbidden","code":403}""", HttpStatusCode.Forbidden);
        var client = new ResourceClient(kubernetes, Options.Create(new OperatorOptions()));

        var refused = await Assert.ThrowsAsync<KubernetesException>(() => client.ListAsync<V1Deployment>(Deployments, "team-a", null, null, TestContext.Current.CancellationToken));

        Assert.Equal((403, "forbidden"), (refused.Status.Code, refused.Status.Message));
    }

    private static string Deployment(string name, string resourceVersion, string memory) =>
        JsonSerializer.Serialize(new
        {
            metadata = new { name, @namespace = "team-a", resourceVersion, uid = $"uid-{name}" },
            spec = new { selector = new { }, template = new { spec = new { containers = new[] { new { name = "api", resources = new { limits = new { memory } } } } } } },
        });

    private static KubernetesConnection CannedServer(string body, HttpStatusCode status = HttpStatusCode.OK) =>
        new(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" }, new CannedResponse(body, status));

    /// <summary>Answers every request with one body, as the API server would, without a network.</summary>
    private sealed class CannedResponse(string body, HttpStatusCode status) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
    }
}
