using System.Net;
using System.Net.Http.Json;
using Todo.Api.Tests.Infrastructure;

namespace Todo.Api.Tests;

/// <summary>
/// If-Match and If-None-Match as RFC 9110 defines them: lists of entity tags and <c>*</c> for both, strong comparison
/// for If-Match, weak comparison for If-None-Match, and If-None-Match on writes.
/// </summary>
public sealed class ConditionalRequestTests(SharedRedis redis) : ApiTest(redis)
{
    [Theory]
    [InlineData("{0}")]
    [InlineData("W/{0}")]
    [InlineData("\"7\", {0}")]
    [InlineData("\"7\",W/{0} , \"8\"")]
    [InlineData("*")]
    public async Task A_get_whose_if_none_match_names_the_current_etag_gets_304_with_the_etag(string ifNoneMatch)
    {
        var (todo, etag) = await CreateAsync();

        using var response = await SendAsync(HttpMethod.Get, todo.Url, ifNoneMatch: string.Format(null, ifNoneMatch, etag));

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Equal(etag, response.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task If_none_match_spread_over_several_header_lines_is_one_list()
    {
        var (todo, etag) = await CreateAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, todo.Url);
        request.Headers.TryAddWithoutValidation("If-None-Match", ["\"7\"", etag]);

        using var response = await Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }

    [Theory]
    [InlineData("\"7\", \"8\"")]
    [InlineData("\"1,2\"")]
    public async Task A_get_whose_if_none_match_names_other_etags_gets_the_todo(string ifNoneMatch)
    {
        var (todo, _) = await CreateAsync(edits: 1);

        using var response = await SendAsync(HttpMethod.Get, todo.Url, ifNoneMatch: ifNoneMatch);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_get_whose_if_match_fails_gets_412_and_one_that_holds_gets_the_todo()
    {
        var (todo, etag) = await CreateAsync();

        using var failed = await SendAsync(HttpMethod.Get, todo.Url, ifMatch: "\"7\", W/" + etag);
        using var held = await SendAsync(HttpMethod.Get, todo.Url, ifMatch: "\"7\", " + etag);

        Assert.Equal(HttpStatusCode.PreconditionFailed, failed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, held.StatusCode);
    }

    [Theory]
    [InlineData("PATCH")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task A_write_whose_if_match_list_names_the_current_etag_applies(string method)
    {
        var (todo, etag) = await CreateAsync(edits: 2);

        using var response = await SendAsync(new HttpMethod(method), todo.Url, ifMatch: $"\"1\", {etag}, \"99\"", body: """{"title":"changed"}""");

        Assert.True(response.IsSuccessStatusCode, $"{method} got {response.StatusCode}");
    }

    [Theory]
    [InlineData("PATCH", "\"1\", \"99\"")]
    [InlineData("PUT", "W/{0}")]
    [InlineData("DELETE", "\"2,3\"")]
    public async Task A_write_whose_if_match_list_does_not_name_the_current_strong_etag_gets_412_and_changes_nothing(string method, string ifMatch)
    {
        var (todo, etag) = await CreateAsync(edits: 2);

        using var response = await SendAsync(new HttpMethod(method), todo.Url, ifMatch: string.Format(null, ifMatch, etag), body: """{"title":"changed"}""");

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Equal(todo, await Client.GetFromJsonAsync<TodoDto>(todo.Url, Ct));
    }

    [Theory]
    [InlineData("PATCH", "*")]
    [InlineData("PUT", "*")]
    [InlineData("DELETE", "*")]
    [InlineData("PATCH", "{0}")]
    [InlineData("PUT", "\"99\", W/{0}")]
    [InlineData("DELETE", "W/{0}")]
    public async Task A_write_whose_if_none_match_names_the_todo_gets_412_and_changes_nothing(string method, string ifNoneMatch)
    {
        var (todo, etag) = await CreateAsync();

        using var response = await SendAsync(new HttpMethod(method), todo.Url, ifNoneMatch: string.Format(null, ifNoneMatch, etag), body: """{"title":"changed"}""");

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Equal(todo, await Client.GetFromJsonAsync<TodoDto>(todo.Url, Ct));
    }

    [Fact]
    public async Task A_write_whose_if_none_match_names_an_old_etag_applies()
    {
        var (todo, _) = await CreateAsync(edits: 1);

        using var response = await SendAsync(HttpMethod.Patch, todo.Url, ifNoneMatch: "\"1\"", body: """{"title":"changed"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PATCH")]
    [InlineData("DELETE")]
    public async Task On_a_missing_todo_if_match_fails_with_412_and_if_none_match_star_holds_so_404(string method)
    {
        using var ifMatch = await SendAsync(new HttpMethod(method), "/todos/424242", ifMatch: "*", body: """{"title":"x"}""");
        using var ifNoneMatch = await SendAsync(new HttpMethod(method), "/todos/424242", ifNoneMatch: "*", body: """{"title":"x"}""");

        Assert.Equal(HttpStatusCode.PreconditionFailed, ifMatch.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, ifNoneMatch.StatusCode);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("\"1")]
    [InlineData("W/1")]
    [InlineData("*, \"1\"")]
    [InlineData("\"1\" \"2\"")]
    [InlineData("\"a\"b\"")]
    [InlineData(" , ,")]
    public async Task Malformed_if_match_or_if_none_match_gets_400(string value)
    {
        var (todo, _) = await CreateAsync();

        using var ifMatch = await SendAsync(HttpMethod.Patch, todo.Url, ifMatch: value, body: """{"title":"changed"}""");
        using var ifNoneMatch = await SendAsync(HttpMethod.Get, todo.Url, ifNoneMatch: value);

        Assert.Equal(HttpStatusCode.BadRequest, ifMatch.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, ifNoneMatch.StatusCode);
        Assert.Equal(todo, await Client.GetFromJsonAsync<TodoDto>(todo.Url, Ct));
    }

    /// <summary>A todo and its current ETag, after <paramref name="edits"/> changes (so its version is edits + 1).</summary>
    private async Task<(TodoDto Todo, string ETag)> CreateAsync(int edits = 0)
    {
        var todo = await Client.CreateTodoAsync(new { title = "conditional" });
        for (var i = 0; i < edits; i++)
        {
            using var patched = await Client.PatchAsJsonAsync(todo.Url, new { title = "conditional" }, Ct);
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        }

        using var read = await Client.GetAsync(todo.Url, Ct);
        return (todo, read.Headers.ETag!.Tag);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string? ifMatch = null, string? ifNoneMatch = null, string? body = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null && method != HttpMethod.Get)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        return await Client.SendAsync(request, Ct);
    }
}
