using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Todo.Api.Tests.Infrastructure;

namespace Todo.Api.Tests;

/// <summary>
/// No request holds Redis for long, whatever the collection size: the whole list and DELETE of the collection run as
/// many short scripts of at most 250 todos each (Redis serves other clients only between scripts), and each app
/// holds at most a configured number of todos. Each test has a Redis of its own, so that its command counts are
/// that test's alone.
/// </summary>
public sealed class BoundedWorkTests : OwnRedisTest
{
    private const int ChunkSize = 250;
    private const int CollectionSize = 600;

    [Fact]
    public async Task The_whole_list_is_one_plain_array_read_in_short_scripts()
    {
        var created = await CreateManyAsync(CollectionSize);

        var scripts = await ScriptCallsAsync(async () =>
        {
            using var response = await Client.GetAsync("/todos", Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False(response.Headers.Contains("Link"));
            var listed = (await response.Content.ReadFromJsonAsync<TodoDto[]>(Ct))!;
            Assert.Equal(created.OrderBy(t => t.Order).ThenBy(t => t.Id), listed);
        });

        Assert.True(scripts >= Chunks(CollectionSize), $"{CollectionSize} todos were read by {scripts} script call(s)");
    }

    [Fact]
    public async Task A_page_of_the_largest_size_is_read_in_short_scripts_too()
    {
        await CreateManyAsync(CollectionSize);

        var scripts = await ScriptCallsAsync(async () =>
        {
            using var response = await Client.GetAsync("/todos?limit=1000", Ct);
            Assert.Equal(CollectionSize, (await response.Content.ReadFromJsonAsync<TodoDto[]>(Ct))!.Length);
            Assert.False(response.Headers.Contains("Link"));
        });

        Assert.True(scripts >= Chunks(CollectionSize), $"{CollectionSize} todos were read by {scripts} script call(s)");
    }

    [Fact]
    public async Task Deleting_the_collection_runs_short_scripts_and_leaves_no_todo_behind()
    {
        var created = await CreateManyAsync(CollectionSize);

        var scripts = await ScriptCallsAsync(async () =>
        {
            using var response = await Client.DeleteAsync("/todos", Ct);
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        });

        Assert.True(scripts >= Chunks(CollectionSize), $"{CollectionSize} todos were deleted by {scripts} script call(s)");
        Assert.Empty(await Client.ListTodosAsync());
        Assert.Empty(await Client.ListTodosAsync("?completed=true"));
        Assert.Empty(await Client.ListTodosAsync("?completed=false"));
        using var gone = await Client.GetAsync(created[^1].Url, Ct);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Empty(AdminServer.Keys(pattern: $"{Api.KeyPrefix}:todo:*"));
    }

    /// <summary>
    /// Redis runs one script at a time, and the API's commands reach it over one connection in order: were every reader's
    /// script sent at once, a GET of one todo would wait behind all of them (10,000 todos read by 32 clients: 40 ms and
    /// more, bench/README.md). While Redis is paused, the readers' scripts that were sent stay outstanding: at most two.
    /// </summary>
    [Fact]
    public async Task However_many_clients_read_the_collection_at_once_at_most_two_of_its_scripts_wait_at_redis()
    {
        await CreateManyAsync(CollectionSize);
        var multiplexer = Api.Services.GetRequiredService<IConnectionMultiplexer>();
        // Once: the client sends a script's first call with a SCRIPT LOAD, which would count as a second command.
        await Client.ListTodosAsync();

        await Admin.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", "1500", "ALL");
        var readers = Enumerable.Range(0, 16).Select(i => Client.GetAsync(i % 2 == 0 ? "/todos" : "/todos?limit=1000", Ct)).ToArray();
        long mostOutstanding = 0;
        for (var sample = 0; sample < 50; sample++)
        {
            mostOutstanding = Math.Max(mostOutstanding, multiplexer.GetCounters().TotalOutstanding);
            await Task.Delay(20, Ct);
        }

        var responses = await Task.WhenAll(readers);
        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(CollectionSize, (await response.Content.ReadFromJsonAsync<TodoDto[]>(Ct))!.Length);
            response.Dispose();
        }

        Assert.InRange(mostOutstanding, 1, 2);
    }

    [Fact]
    public async Task Past_the_configured_maximum_a_post_gets_409_until_a_todo_is_deleted()
    {
        await using var api = new TodoApiFactory(Redis.Endpoint, new Dictionary<string, string> { ["Api:MaxTodos"] = "3" });
        using var client = api.CreateClient();
        var first = await client.CreateTodoAsync(new { title = "one" });
        await client.CreateTodoAsync(new { title = "two" });
        await client.CreateTodoAsync(new { title = "three" });

        using (var full = await client.PostAsJsonAsync("/todos", new { title = "four" }, Ct))
        {
            Assert.Equal(HttpStatusCode.Conflict, full.StatusCode);
            Assert.Equal("application/problem+json", full.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await full.Content.ReadAsStringAsync(Ct));
            Assert.Contains("at most 3 todos", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(3, (await client.ListTodosAsync()).Length);
        using (var patched = await client.PatchAsJsonAsync(first.Url, new { completed = true }, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        }

        using (var deleted = await client.DeleteAsync(first.Url, Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        await client.CreateTodoAsync(new { title = "four, now that there is room" });
        Assert.Equal(3, (await client.ListTodosAsync()).Length);
    }

    private static int Chunks(int todos) => (todos + ChunkSize - 1) / ChunkSize;

    private async Task<List<TodoDto>> CreateManyAsync(int count)
    {
        var created = new List<TodoDto>(count);
        foreach (var batch in Enumerable.Range(0, count).Chunk(50))
        {
            created.AddRange(await Task.WhenAll(batch.Select(i => Client.CreateTodoAsync(new { title = $"todo {i}", order = i % 7, completed = i % 3 == 0 }))));
        }

        return created;
    }

    /// <summary>How many scripts Redis ran (EVAL and EVALSHA calls) while <paramref name="action"/> ran.</summary>
    private async Task<long> ScriptCallsAsync(Func<Task> action)
    {
        var before = await ScriptCallsAsync();
        await action();
        return await ScriptCallsAsync() - before;
    }

    private async Task<long> ScriptCallsAsync()
    {
        var stats = (await AdminServer.InfoAsync("commandstats")).SelectMany(group => group).ToDictionary(p => p.Key, p => p.Value);
        return Calls(stats, "cmdstat_eval") + Calls(stats, "cmdstat_evalsha");
    }

    private static long Calls(Dictionary<string, string> stats, string command) =>
        stats.TryGetValue(command, out var line)
            ? long.Parse(line.Split(',')[0]["calls=".Length..], CultureInfo.InvariantCulture)
            : 0;
}
