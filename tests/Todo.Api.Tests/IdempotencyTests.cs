using System.Net;
using System.Net.Http.Json;
using StackExchange.Redis;
using Todo.Api.Tests.Infrastructure;

namespace Todo.Api.Tests;

/// <summary>
/// POST with an Idempotency-Key creates its todo once however often it is sent; the key is stored by the same script
/// that creates the todo, and forgotten with it.
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
    public async Task A_key_is_forgotten_with_its_todo_so_records_never_outnumber_todos()
    {
        using var one = await PostAsync(new { title = "one" }, "forget-1");
        using var two = await PostAsync(new { title = "two" }, "forget-2");
        using var three = await PostAsync(new { title = "three" }, "forget-3");
        Assert.Equal(3, await RecordCountAsync());

        using (var deleted = await Client.DeleteAsync(one.Headers.Location, Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        Assert.Equal(2, await RecordCountAsync());
        using (var cleared = await Client.DeleteAsync("/todos", Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        }

        Assert.Equal(0, await RecordCountAsync());
        using var again = await PostAsync(new { title = "one" }, "forget-1");
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.NotEqual(one.Headers.Location, again.Headers.Location);
    }

    private async Task<HttpResponseMessage> PostAsync(object body, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/todos") { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        }

        return await Client.SendAsync(request, Ct);
    }

    private async Task<int> RecordCountAsync()
    {
        await using var admin = await _redis.ConnectAdminAsync();
        return admin.GetServer(admin.GetEndPoints()[0]).Keys(pattern: $"{Api.KeyPrefix}:idem:*").Count();
    }
}
