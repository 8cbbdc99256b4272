using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using Todo.Api.Tests.Infrastructure;

namespace Todo.Api.Tests;

/// <summary>
/// X-Forwarded-* counts only from configured proxies (none by default), and the API hands out absolute URLs (url,
/// Location, Link) only under configured public hosts, relative ones otherwise: no Host or X-Forwarded-Host a client
/// sends ever reaches a link.
/// </summary>
public sealed class TrustedProxyTests(SharedRedis redis)
{
    private const string Ingress = "10.42.0.7";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_public_hosts_links_are_relative_so_no_host_a_client_sends_reaches_them()
    {
        await using var byDefault = new TodoApiFactory(redis.Server.Endpoint);
        await using var behindLoopbackProxy = new TodoApiFactory(redis.Server.Endpoint, new Dictionary<string, string> { ["Api:TrustedProxies"] = "127.0.0.0/8" });

        foreach (var api in new[] { byDefault, behindLoopbackProxy })
        {
            using var client = api.CreateClient();
            var forwarded = await CreateAsync(client, peer: "127.0.0.1", forwardedHost: "attacker.invalid", forwardedProto: "https");
            var direct = await CreateAsync(client, peer: "203.0.113.9", host: "attacker.invalid");
            using var page = await SendAsync(client, HttpMethod.Get, "/todos?limit=1", "127.0.0.1", forwardedHost: "attacker.invalid", host: "attacker.invalid");
            var listed = (await page.Content.ReadFromJsonAsync<TodoDto[]>(Ct))!;

            Assert.Equal($"/todos/{forwarded.Id}", forwarded.Url);
            Assert.Equal($"/todos/{direct.Id}", direct.Url);
            Assert.StartsWith("</todos?limit=1&after=", page.Headers.GetValues("Link").Single(), StringComparison.Ordinal);
            Assert.Equal($"/todos/{listed[0].Id}", listed[0].Url);
        }
    }

    [Fact]
    public async Task By_default_no_proxy_is_trusted_not_even_one_on_loopback()
    {
        await using var api = new TodoApiFactory(redis.Server.Endpoint, new Dictionary<string, string> { ["Api:PublicHosts"] = "todo.example.com" });
        using var client = api.CreateClient();

        var fromLoopback = await CreateAsync(client, peer: "127.0.0.1", forwardedHost: "todo.example.com", forwardedProto: "https", host: "todo.example.com");

        Assert.StartsWith("http://todo.example.com/todos/", fromLoopback.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_configured_proxies_set_the_scheme_and_host_of_urls()
    {
        await using var api = new TodoApiFactory(redis.Server.Endpoint, new Dictionary<string, string>
        {
            ["Api:PublicHosts"] = "todo.example.com;api.internal",
            ["Api:TrustedProxies"] = "10.42.0.0/16; 192.0.2.44",
        });
        using var client = api.CreateClient();

        Assert.StartsWith("https://todo.example.com/", (await CreateAsync(client, Ingress, "todo.example.com", "https", host: "api.internal")).Url, StringComparison.Ordinal);
        Assert.StartsWith("https://todo.example.com/", (await CreateAsync(client, "192.0.2.44", "todo.example.com", "https", host: "api.internal")).Url, StringComparison.Ordinal);
        Assert.StartsWith("http://api.internal/", (await CreateAsync(client, "10.43.0.1", "todo.example.com", "https", host: "api.internal")).Url, StringComparison.Ordinal);
        Assert.StartsWith("http://api.internal/", (await CreateAsync(client, "127.0.0.1", "todo.example.com", "https", host: "api.internal")).Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_public_hosts_urls_locations_and_links_only_ever_name_those_hosts()
    {
        await using var api = new TodoApiFactory(redis.Server.Endpoint, new Dictionary<string, string>
        {
            ["Api:PublicHosts"] = "todo.example.com;*.todo.example.org",
            ["Api:TrustedProxies"] = "10.42.0.0/16",
        });
        using var client = api.CreateClient();

        var direct = await CreateAsync(client, peer: "203.0.113.9", host: "todo.example.com");
        var proxied = await CreateAsync(client, Ingress, forwardedHost: "eu.todo.example.org", forwardedProto: "https");
        await CreateAsync(client, Ingress, forwardedHost: "todo.example.com");

        Assert.StartsWith("http://todo.example.com/todos/", direct.Url, StringComparison.Ordinal);
        Assert.StartsWith("https://eu.todo.example.org/todos/", proxied.Url, StringComparison.Ordinal);
        using (var page = await SendAsync(client, HttpMethod.Get, "/todos?limit=1", Ingress, forwardedHost: "todo.example.com", forwardedProto: "https"))
        {
            Assert.StartsWith("<https://todo.example.com/todos?limit=1&after=", page.Headers.GetValues("Link").Single(), StringComparison.Ordinal);
        }

        using (var spoofedHost = await SendAsync(client, HttpMethod.Post, "/todos", "203.0.113.9", host: "attacker.example"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, spoofedHost.StatusCode);
            Assert.Equal("application/problem+json", spoofedHost.Content.Headers.ContentType?.MediaType);
        }

        using (var spoofedForward = await SendAsync(client, HttpMethod.Get, "/todos", Ingress, forwardedHost: "attacker.example"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, spoofedForward.StatusCode);
        }

        using (var untrustedForward = await SendAsync(client, HttpMethod.Get, "/todos", "203.0.113.9", host: "todo.example.com", forwardedHost: "attacker.example"))
        {
            Assert.Equal(HttpStatusCode.OK, untrustedForward.StatusCode);
            Assert.All((await untrustedForward.Content.ReadFromJsonAsync<TodoDto[]>(Ct))!, todo => Assert.DoesNotContain("attacker", todo.Url, StringComparison.Ordinal));
        }

        // Probes and scrapes come by pod address.
        foreach (var path in new[] { "/healthz", "/readyz", "/metrics" })
        {
            using var probe = await SendAsync(client, HttpMethod.Get, path, "10.42.9.9", host: "10.42.0.31:8080");
            Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
        }
    }

    [Theory]
    [InlineData("Api:TrustedProxies", "10.42.0.0/33", "TrustedProxies")]
    [InlineData("Api:TrustedProxies", "ingress", "TrustedProxies")]
    [InlineData("Api:PublicHosts", "todo.example.com:443", "PublicHosts")]
    [InlineData("Api:PublicHosts", "https://todo.example.com", "PublicHosts")]
    public void Invalid_settings_stop_the_start_naming_the_setting(string key, string value, string named)
    {
        using var api = new TodoApiFactory(redis.Server.Endpoint, new Dictionary<string, string> { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => api.CreateClient());

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    private static async Task<TodoDto> CreateAsync(HttpClient client, string peer, string? forwardedHost = null, string? forwardedProto = null, string? host = null)
    {
        using var response = await SendAsync(client, HttpMethod.Post, "/todos", peer, forwardedHost, forwardedProto, host);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<TodoDto>(Ct))!;
        Assert.Equal(created.Url, response.Headers.Location!.ToString());
        return created;
    }

    private static async Task<HttpResponseMessage> SendAsync(
        HttpClient client, HttpMethod method, string path, string peer, string? forwardedHost = null, string? forwardedProto = null, string? host = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (method == HttpMethod.Post)
        {
            request.Content = JsonContent.Create(new { title = "behind a proxy" });
        }

        request.Headers.Add(TodoApiFactory.PeerHeader, peer);
        request.Headers.Host = host;
        if (forwardedHost is not null)
        {
            request.Headers.Add("X-Forwarded-Host", forwardedHost);
        }

        if (forwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        }

        return await client.SendAsync(request, Ct);
    }
}
