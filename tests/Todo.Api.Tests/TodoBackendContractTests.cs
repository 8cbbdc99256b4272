using System.Net;
using System.Net.Http.Json;
using Todo.Api.Tests.Infrastructure;

namespace Todo.Api.Tests;

/// <summary>The Todo-Backend contract against the API in this process (on the test host).</summary>
public sealed class TodoBackendContractTests(SharedRedis redis) : TodoBackendContract, IAsyncDisposable
{
    private readonly TodoApiFactory _api = new(redis.Server.Endpoint, Settings);
    private HttpClient? _client;

    protected override HttpClient Client => _client ??= _api.CreateClient();

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        await _api.DisposeAsync();
    }
}

/// <summary>
/// The Todo-Backend specification (todobackend.com), which every Todo-Backend client relies on, with the settings a
/// Todo-Backend deployment uses: browsers on any origin may call it, and it is served under a public host, so that the
/// todos' urls are absolute (a client on another origin resolves a relative one against its own page). Run against
/// the API in this process and against the native executable that ships (<see cref="NativeAotTests"/>).
/// </summary>
public abstract class TodoBackendContract
{
    public static readonly IReadOnlyDictionary<string, string> Settings = new Dictionary<string, string>
    {
        ["Api:CorsOrigins"] = "*",
        ["Api:PublicHosts"] = "localhost;127.0.0.1",
    };

    protected abstract HttpClient Client { get; }

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/todos", "POST")]
    [InlineData("/todos", "DELETE")]
    [InlineData("/todos/1", "PATCH")]
    [InlineData("/todos/1", "PUT")]
    [InlineData("/todos/1", "DELETE")]
    public async Task Cors_preflights_from_any_origin_are_allowed(string path, string method)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", "https://www.todobackend.com");
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", "content-type");

        using var response = await Client.SendAsync(request, Ct);

        Assert.True(response.IsSuccessStatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains(method, response.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        Assert.Contains("content-type", response.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_cross_origin_read_may_see_the_etag_and_the_next_link()
    {
        await Client.CreateTodoAsync(new { title = "one" });
        await Client.CreateTodoAsync(new { title = "two" });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/todos?limit=1");
        request.Headers.Add("Origin", "https://www.todobackend.com");

        using var response = await Client.SendAsync(request, Ct);

        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var exposed = response.Headers.GetValues("Access-Control-Expose-Headers").Single();
        Assert.Contains("Link", exposed, StringComparison.Ordinal);
        Assert.Contains("ETag", exposed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_collection_starts_empty()
    {
        Assert.Empty(await Client.ListTodosAsync());
    }

    [Fact]
    public async Task Creating_a_todo_returns_it_not_completed_with_an_absolute_url_that_serves_it()
    {
        var created = await Client.CreateTodoAsync(new { title = "walk the dog" });

        Assert.Equal("walk the dog", created.Title);
        Assert.False(created.Completed);
        Assert.Null(created.Order);
        Assert.Equal(new Uri(Client.BaseAddress!, $"/todos/{created.Id}").ToString(), created.Url);
        Assert.Equal(created, await Client.GetFromJsonAsync<TodoDto>(created.Url, Ct));
        Assert.Equal([created], await Client.ListTodosAsync());
    }

    [Fact]
    public async Task Created_todo_keeps_completed_and_order()
    {
        var created = await Client.CreateTodoAsync(new { title = "a", completed = true, order = 7.5 });

        Assert.True(created.Completed);
        Assert.Equal(7.5, created.Order);
        Assert.Equal(created, await Client.GetFromJsonAsync<TodoDto>(created.Url, Ct));
    }

    [Fact]
    public async Task Delete_on_the_collection_removes_every_todo()
    {
        var first = await Client.CreateTodoAsync(new { title = "one" });
        await Client.CreateTodoAsync(new { title = "two", completed = true });

        using var response = await Client.DeleteAsync("/todos", Ct);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await Client.ListTodosAsync());
        Assert.Empty(await Client.ListTodosAsync("?completed=true"));
        using var gone = await Client.GetAsync(first.Url, Ct);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Patch_changes_only_the_given_fields_and_persists()
    {
        var created = await Client.CreateTodoAsync(new { title = "before", order = 3 });

        using var titled = await Client.PatchAsJsonAsync(created.Url, new { title = "after" }, Ct);
        using var completed = await Client.PatchAsJsonAsync(created.Url, new { completed = true }, Ct);

        Assert.Equal(HttpStatusCode.OK, titled.StatusCode);
        var expected = created with { Title = "after", Completed = true };
        Assert.Equal(expected, await completed.Content.ReadFromJsonAsync<TodoDto>(Ct));
        Assert.Equal(expected, await Client.GetFromJsonAsync<TodoDto>(created.Url, Ct));
    }

    [Fact]
    public async Task Patch_with_a_null_order_removes_the_order()
    {
        var created = await Client.CreateTodoAsync(new { title = "ordered", order = 3 });

        using var response = await Client.SendJsonAsync(HttpMethod.Patch, created.Url, """{"order":null}""");

        Assert.Null((await response.Content.ReadFromJsonAsync<TodoDto>(Ct))!.Order);
    }

    [Fact]
    public async Task Put_replaces_the_whole_todo_with_defaults_for_missing_fields()
    {
        var created = await Client.CreateTodoAsync(new { title = "old", completed = true, order = 4 });

        using var response = await Client.PutAsJsonAsync(created.Url, new { title = "new" }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var expected = created with { Title = "new", Completed = false, Order = null };
        Assert.Equal(expected, await response.Content.ReadFromJsonAsync<TodoDto>(Ct));
        Assert.Equal(expected, await Client.GetFromJsonAsync<TodoDto>(created.Url, Ct));
    }

    [Fact]
    public async Task Deleting_a_todo_removes_it_from_the_item_and_the_collection()
    {
        var kept = await Client.CreateTodoAsync(new { title = "keep" });
        var deleted = await Client.CreateTodoAsync(new { title = "delete" });

        using var response = await Client.DeleteAsync(deleted.Url, Ct);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        using var gone = await Client.GetAsync(deleted.Url, Ct);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal([kept], await Client.ListTodosAsync());
    }

    [Fact]
    public async Task Titles_with_redis_protocol_and_lua_characters_are_stored_verbatim()
    {
        // Control characters such as CR LF are rejected (InputValidationTests); everything else is data.
        const string title = "*3 $3 DEL ]] .. redis.call('FLUSHALL') -- \"quoted\" %s \\ 🙂";

        var created = await Client.CreateTodoAsync(new { title });

        Assert.Equal(title, (await Client.GetFromJsonAsync<TodoDto>(created.Url, Ct))!.Title);
        Assert.Single(await Client.ListTodosAsync());
    }
}
