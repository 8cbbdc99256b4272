using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Todo.Api.Tests.Infrastructure;

namespace Todo.Api.Tests;

/// <summary>Probes, metrics, the OpenAPI document and the static page.</summary>
public sealed class OperationsTests(SharedRedis redis) : ApiTest(redis)
{
    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task Probes_report_healthy_while_redis_is_up(string path)
    {
        using var response = await Client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_expose_request_durations_by_route_and_status_redis_call_durations_and_the_todo_count()
    {
        var created = await Client.CreateTodoAsync(new { title = "counted" });
        await Client.CreateTodoAsync(new { title = "counted too" });
        using var missing = await Client.GetAsync("/todos/424242", Ct);
        using var found = await Client.GetAsync(created.Url, Ct);

        var metrics = await Client.GetStringAsync("/metrics", Ct);

        Assert.Contains("http_request_duration_seconds_bucket{code=\"201\",method=\"POST\"", metrics, StringComparison.Ordinal);
        Assert.Matches("http_request_duration_seconds_count\\{code=\"404\",method=\"GET\",[^}]*endpoint=\"/todos/\\{id\\}\"\\} 1", metrics);
        Assert.Matches("todo_redis_call_duration_seconds_count\\{operation=\"create\",outcome=\"success\"\\} 2", metrics);
        Assert.Matches("(?m)^todo_items 2$", metrics);
    }

    [Fact]
    public async Task Invented_methods_get_501_and_share_one_method_label_in_the_metrics()
    {
        var invented = Enumerable.Range(0, 20).Select(i => $"X{i}{new string('A', 200)}").Append("get").Append("TRACE").Append("OTHER");
        await Client.ListTodosAsync();

        foreach (var method in invented)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), "/todos");
            using var response = await Client.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        var metrics = await Client.GetStringAsync("/metrics", Ct);
        var methods = Regex.Matches(metrics, "method=\"([^\"]*)\"").Select(m => m.Groups[1].Value).Distinct().Order();
        Assert.Equal(["GET", "OTHER"], methods);
        Assert.Contains("http_requests_received_total{code=\"501\",method=\"OTHER\"", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_todo_routes()
    {
        using var document = JsonDocument.Parse(await Client.GetStringAsync("/openapi/v1.json", Ct));

        var paths = document.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/todos", out var collection));
        Assert.True(paths.TryGetProperty("/todos/{id}", out var item));
        Assert.Equal(["get", "post", "delete"], collection.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["get", "patch", "put", "delete"], item.EnumerateObject().Select(p => p.Name).Where(n => n != "parameters"));
    }

    [Fact]
    public async Task The_root_serves_the_web_ui_without_any_cdn()
    {
        var html = await Client.GetStringAsync("/", Ct);
        var script = await Client.GetStringAsync("/app.js", Ct);

        Assert.Contains("<script src=\"app.js\"></script>", html, StringComparison.Ordinal);
        // Every script and stylesheet is served by the API itself: no absolute or protocol-relative URL.
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html);
        Assert.Contains("fetch(", script, StringComparison.Ordinal);
    }
}
