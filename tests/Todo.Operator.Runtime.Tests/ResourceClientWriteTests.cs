using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Options;
using Todo.Operator.Runtime.Client;
using Todo.Operator.Runtime.Hosting;

namespace Todo.Operator.Runtime.Tests;

/// <summary>
/// The writes that leader election and the caBundle publisher send (a replace guarded by its resourceVersion, a JSON
/// patch), over the connection's credentials, and the API server's refusals as the callers catch them.
/// </summary>
public sealed class ResourceClientWriteTests
{
    private static readonly ResourceType Leases = ResourceType.Of<V1Lease>();
    private static readonly ResourceType Crds = ResourceType.Of<V1CustomResourceDefinition>() with { Namespaced = false };

    [Fact]
    public async Task A_replace_puts_the_object_with_its_resource_version_and_the_bearer_token()
    {
        var server = new RecordingServer(HttpStatusCode.OK, """{"metadata":{"name":"leader","namespace":"ops","resourceVersion":"8"},"spec":{"holderIdentity":"a"}}""");
        var client = Client(server);

        var replaced = await client.ReplaceAsync(
            Leases,
            new V1Lease { Metadata = new V1ObjectMeta { Name = "leader", NamespaceProperty = "ops", ResourceVersion = "7" }, Spec = new V1LeaseSpec { HolderIdentity = "a" } },
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpMethod.Put, server.Method);
        Assert.Equal("/apis/coordination.k8s.io/v1/namespaces/ops/leases/leader?fieldManager=todo-operator", server.PathAndQuery);
        Assert.Equal("Bearer secret-token", server.Authorization);
        Assert.Equal("7", JsonNode.Parse(server.Body!)!["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Equal(("8", "Lease"), (replaced.Metadata.ResourceVersion, replaced.Kind));
    }

    [Fact]
    public async Task A_stale_replace_is_refused_with_the_servers_conflict()
    {
        var client = Client(new RecordingServer(HttpStatusCode.Conflict, """{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Conflict","code":409}"""));

        var error = await Assert.ThrowsAsync<KubernetesException>(() => client.ReplaceAsync(
            Leases, new V1Lease { Metadata = new V1ObjectMeta { Name = "leader", NamespaceProperty = "ops", ResourceVersion = "7" } }, TestContext.Current.CancellationToken));

        Assert.Equal((409, "Conflict"), (error.Status.Code, error.Status.Reason));
    }

    [Fact]
    public async Task A_json_patch_is_sent_as_one_with_its_operations_in_order()
    {
        var server = new RecordingServer(HttpStatusCode.OK, """{"metadata":{"name":"todoapps.todo.gitops.dev","resourceVersion":"3"}}""");
        var patch = new JsonArray(
            new JsonObject { ["op"] = "test", ["path"] = "/metadata/resourceVersion", ["value"] = "2" },
            new JsonObject { ["op"] = "add", ["path"] = "/spec/conversion/webhook/clientConfig/caBundle", ["value"] = "Q0E=" });

        await Client(server).JsonPatchAsync<V1CustomResourceDefinition>(Crds, null, "todoapps.todo.gitops.dev", patch, TestContext.Current.CancellationToken);

        Assert.Equal(HttpMethod.Patch, server.Method);
        Assert.Equal("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/todoapps.todo.gitops.dev?fieldManager=todo-operator", server.PathAndQuery);
        Assert.Equal("application/json-patch+json", server.ContentType);
        Assert.Equal(patch.ToJsonString(), server.Body);
    }

    private static ResourceClient Client(RecordingServer server) =>
        new(
            new KubernetesConnection(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1", AccessToken = "secret-token" }, server),
            Options.Create(new OperatorOptions()));

    /// <summary>Answers every request with one status and body, and keeps what the last request carried.</summary>
    private sealed class RecordingServer(HttpStatusCode status, string body) : DelegatingHandler
    {
        public HttpMethod? Method { get; private set; }

        public string? PathAndQuery { get; private set; }

        public string? Authorization { get; private set; }

        public string? ContentType { get; private set; }

        public string? Body { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            (Method, PathAndQuery, Authorization) = (request.Method, request.RequestUri?.PathAndQuery, request.Headers.Authorization?.ToString());
            ContentType = request.Content?.Headers.ContentType?.MediaType;
            Body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            return new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        }
    }
}
