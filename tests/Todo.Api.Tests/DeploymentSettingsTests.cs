using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Todo.Api.Tests.Infrastructure;

namespace Todo.Api.Tests;

/// <summary>
/// What the operator sets when it deploys the API: operational endpoints on a port of their own (which the ingress never
/// routes to), a path prefix the ingress forwards unchanged, and a delay on SIGTERM so that a rollout drops no request.
/// </summary>
public sealed class DeploymentSettingsTests(SharedRedis redis)
{
    private const int AppPort = 8080;
    private const int Management = 8081;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    [InlineData("/metrics")]
    [InlineData("/openapi/v1.json")]
    public async Task With_a_management_port_the_operational_endpoints_answer_there_only(string path)
    {
        await using var api = new TodoApiFactory(redis.Server.Endpoint, new Dictionary<string, string> { ["Api:ManagementPort"] = "8081" });
        using var client = api.CreateClient();

        using var onAppPort = await GetAsync(client, path, AppPort);
        using var onManagementPort = await GetAsync(client, path, Management);

        Assert.Equal(HttpStatusCode.NotFound, onAppPort.StatusCode);
        Assert.Equal(HttpStatusCode.OK, onManagementPort.StatusCode);
    }

    [Fact]
    public async Task The_management_port_serves_nothing_but_the_operational_endpoints()
    {
        await using var api = new TodoApiFactory(redis.Server.Endpoint, new Dictionary<string, string> { ["Api:ManagementPort"] = "8081" });
        using var client = api.CreateClient();

        using var todos = await GetAsync(client, "/todos", Management);
        using var page = await GetAsync(client, "/", Management);
        using var todosOnAppPort = await GetAsync(client, "/todos", AppPort);

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.OK), (todos.StatusCode, page.StatusCode, todosOnAppPort.StatusCode));
    }

    [Fact]
    public async Task Under_a_path_base_the_api_page_and_urls_live_below_the_prefix()
    {
        await using var api = new TodoApiFactory(redis.Server.Endpoint, new Dictionary<string, string> { ["Api:PathBase"] = "/api" });
        using var client = api.CreateClient(new() { AllowAutoRedirect = false });

        using var created = await client.PostAsync("/api/todos", new StringContent("""{"title":"under a prefix"}""", System.Text.Encoding.UTF8, "application/json"), Ct);
        using var page = await client.GetAsync("/api/", Ct);
        using var bare = await client.GetAsync("/api", Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.StartsWith("/api/todos/", created.Headers.Location?.ToString(), StringComparison.Ordinal);
        Assert.Contains("<script src=\"app.js\"></script>", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        // The page calls "todos" relative to itself: without the slash that would leave the prefix.
        Assert.Equal((HttpStatusCode.MovedPermanently, "http://localhost/api/"), (bare.StatusCode, bare.Headers.Location?.ToString()));
    }

    [Theory]
    [InlineData("api")]
    [InlineData("/api/")]
    [InlineData("/a b")]
    public void An_invalid_path_base_stops_the_start_naming_the_setting(string pathBase)
    {
        using var api = new TodoApiFactory(redis.Server.Endpoint, new Dictionary<string, string> { ["Api:PathBase"] = pathBase });

        var error = Assert.Throws<OptionsValidationException>(() => api.CreateClient());

        Assert.Contains("PathBase", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_sigterm_the_api_keeps_serving_for_the_shutdown_delay()
    {
        await using var api = new TodoApiFactory(redis.Server.Endpoint, new Dictionary<string, string> { ["Api:ShutdownDelaySeconds"] = "5" });
        var address = api.StartOnKestrel();
        using var client = new HttpClient { BaseAddress = address };
        var host = api.Services.GetRequiredService<IHost>();
        var clock = Stopwatch.StartNew();

        var stopping = host.StopAsync(Ct);
        await Task.Delay(TimeSpan.FromMilliseconds(500), Ct);
        using var during = await client.GetAsync("/todos", Ct);
        await stopping;

        Assert.Equal(HttpStatusCode.OK, during.StatusCode);
        // The delay is long enough that a request sent half a second in is answered on a machine at full load too. The
        // delay's timer may fire a little before the Stopwatch reaches 5 s (a fresh clone saw 4.9993 s): a skipped delay
        // stops within milliseconds, so 100 ms of slack cannot hide one.
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(5) - TimeSpan.FromMilliseconds(100), $"stopped after {clock.Elapsed}: the delay was not kept");
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, int localPort)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(TodoApiFactory.LocalPortHeader, localPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return await client.SendAsync(request, Ct);
    }
}
