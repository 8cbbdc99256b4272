using System.Net;
using System.Net.Http.Json;
using Todo.Api.Tests.Infrastructure;

namespace Todo.Api.Tests;

/// <summary>Strong ETags, If-Match (412 on a stale write) and many clients writing at once.</summary>
public sealed class ConcurrencyTests(SharedRedis redis) : ApiTest(redis)
{
    [Fact]
    public async Task Every_read_and_write_returns_a_strong_etag_that_changes_on_write()
    {
        var created = await Client.CreateTodoAsync(new { title = "tagged" });
        using var read = await Client.GetAsync(created.Url, Ct);
        using var written = await Client.PatchAsJsonAsync(created.Url, new { completed = true }, Ct);

        Assert.False(read.Headers.ETag!.IsWeak);
        Assert.NotEqual(read.Headers.ETag, written.Headers.ETag);
        using var reread = await Client.GetAsync(created.Url, Ct);
        Assert.Equal(written.Headers.ETag, reread.Headers.ETag);
    }

    [Fact]
    public async Task A_write_with_a_stale_if_match_gets_412_and_changes_nothing()
    {
        var created = await Client.CreateTodoAsync(new { title = "v1" });
        var stale = (await Client.GetAsync(created.Url, Ct)).Headers.ETag!.Tag;
        using var first = await Client.SendJsonAsync(HttpMethod.Patch, created.Url, """{"title":"v2"}""", stale);

        using var patch = await Client.SendJsonAsync(HttpMethod.Patch, created.Url, """{"title":"v3"}""", stale);
        using var put = await Client.SendJsonAsync(HttpMethod.Put, created.Url, """{"title":"v3"}""", stale);
        using var delete = new HttpRequestMessage(HttpMethod.Delete, created.Url);
        delete.Headers.TryAddWithoutValidation("If-Match", stale);
        using var deleted = await Client.SendAsync(delete, Ct);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, patch.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, put.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, deleted.StatusCode);
        Assert.Equal("v2", (await Client.GetFromJsonAsync<TodoDto>(created.Url, Ct))!.Title);
    }

    [Theory]
    [InlineData("current")]
    [InlineData("*")]
    public async Task A_write_with_a_matching_if_match_succeeds(string ifMatch)
    {
        var created = await Client.CreateTodoAsync(new { title = "v1" });
        var tag = ifMatch == "current" ? (await Client.GetAsync(created.Url, Ct)).Headers.ETag!.Tag : ifMatch;

        using var response = await Client.SendJsonAsync(HttpMethod.Patch, created.Url, """{"title":"v2"}""", tag);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("W/\"1\"")]
    [InlineData("\"abc\"")]
    [InlineData("\"01\"")]
    public async Task Weak_or_foreign_entity_tags_never_match(string ifMatch)
    {
        var created = await Client.CreateTodoAsync(new { title = "v1" });

        using var response = await Client.SendJsonAsync(HttpMethod.Patch, created.Url, """{"title":"v2"}""", ifMatch);

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
    }

    [Fact]
    public async Task If_none_match_with_the_current_etag_gets_304()
    {
        var created = await Client.CreateTodoAsync(new { title = "cached" });
        var tag = (await Client.GetAsync(created.Url, Ct)).Headers.ETag!;
        using var request = new HttpRequestMessage(HttpMethod.Get, created.Url);
        request.Headers.IfNoneMatch.Add(tag);

        using var response = await Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }

    [Fact]
    public async Task Parallel_creates_all_succeed_with_distinct_ids()
    {
        const int count = 60;

        var created = await Task.WhenAll(Enumerable.Range(0, count).Select(i => Client.CreateTodoAsync(new { title = $"todo {i}" })));

        Assert.Equal(count, created.Select(t => t.Id).Distinct().Count());
        var listed = await Client.ListTodosAsync();
        Assert.Equal(created.Select(t => t.Id).Order(), listed.Select(t => t.Id).Order());
        Assert.Equal(count, (await Client.ListTodosAsync("?completed=false")).Length);
    }

    [Fact]
    public async Task Parallel_patches_of_one_todo_all_apply_with_distinct_versions()
    {
        const int count = 40;
        var created = await Client.CreateTodoAsync(new { title = "contended" });

        var responses = await Task.WhenAll(Enumerable.Range(0, count).Select(i =>
            Client.SendJsonAsync(HttpMethod.Patch, created.Url, $$"""{"title":"title {{i}}","completed":{{(i % 2 == 0 ? "true" : "false")}}}""")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(count, responses.Select(r => r.Headers.ETag!.Tag).Distinct().Count());
        var final = (await Client.GetFromJsonAsync<TodoDto>(created.Url, Ct))!;
        // The todo is in exactly one of the two filtered indexes, the one its state says.
        var completed = await Client.ListTodosAsync("?completed=true");
        var active = await Client.ListTodosAsync("?completed=false");
        Assert.Equal(final.Completed ? [final] : [], completed);
        Assert.Equal(final.Completed ? [] : [final], active);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Of_parallel_writes_with_the_same_if_match_exactly_one_wins()
    {
        const int count = 20;
        var created = await Client.CreateTodoAsync(new { title = "race" });
        var tag = (await Client.GetAsync(created.Url, Ct)).Headers.ETag!.Tag;

        var responses = await Task.WhenAll(Enumerable.Range(0, count).Select(i =>
            Client.SendJsonAsync(HttpMethod.Patch, created.Url, $$"""{"title":"winner {{i}}"}""", tag)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(count - 1, responses.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed));
        var winner = await responses.Single(r => r.IsSuccessStatusCode).Content.ReadFromJsonAsync<TodoDto>(Ct);
        Assert.Equal(winner, await Client.GetFromJsonAsync<TodoDto>(created.Url, Ct));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }
}
