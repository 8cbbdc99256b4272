using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Todo.Api.Tests.Infrastructure;

/// <summary>
/// The real API against the given Redis, under a key prefix of its own, with optional extra settings
/// (configuration keys such as <c>Api:PublicHosts</c>).
/// </summary>
public sealed class TodoApiFactory(string redisEndpoint, string? keyPrefix = null, IReadOnlyDictionary<string, string>? settings = null)
    : WebApplicationFactory<Program>
{
    /// <summary>
    /// In-process requests have no TCP peer; this request header names the address the API sees the request
    /// coming from, as if it had arrived over the network (requests without it come from 192.0.2.1, TEST-NET-1).
    /// </summary>
    public const string PeerHeader = "X-Test-Peer";

    /// <summary>Likewise the port the request arrived on, for the management port (requests without it: 0).</summary>
    public const string LocalPortHeader = "X-Test-Local-Port";

    public TodoApiFactory(string redisEndpoint, IReadOnlyDictionary<string, string> settings)
        : this(redisEndpoint, null, settings)
    {
    }

    private bool onKestrel;

    public string KeyPrefix { get; } = keyPrefix ?? $"test-{Guid.NewGuid():N}";

    /// <summary>Starts the API on Kestrel at a free loopback port (for the browser) and returns its base address.</summary>
    public Uri StartOnKestrel()
    {
        // Not UseKestrel(0): the factory then rewrites the server's addresses after the app has started Kestrel on its
        // own thread, and throws when Kestrel binds first (dotnet/aspnetcore#67714). The port comes from the URL instead.
        onKestrel = true;
        UseKestrel();
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (onKestrel)
        {
            builder.UseUrls("http://127.0.0.1:0");
        }

        builder.UseSetting("Redis:Endpoint", redisEndpoint);
        builder.UseSetting("Redis:KeyPrefix", KeyPrefix);
        builder.UseSetting("Redis:TimeoutMilliseconds", "2000");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => services.AddTransient<IStartupFilter, TestPeerStartupFilter>());
    }

    private sealed class TestPeerStartupFilter : IStartupFilter
    {
        private static readonly IPAddress DefaultPeer = IPAddress.Parse("192.0.2.1");

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                // Kestrel requests (the browser tests) have a real peer; only in-process ones get one here.
                if (context.Connection.RemoteIpAddress is null || context.Request.Headers.ContainsKey(PeerHeader))
                {
                    context.Connection.RemoteIpAddress =
                        IPAddress.TryParse(context.Request.Headers[PeerHeader].ToString(), out var peer) ? peer : DefaultPeer;
                }

                if (int.TryParse(context.Request.Headers[LocalPortHeader].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
                {
                    context.Connection.LocalPort = port;
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
