using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Todo.Operator.Runtime.Hosting;

namespace Todo.Operator.Runtime.Tests;

/// <summary>
/// The probes and /metrics on a real Kestrel: each answers on its own port only, whatever Host header the client sends
/// (the probe port is open to everyone; metrics are for Prometheus).
/// </summary>
public sealed class EndpointPortTests : IAsyncLifetime
{
    private readonly OperatorOptions options = new() { MetricsPort = FreePort(), ProbePort = FreePort() };
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private WebApplication? app;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddHealthChecks();
        builder.Services.AddPortBoundEndpoints();
        builder.WebHost.ListenOnOperatorPorts(options);
        app = builder.Build();
        app.MapOperatorEndpoints(options);
        await app.StartAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Metrics_are_not_served_on_the_probe_port_even_when_the_host_header_names_the_metrics_port()
    {
        Assert.Equal(HttpStatusCode.NotFound, await GetAsync(options.ProbePort, "/metrics", host: $"localhost:{options.MetricsPort}"));
        Assert.Equal(HttpStatusCode.NotFound, await GetAsync(options.ProbePort, "/metrics", host: null));
        Assert.Equal(HttpStatusCode.OK, await GetAsync(options.MetricsPort, "/metrics", host: null));
    }

    [Fact]
    public async Task Probes_are_not_served_on_the_metrics_port_even_when_the_host_header_names_the_probe_port()
    {
        Assert.Equal(HttpStatusCode.NotFound, await GetAsync(options.MetricsPort, "/healthz", host: $"localhost:{options.ProbePort}"));
        Assert.Equal(HttpStatusCode.NotFound, await GetAsync(options.MetricsPort, "/readyz", host: $"localhost:{options.ProbePort}"));
        Assert.Equal(HttpStatusCode.OK, await GetAsync(options.ProbePort, "/healthz", host: $"localhost:{options.MetricsPort}"));
        Assert.Equal(HttpStatusCode.OK, await GetAsync(options.ProbePort, "/readyz", host: null));
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        if (app is not null)
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }
    }

    private async Task<HttpStatusCode> GetAsync(int port, string path, string? host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{port}{path}"));
        if (host is not null)
        {
            request.Headers.Host = host;
        }

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
