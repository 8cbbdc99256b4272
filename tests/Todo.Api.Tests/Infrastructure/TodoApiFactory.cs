using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Todo.Api.Tests.Infrastructure;

/// <summary>The real API against the given Redis, under a key prefix of its own.</summary>
public sealed class TodoApiFactory(string redisEndpoint, string? keyPrefix = null) : WebApplicationFactory<Program>
{
    public string KeyPrefix { get; } = keyPrefix ?? $"test-{Guid.NewGuid():N}";

    /// <summary>Starts the API on Kestrel at a free loopback port (for the browser) and returns its base address.</summary>
    public Uri StartOnKestrel()
    {
        UseKestrel(0);
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Redis:Endpoint", redisEndpoint);
        builder.UseSetting("Redis:KeyPrefix", KeyPrefix);
        builder.UseSetting("Redis:TimeoutMilliseconds", "2000");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }
}
