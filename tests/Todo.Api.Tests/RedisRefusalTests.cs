using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using StackExchange.Redis;
using Todo.Api.Tests.Infrastructure;

namespace Todo.Api.Tests;

/// <summary>
/// A running Redis that refuses commands: busy with another client's long script (BUSY), full under
/// <c>maxmemory</c> (OOM), or unable to persist because its AOF disk fails (MISCONF). The API answers 503 or 507
/// with a problem body, never 500, and readiness reports a Redis that cannot persist. Each test has a Redis of its
/// own, with AOF fsync once a second (with fsync always, Redis stops at the first failed AOF write).
/// </summary>
public sealed class RedisRefusalTests() : OwnRedisTest("--appendfsync", "everysec")
{
    private IDatabase Commands => Admin.GetDatabase();

    [Fact]
    public async Task While_another_clients_script_keeps_redis_busy_requests_get_503_with_retry_after()
    {
        var todo = await Client.CreateTodoAsync(new { title = "before" });
        await Commands.ExecuteAsync("CONFIG", "SET", "busy-reply-threshold", "50");
        using var busy = await Redis.ConnectAdminAsync();
        var endless = busy.GetDatabase().ScriptEvaluateAsync("while true do end");
        await WaitUntilAsync("readiness reports BUSY", TimeSpan.FromSeconds(30), async () => (await ReadyAsync()).Body.Contains("BUSY", StringComparison.Ordinal));

        try
        {
            foreach (var send in Requests(todo))
            {
                using var response = await send();
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                Assert.NotNull(response.Headers.RetryAfter);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }
        finally
        {
            await Commands.ExecuteAsync("SCRIPT", "KILL");
            await Assert.ThrowsAsync<RedisServerException>(() => endless);
        }

        Assert.Equal([todo], await Client.ListTodosAsync());
    }

    [Fact]
    public async Task Over_maxmemory_writes_get_507_and_change_nothing_while_reads_and_deletes_still_work()
    {
        var kept = await Client.CreateTodoAsync(new { title = "kept" });
        var deleted = await Client.CreateTodoAsync(new { title = "deleted to make room" });
        await Commands.ExecuteAsync("CONFIG", "SET", "maxmemory", "1");

        try
        {
            using (var created = await Client.PostAsJsonAsync("/todos", new { title = "no room" }, Ct))
            {
                await AssertInsufficientStorageAsync(created);
            }

            using (var patched = await Client.PatchAsJsonAsync(kept.Url, new { title = "no room" }, Ct))
            {
                await AssertInsufficientStorageAsync(patched);
            }

            Assert.Equal([kept, deleted], await Client.ListTodosAsync());
            using var delete = await Client.DeleteAsync(deleted.Url, Ct);
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await ReadyAsync()).Status);
        }
        finally
        {
            await Commands.ExecuteAsync("CONFIG", "SET", "maxmemory", "0");
        }

        Assert.Equal([kept], await Client.ListTodosAsync());
    }

    [Fact]
    public async Task When_the_aof_disk_fails_writes_get_507_and_readiness_reports_that_redis_cannot_persist()
    {
        var todo = await Client.CreateTodoAsync(new { title = "persisted" });
        await FailAofWritesAsync();

        using (var created = await Client.PostAsJsonAsync("/todos", new { title = "not persisted" }, Ct))
        {
            await AssertInsufficientStorageAsync(created);
        }

        using (var deletedAll = await Client.DeleteAsync("/todos", Ct))
        {
            await AssertInsufficientStorageAsync(deletedAll);
        }

        var ready = await ReadyAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
        Assert.Contains("MISCONF", ready.Body, StringComparison.Ordinal);
        Assert.Contains("AOF", ready.Body, StringComparison.Ordinal);
        Assert.Equal([todo], await Client.ListTodosAsync());
    }

    private IEnumerable<Func<Task<HttpResponseMessage>>> Requests(TodoDto todo) =>
    [
        () => Client.GetAsync("/todos", Ct),
        () => Client.GetAsync(todo.Url, Ct),
        () => Client.PostAsJsonAsync("/todos", new { title = "during" }, Ct),
        () => Client.PatchAsJsonAsync(todo.Url, new { completed = true }, Ct),
        () => Client.DeleteAsync(todo.Url, Ct),
        () => Client.DeleteAsync("/todos", Ct),
    ];

    /// <summary>
    /// Points the AOF file Redis opens at its next rewrite to /dev/full, so that every later AOF write fails with
    /// ENOSPC, as on a full volume, and waits until Redis has noticed.
    /// </summary>
    private async Task FailAofWritesAsync()
    {
        var directory = Path.Combine(Redis.Directory, "appendonlydir");
        var manifest = await File.ReadAllLinesAsync(Path.Combine(directory, "appendonly.aof.manifest"), Ct);
        var nextIncrement = manifest.Where(line => line.EndsWith(" type i", StringComparison.Ordinal))
            .Select(line => int.Parse(line.Split(' ')[3], CultureInfo.InvariantCulture)).Max() + 1;
        File.CreateSymbolicLink(Path.Combine(directory, $"appendonly.aof.{nextIncrement}.incr.aof"), "/dev/full");

        await AdminServer.ExecuteAsync("BGREWRITEAOF");
        await WaitUntilAsync("Redis fails to write its AOF", TimeSpan.FromSeconds(30), async () =>
        {
            try
            {
                await Commands.StringSetAsync("probe", DateTime.UtcNow.Ticks);
            }
            catch (RedisServerException e) when (e.Message.StartsWith("MISCONF ", StringComparison.Ordinal))
            {
                // A probe after an earlier one failed its write: Redis has noticed and refuses writes already.
                return true;
            }

            return (await AdminServer.InfoAsync("persistence")).SelectMany(group => group)
                .Any(p => p is { Key: "aof_last_write_status", Value: "err" });
        });
    }

    private static async Task AssertInsufficientStorageAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.InsufficientStorage, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("507", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    private async Task<(HttpStatusCode Status, string Body)> ReadyAsync()
    {
        using var response = await Client.GetAsync("/readyz", Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }
}
