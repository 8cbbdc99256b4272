using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Todo.Api.Tests.Infrastructure;

namespace Todo.Api.Tests;

/// <summary>
/// Redis stopped and restarted under a running API: 503 with Retry-After (never 500) while it is down,
/// recovery without a restart of the API, and every acknowledged write still there afterwards (AOF).
/// Each test has a Redis of its own, since it kills it.
/// </summary>
public sealed class RedisOutageTests : OwnRedisTest
{
    private static readonly TimeSpan RecoveryTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task While_redis_is_down_requests_get_503_with_retry_after_and_readiness_fails_then_all_recovers()
    {
        var before = await Client.CreateTodoAsync(new { title = "before the outage" });

        await Redis.KillAsync();

        foreach (var request in new Func<Task<HttpResponseMessage>>[]
        {
            () => Client.GetAsync("/todos", Ct),
            () => Client.GetAsync(before.Url, Ct),
            () => Client.PostAsJsonAsync("/todos", new { title = "during the outage" }, Ct),
            () => Client.PatchAsJsonAsync(before.Url, new { completed = true }, Ct),
            () => Client.DeleteAsync(before.Url, Ct),
        })
        {
            using var response = await request();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.NotNull(response.Headers.RetryAfter);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        using (var ready = await Client.GetAsync("/readyz", Ct))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        }

        using (var live = await Client.GetAsync("/healthz", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }

        using (var metrics = await Client.GetAsync("/metrics", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        }

        await Redis.StartAsync();

        await WaitUntilAsync("readiness", RecoveryTimeout, async () =>
        {
            using var ready = await Client.GetAsync("/readyz", Ct);
            return ready.StatusCode == HttpStatusCode.OK;
        });
        Assert.Equal([before], await WaitUntilServingAsync());
        var after = await Client.CreateTodoAsync(new { title = "after the outage" });
        Assert.Equal([before, after], await Client.ListTodosAsync());
    }

    [Fact]
    public async Task Acknowledged_writes_survive_a_redis_crash_and_restart()
    {
        var created = new List<TodoDto>();
        for (var i = 0; i < 20; i++)
        {
            created.Add(await Client.CreateTodoAsync(new { title = $"durable {i}", order = i % 3 }));
        }

        using (var patched = await Client.PatchAsJsonAsync(created[4].Url, new { completed = true, title = "patched" }, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
            created[4] = (await patched.Content.ReadFromJsonAsync<TodoDto>(Ct))!;
        }

        using (var deleted = await Client.DeleteAsync(created[7].Url, Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
            created.RemoveAt(7);
        }

        var expected = await Client.ListTodosAsync();
        Assert.Equal(created.OrderBy(t => t.Order).ThenBy(t => t.Id), expected);

        await Redis.KillAsync();
        await Redis.StartAsync();

        Assert.Equal(expected, await WaitUntilServingAsync());
        // The id sequence survived too: a new todo does not reuse an id.
        var next = await Client.CreateTodoAsync(new { title = "next" });
        Assert.True(next.Id > created.Max(t => t.Id));
    }

    [Fact]
    public async Task The_api_starts_while_redis_is_down_and_serves_once_it_is_up()
    {
        await Redis.KillAsync();
        await using var api = new TodoApiFactory(Redis.Endpoint);
        using var client = api.CreateClient();

        using (var down = await client.GetAsync("/todos", Ct))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
            using var problem = JsonDocument.Parse(await down.Content.ReadAsStringAsync(Ct));
            Assert.Equal(503, problem.RootElement.GetProperty("status").GetInt32());
        }

        await Redis.StartAsync();

        await WaitUntilAsync("the new API serves", RecoveryTimeout, async () =>
        {
            using var response = await client.GetAsync("/todos", Ct);
            return response.StatusCode == HttpStatusCode.OK;
        });
    }
}
