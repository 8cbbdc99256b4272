using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Todo.Api.Tests.Infrastructure;

namespace Todo.Api.Tests;

/// <summary>
/// Redis alive but not answering (CLIENT PAUSE): it holds every command it receives and runs it when the pause ends,
/// which is what a slow fsync or another client's long script looks like from the API. Each test has a Redis of its own.
/// </summary>
public sealed class RedisStallTests : OwnRedisTest
{
    /// <summary>Well past the API's Redis time-out in the tests (2 s).</summary>
    private const int PauseMilliseconds = 8_000;

    [Fact]
    public async Task Metrics_answer_at_once_while_redis_stalls_with_the_last_todo_count()
    {
        await Client.CreateTodoAsync(new { title = "counted" });
        // A scrape waits 250 ms for a fresh count; on a busy machine the first count can take longer, so the last value
        // is what is being tested here, once there is one.
        await WaitUntilAsync("the scrape counts the todo", TimeSpan.FromSeconds(30), async () =>
            Regex.IsMatch(await Client.GetStringAsync("/metrics", Ct), "(?m)^todo_items 1$"));

        await PauseRedisAsync();
        var started = Stopwatch.GetTimestamp();
        using var scrape = await Client.GetAsync("/metrics", Ct);
        var elapsed = Stopwatch.GetElapsedTime(started);

        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        // It did not wait for Redis: neither for the pause to end nor for the Redis time-out.
        Assert.True(elapsed < TimeSpan.FromMilliseconds(PauseMilliseconds / 3), $"the scrape took {elapsed.TotalMilliseconds:F0} ms");
        Assert.Matches("(?m)^todo_items 1$", await scrape.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Writes_that_redis_got_but_never_confirmed_get_504_without_retry_after_while_reads_get_503()
    {
        var patched = await Client.CreateTodoAsync(new { title = "patched behind the client's back" });
        var deleted = await Client.CreateTodoAsync(new { title = "deleted behind the client's back" });

        await PauseRedisAsync();
        using var post = new HttpRequestMessage(HttpMethod.Post, "/todos") { Content = JsonContent.Create(new { title = "created behind the client's back" }) };
        post.Headers.Add("Idempotency-Key", "stalled-post");
        var reading = Client.GetAsync(patched.Url, Ct);
        var writes = await Task.WhenAll(
            Client.SendAsync(post, Ct),
            Client.PatchAsJsonAsync(patched.Url, new { completed = true }, Ct),
            Client.DeleteAsync(deleted.Url, Ct));
        using var read = await reading;

        foreach (var write in writes)
        {
            Assert.Equal(HttpStatusCode.GatewayTimeout, write.StatusCode);
            Assert.Null(write.Headers.RetryAfter);
            Assert.Equal("application/problem+json", write.Content.Headers.ContentType?.MediaType);
            write.Dispose();
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, read.StatusCode);
        Assert.NotNull(read.Headers.RetryAfter);

        // Once Redis resumes it runs what it was sent: a 503 would have told the client the opposite.
        var listed = await WaitUntilServingAsync();
        Assert.Equal(["created behind the client's back", "patched behind the client's back"], listed.Select(t => t.Title).Order());
        Assert.True(listed.Single(t => t.Id == patched.Id).Completed);

        // A retry of the POST with its Idempotency-Key learns the outcome instead of creating a second todo.
        using var retry = new HttpRequestMessage(HttpMethod.Post, "/todos") { Content = JsonContent.Create(new { title = "created behind the client's back" }) };
        retry.Headers.Add("Idempotency-Key", "stalled-post");
        using var retried = await Client.SendAsync(retry, Ct);
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        Assert.Equal(listed.Single(t => t.Id != patched.Id).Id, (await retried.Content.ReadFromJsonAsync<TodoDto>(Ct))!.Id);
        Assert.Equal(2, (await Client.ListTodosAsync()).Length);
    }

    private async Task PauseRedisAsync() => await Admin.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", PauseMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "ALL");
}
