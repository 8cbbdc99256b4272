using System.Net;
using System.Net.Sockets;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Options;
using Todo.Operator.Runtime.Client;
using Todo.Operator.Runtime.Hosting;

namespace Todo.Operator.Runtime.Tests;

/// <summary>An API server that accepts connections and never answers must not hold a reconcile forever.</summary>
public sealed class ResourceClientTimeoutTests : IDisposable
{
    private static readonly ResourceType ConfigMaps = new("", "v1", "ConfigMap", "configmaps");

    private readonly TcpListener silentServer = new(IPAddress.Loopback, 0);

    public ResourceClientTimeoutTests() => silentServer.Start();

    [Fact]
    public async Task A_request_without_an_answer_fails_with_a_timeout_instead_of_hanging()
    {
        using var kubernetes = new KubernetesConnection(new KubernetesClientConfiguration
        {
            Host = $"http://127.0.0.1:{((IPEndPoint)silentServer.LocalEndpoint).Port}",
        });
        var client = new ResourceClient(kubernetes, Options.Create(new OperatorOptions { RequestTimeout = TimeSpan.FromSeconds(1) }));

        var error = await Assert.ThrowsAsync<TimeoutException>(() =>
            client.GetAsync<V1ConfigMap>(ConfigMaps, "default", "settings", TestContext.Current.CancellationToken));

        Assert.Contains("configmaps.v1 default/settings", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_by_the_caller_stays_a_cancellation()
    {
        using var kubernetes = new KubernetesConnection(new KubernetesClientConfiguration
        {
            Host = $"http://127.0.0.1:{((IPEndPoint)silentServer.LocalEndpoint).Port}",
        });
        var client = new ResourceClient(kubernetes, Options.Create(new OperatorOptions { RequestTimeout = TimeSpan.FromMinutes(5) }));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            client.GetAsync<V1ConfigMap>(ConfigMaps, "default", "settings", cancellation.Token));
    }

    public void Dispose() => silentServer.Dispose();
}
