using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StackExchange.Redis;
using Todo.Api.Tests.Infrastructure;

namespace Todo.Api.Tests;

/// <summary>
/// POST with an Idempotency-Key creates its todo once however often it is sent; the key is stored by the same script
/// that creates the todo, a replay shows the todo as it is now, and a deleted todo's key is kept for its lifetime so
/// that a late retry cannot bring the todo back.
/// </summary>
public sealed class IdempotencyTests(SharedRedis redis) : ApiTest(redis)
{
    private readonly RedisServer _redis = redis.Server;

    [Fact]
    public async Task Repeating_a_post_with_its_key_returns_the_same_todo_and_creates_nothing()
    {
        using var first = await PostAsync(new { title = "once", order = 2 }, "key-1");
        using var repeated = await PostAsync(new { title = "once", order = 2 }, "key-1");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, repeated.StatusCode);
        var created = (await first.Content.ReadFromJsonAsync<TodoDto>(Ct))!;
        Assert.Equal(created, await repeated.Content.ReadFromJsonAsync<TodoDto>(Ct));
        Assert.Equal(first.Headers.Location, repeated.Headers.Location);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal("true", repeated.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal([created], await Client.ListTodosAsync());
    }

    [Fact]
    public async Task Parallel_posts_with_one_key_create_exactly_one_todo()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => PostAsync(new { title = "raced" }, "raced-key")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Single(responses.Select(r => r.Headers.Location).Distinct());
        Assert.Single(await Client.ListTodosAsync());
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task A_key_used_again_for_a_different_todo_gets_422_and_creates_nothing()
    {
        using var first = await PostAsync(new { title = "first" }, "reused");
        using var other = await PostAsync(new { title = "first", completed = true }, "reused");
        using var quoted = await PostAsync(new { title = "first" }, "\"reused\"");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal("application/problem+json", other.Content.Headers.ContentType?.MediaType);
        Assert.Equal(first.Headers.Location, quoted.Headers.Location);
        Assert.Single(await Client.ListTodosAsync());
    }

    [Fact]
    public async Task Different_keys_and_no_key_create_different_todos()
    {
        using var a = await PostAsync(new { title = "same" }, "a");
        using var b = await PostAsync(new { title = "same" }, "b");
        using var none = await PostAsync(new { title = "same" }, null);
        using var noneAgain = await PostAsync(new { title = "same" }, null);

        Assert.Equal(4, (await Client.ListTodosAsync()).Length);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("caf\u00e9")]
    [InlineData("\"\"")]
    [InlineData("back\\slash")]
    public async Task Malformed_keys_get_400(string key)
    {
        using var response = await PostAsync(new { title = "x" }, key);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await Client.ListTodosAsync());
    }

    [Fact]
    public async Task A_key_longer_than_255_characters_or_sent_twice_gets_400()
    {
        using var longest = await PostAsync(new { title = "x" }, new string('k', 255));
        using var tooLong = await PostAsync(new { title = "x" }, new string('k', 256));
        using var twice = new HttpRequestMessage(HttpMethod.Post, "/todos") { Content = JsonContent.Create(new { title = "x" }) };
        twice.Headers.TryAddWithoutValidation("Idempotency-Key", ["one", "two"]);
        using var sentTwice = await Client.SendAsync(twice, Ct);

        Assert.Equal(HttpStatusCode.Created, longest.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, sentTwice.StatusCode);
    }

    [Fact]
    public async Task A_replay_returns_the_todo_as_it_is_now_with_its_current_etag()
    {
        using var first = await PostAsync(new { title = "draft", order = 1 }, "changed-since");
        using (var patched = await Client.SendJsonAsync(HttpMethod.Patch, first.Headers.Location!.ToString(), """{"title":"final","completed":true}"""))
        {
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        }

        using var replayed = await PostAsync(new { title = "draft", order = 1 }, "changed-since");

        Assert.Equal(HttpStatusCode.Created, replayed.StatusCode);
        Assert.Equal("true", replayed.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.Headers.Location, replayed.Headers.Location);
        Assert.Equal("\"2\"", replayed.Headers.ETag?.ToString());
        var now = (await replayed.Content.ReadFromJsonAsync<TodoDto>(Ct))!;
        Assert.Equal(("final", true, (double?)1), (now.Title, now.Completed, now.Order));
        Assert.Equal(now, await Client.GetFromJsonAsync<TodoDto>(now.Url, Ct));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_late_retry_after_a_delete_gets_409_and_never_resurrects_the_todo(bool deleteAll)
    {
        using var first = await PostAsync(new { title = "gone" }, "late-retry");
        using (var deleted = await Client.DeleteAsync(deleteAll ? "/todos" : first.Headers.Location!.ToString(), Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using var retried = await PostAsync(new { title = "gone" }, "late-retry");

        Assert.Equal(HttpStatusCode.Conflict, retried.StatusCode);
        Assert.Equal("application/problem+json", retried.Content.Headers.ContentType?.MediaType);
        var detail = JsonDocument.Parse(await retried.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("detail").GetString()!;
        Assert.Contains("Idempotency-Key was already used", detail, StringComparison.Ordinal);
        Assert.Contains("deleted", detail, StringComparison.Ordinal);
        Assert.Empty(await Client.ListTodosAsync());
        Assert.Equal(1, await RecordCountAsync());
    }

    [Fact]
    public async Task A_deleted_todos_key_is_kept_no_longer_than_its_lifetime()
    {
        using var first = await PostAsync(new { title = "kept" }, "tombstone");
        using (await Client.DeleteAsync(first.Headers.Location, Ct))
        {
        }

        await using var admin = await _redis.ConnectAdminAsync();
        var ttl = await admin.GetDatabase().KeyTimeToLiveAsync($"{Api.KeyPrefix}:idem:tombstone");

        Assert.InRange(ttl!.Value, TimeSpan.FromHours(23), TimeSpan.FromHours(24));
    }

    [Fact]
    public async Task Kept_keys_of_deleted_todos_are_at_most_as_many_as_the_todo_cap_the_oldest_going_first()
    {
        await using var api = new TodoApiFactory(_redis.Endpoint, new Dictionary<string, string> { ["Api:MaxTodos"] = "3" });
        using var client = api.CreateClient();
        for (var i = 1; i <= 5; i++)
        {
            using var created = await PostAsync(client, new { title = "churn" }, $"churn-{i}");
            using var deleted = await client.DeleteAsync(created.Headers.Location, Ct);
        }

        var kept = await RecordCountAsync(api.KeyPrefix);
        using var newest = await PostAsync(client, new { title = "churn" }, "churn-5");
        using var oldest = await PostAsync(client, new { title = "churn" }, "churn-1");

        Assert.Equal(3, kept);
        Assert.Equal(HttpStatusCode.Conflict, newest.StatusCode);
        Assert.Equal(HttpStatusCode.Created, oldest.StatusCode);
    }

    private Task<HttpResponseMessage> PostAsync(object body, string? key) => PostAsync(Client, body, key);

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, object body, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/todos") { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        }

        return await client.SendAsync(request, Ct);
    }

    private Task<int> RecordCountAsync() => RecordCountAsync(Api.KeyPrefix);

    private async Task<int> RecordCountAsync(string keyPrefix)
    {
        await using var admin = await _redis.ConnectAdminAsync();
        return admin.GetServer(admin.GetEndPoints()[0]).Keys(pattern: $"{keyPrefix}:idem:*").Count();
    }
}
