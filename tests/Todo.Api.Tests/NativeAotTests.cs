using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Todo.Api.Tests.Infrastructure;

namespace Todo.Api.Tests;

/// <summary>
/// The Native AOT executable that ships, as its own process against a real Redis: the Todo-Backend contract, and what
/// only breaks in a native build (reflection that was trimmed away: JSON metadata, options validation, the generated
/// request delegates), on every endpoint the container serves; and over TLS to Redis (certificates read from PEM).
/// </summary>
public sealed class NativeAotTests(SharedRedis redis, NativeAotBuild build) : TodoBackendContract, IClassFixture<NativeAotBuild>, IAsyncLifetime
{
    private NativeApi? _api;
    private HttpClient? _client;

    protected override HttpClient Client => _client!;

    public async ValueTask InitializeAsync()
    {
        _api = await NativeApi.StartAsync(build, redis.Server.Endpoint, Settings);
        _client = _api.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_openapi_document_describes_the_todos()
    {
        using var response = await Client.GetAsync("openapi/v1.json", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var schema = document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("TodoResponse");
        Assert.Equal(["completed", "id", "order", "title", "url"], schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task Probes_metrics_the_page_and_problem_details_answer()
    {
        await Client.CreateTodoAsync(new { title = "counted" });

        Assert.Equal("Healthy", await Client.GetStringAsync("healthz", Ct));
        Assert.Equal("Healthy", await Client.GetStringAsync("readyz", Ct));
        var metrics = await Client.GetStringAsync("metrics", Ct);
        Assert.Contains("http_request_duration_seconds_bucket{", metrics, StringComparison.Ordinal);
        Assert.Contains("todo_redis_call_duration_seconds_bucket{operation=\"create\"", metrics, StringComparison.Ordinal);
        using var page = await Client.GetAsync("", Ct);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        using var missing = await Client.GetAsync("todos/abc", Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Equal(404, (await missing.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Titles_come_back_as_written_and_html_characters_escaped()
    {
        using var created = await Client.SendJsonAsync(HttpMethod.Post, "todos", """{"title":"naïve ☃ 日本 🙂 <b>"}""");

        var text = Encoding.UTF8.GetString(await created.Content.ReadAsByteArrayAsync(Ct));
        Assert.Contains("\"title\":\"naïve ☃ 日本 🙂 \\u003Cb\\u003E\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Over_tls_with_the_ca_and_a_client_certificate_it_serves()
    {
        using var tls = TlsFiles.Create("localhost", "127.0.0.1");
        await using var tlsRedis = await RedisServer.StartTlsAsync(tls);
        var settings = new Dictionary<string, string>(Settings);
        foreach (var (key, value) in tls.ApiSettings(tls.CaPath))
        {
            settings[key] = value;
        }

        // Started means ready: a Redis primary answered over TLS.
        await using var api = await NativeApi.StartAsync(build, tlsRedis.Endpoint, settings);
        using var client = api.CreateClient();

        var created = await client.CreateTodoAsync(new { title = "native over tls" });

        Assert.Equal(created, await client.GetFromJsonAsync<TodoDto>(created.Url, Ct));
    }

    [Theory]
    [InlineData("Api:MaxTodos", "0", "MaxTodos")]
    [InlineData("Api:RateLimit:PermitsPerSecond", "-1", "PermitsPerSecond")]
    [InlineData("Api:TrustedProxies", "ingress", "TrustedProxies")]
    [InlineData("Redis:KeyPrefix", "has space", "KeyPrefix")]
    public async Task Invalid_settings_stop_the_start_naming_the_setting(string key, string value, string named)
    {
        var settings = new Dictionary<string, string>(Settings) { [key] = value };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => NativeApi.StartAsync(build, redis.Server.Endpoint, settings));

        Assert.Contains("exit: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("exit: running", error.Message, StringComparison.Ordinal);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }
}
