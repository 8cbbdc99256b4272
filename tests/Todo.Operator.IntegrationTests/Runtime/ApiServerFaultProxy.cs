using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using Todo.Operator.Generation;

namespace Todo.Operator.IntegrationTests.Runtime;

/// <summary>
/// A plain-HTTP proxy on loopback in front of the real API server, for one client's kubeconfig, that can answer every
/// request with an error instead, as an API server in a brownout does (5xx while etcd is away, 429 under API priority and
/// fairness), cutting the streams it is forwarding. The rest of the test run keeps the real API server to itself.
/// </summary>
internal sealed class ApiServerFaultProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase) { "Host", "Connection", "Transfer-Encoding", "Keep-Alive", "Upgrade" };

    private readonly WebApplication app;
    private readonly int port;
    private Kubernetes? upstream;
    private CancellationTokenSource forwarding = new();
    private volatile int failWith;
    private volatile string? failOnly;
    private int faulted;

    private ApiServerFaultProxy(WebApplication app, int port)
    {
        this.app = app;
        this.port = port;
        app.Run(HandleAsync);
    }

    /// <summary>How many requests were answered with the injected error.</summary>
    public int Faulted => Volatile.Read(ref faulted);

    public static async Task<ApiServerFaultProxy> StartAsync(CancellationToken cancellationToken)
    {
        var port = FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http1));
        var proxy = new ApiServerFaultProxy(builder.Build(), port);
        await proxy.app.StartAsync(cancellationToken);
        return proxy;
    }

    /// <summary>
    /// Forwards to the server of <paramref name="kubeconfigPath"/> (its TLS settings); returns a copy of that kubeconfig that
    /// points at the proxy instead, with the same user.
    /// </summary>
    public string ForwardTo(string kubeconfigPath)
    {
        upstream = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfigPath));
        var config = KubernetesObjectYaml.Load(File.ReadAllText(kubeconfigPath)).Json;
        foreach (var cluster in config["clusters"]!.AsArray())
        {
            // Plain HTTP to the proxy: none of the upstream's CA or TLS settings.
            cluster!["cluster"] = new JsonObject { ["server"] = $"http://127.0.0.1:{port}" };
        }

        var path = Path.ChangeExtension(kubeconfigPath, ".proxied.kubeconfig");
        File.WriteAllText(path, KubernetesObjectYaml.Serialize(config));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return path;
    }

    /// <summary>
    /// Answers every request (or those whose path contains <paramref name="pathContains"/>) with <paramref name="status"/>
    /// from now on, and cuts the streams in flight.
    /// </summary>
    public void Fail(HttpStatusCode status, string? pathContains = null)
    {
        failOnly = pathContains;
        failWith = (int)status;
        var cut = Interlocked.Exchange(ref forwarding, new CancellationTokenSource());
        cut.Cancel();
        cut.Dispose();
    }

    public void Heal() => failWith = 0;

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync(CancellationToken.None);
        await app.DisposeAsync();
        forwarding.Dispose();
        upstream?.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (failWith is var status and > 0 && (failOnly is not { } only || context.Request.Path.Value?.Contains(only, StringComparison.Ordinal) is true))
        {
            Interlocked.Increment(ref faulted);
            context.Response.StatusCode = status;
            if (status == StatusCodes.Status429TooManyRequests)
            {
                context.Response.Headers.RetryAfter = "1";
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(
                $$"""{"kind":"Status","apiVersion":"v1","status":"Failure","message":"injected by the test's fault proxy","code":{{status}}}""",
                context.RequestAborted);
            return;
        }

        var server = upstream ?? throw new InvalidOperationException("ForwardTo names the API server first.");
        using var cut = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, forwarding.Token);
        try
        {
            await ForwardAsync(server, context, cut.Token);
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            // Cut by Fail: the client sees its connection reset, as when an API server goes away.
            context.Abort();
        }
    }

    private static async Task ForwardAsync(Kubernetes server, HttpContext context, CancellationToken cancellationToken)
    {
        var target = new Uri(server.BaseUri, context.Request.Path.Value + context.Request.QueryString.Value);
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), target);
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            request.Content = new StreamContent(context.Request.Body);
        }

        foreach (var (name, values) in context.Request.Headers.Where(header => !HopByHop.Contains(header.Key)))
        {
            if (!request.Headers.TryAddWithoutValidation(name, [.. values]))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, [.. values]);
            }
        }

        using var response = await server.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers).Where(header => !HopByHop.Contains(header.Key)))
        {
            context.Response.Headers[name] = values.ToArray();
        }

        // Flushed per read: a watch is a stream of lines the client must see as they come.
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            await context.Response.Body.FlushAsync(cancellationToken);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
