using System.Net;
using Todo.Api.Tests.Infrastructure;

namespace Todo.Api.Tests;

/// <summary>
/// What a browser may do with the API: cross-origin calls only from configured origins, a page that runs only its own
/// script and style and cannot be framed, no content sniffing, and the optional rate limiter.
/// </summary>
public sealed class BrowserSafetyTests(SharedRedis redis)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task By_default_no_other_origin_may_call_the_api_from_a_browser()
    {
        await using var api = new TodoApiFactory(redis.Server.Endpoint);
        using var client = api.CreateClient();

        using var preflight = await PreflightAsync(client, "https://evil.example", "DELETE");
        using var read = await ReadAsync(client, "https://evil.example");

        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Methods"));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.False(read.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Configured_origins_may_call_the_api_and_no_other()
    {
        await using var api = new TodoApiFactory(redis.Server.Endpoint, new Dictionary<string, string> { ["Api:CorsOrigins"] = "https://app.example.com; http://localhost:3000" });
        using var client = api.CreateClient();

        using var allowed = await PreflightAsync(client, "https://app.example.com", "DELETE");
        using var local = await ReadAsync(client, "http://localhost:3000");
        using var other = await PreflightAsync(client, "https://evil.example", "DELETE");

        Assert.Equal("https://app.example.com", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("DELETE", allowed.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        Assert.Equal("http://localhost:3000", local.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("Origin", local.Headers.Vary);
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("https://app.example.com/")]
    [InlineData("app.example.com")]
    [InlineData("*; https://app.example.com")]
    public void Invalid_origins_stop_the_start_naming_the_setting(string origins)
    {
        using var api = new TodoApiFactory(redis.Server.Endpoint, new Dictionary<string, string> { ["Api:CorsOrigins"] = origins });

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => api.CreateClient());

        Assert.Contains("CorsOrigins", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/index.html")]
    [InlineData("/app.js")]
    [InlineData("/app.css")]
    public async Task The_page_allows_only_its_own_script_and_style_and_may_not_be_framed(string path)
    {
        await using var api = new TodoApiFactory(redis.Server.Endpoint);
        using var client = api.CreateClient();

        using var response = await client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = response.Headers.GetValues("Content-Security-Policy").Single().Split(';', StringSplitOptions.TrimEntries);
        Assert.Contains("default-src 'none'", policy);
        Assert.Contains("script-src 'self'", policy);
        Assert.Contains("style-src 'self'", policy);
        Assert.Contains("connect-src 'self'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Api_responses_forbid_content_sniffing_too()
    {
        await using var api = new TodoApiFactory(redis.Server.Endpoint);
        using var client = api.CreateClient();

        using var list = await client.GetAsync("/todos", Ct);
        using var missing = await client.GetAsync("/todos/424242", Ct);

        Assert.Equal("nosniff", list.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("nosniff", missing.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task With_a_rate_limit_a_client_past_its_burst_gets_429_while_other_clients_and_probes_do_not()
    {
        await using var api = new TodoApiFactory(redis.Server.Endpoint, new Dictionary<string, string>
        {
            ["Api:RateLimit:PermitsPerSecond"] = "1",
            ["Api:RateLimit:Burst"] = "5",
        });
        using var client = api.CreateClient();

        var burst = await Task.WhenAll(Enumerable.Range(0, 15).Select(_ => GetAsync(client, "/todos", "198.51.100.7")));
        var probes = await Task.WhenAll(Enumerable.Range(0, 15).Select(_ => GetAsync(client, "/readyz", "198.51.100.7")));
        using var otherClient = await GetAsync(client, "/todos", "198.51.100.8");

        var rejected = burst.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        // 5 at once, plus at most one a second while the burst is sent.
        Assert.InRange(rejected.Count, 5, 10);
        Assert.All(rejected, r => Assert.NotNull(r.Headers.RetryAfter));
        Assert.All(rejected, r => Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType));
        Assert.All(burst.Except(rejected), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.All(probes, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(HttpStatusCode.OK, otherClient.StatusCode);
        foreach (var response in burst.Concat(probes))
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Without_a_rate_limit_nobody_is_limited()
    {
        await using var api = new TodoApiFactory(redis.Server.Endpoint);
        using var client = api.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => GetAsync(client, "/todos", "198.51.100.7")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    private static async Task<HttpResponseMessage> PreflightAsync(HttpClient client, string origin, string method)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/todos");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        return await client.SendAsync(request, Ct);
    }

    private static async Task<HttpResponseMessage> ReadAsync(HttpClient client, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/todos");
        request.Headers.Add("Origin", origin);
        return await client.SendAsync(request, Ct);
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string peer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(TodoApiFactory.PeerHeader, peer);
        return await client.SendAsync(request, Ct);
    }
}
