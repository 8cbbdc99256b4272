using System.Net;
using Todo.Api.Tests.Infrastructure;

namespace Todo.Api.Tests;

/// <summary>
/// Ids, and with them URLs and ETags, are never handed out twice, even by a Redis that lost all its data: here one
/// without persistence, restarted.
/// </summary>
public sealed class IdReuseTests() : OwnRedisTest("--appendonly", "no")
{
    [Fact]
    public async Task After_redis_lost_its_data_new_todos_get_new_ids_and_old_urls_and_etags_match_nothing()
    {
        var before = new List<TodoDto>();
        for (var i = 0; i < 3; i++)
        {
            before.Add(await Client.CreateTodoAsync(new { title = $"before {i}" }));
        }

        await Redis.KillAsync();
        await Redis.StartAsync();
        Assert.Empty(await WaitUntilServingAsync());

        var after = new List<TodoDto>();
        for (var i = 0; i < 3; i++)
        {
            after.Add(await Client.CreateTodoAsync(new { title = $"after {i}" }));
        }

        Assert.All(after, todo => Assert.True(todo.Id > before.Max(t => t.Id), $"id {todo.Id} after the loss, {before.Max(t => t.Id)} before"));
        foreach (var old in before)
        {
            using var read = await Client.GetAsync(old.Url, Ct);
            Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
            // The ETag a client kept from before matches nothing: no other todo is changed in its place.
            using var write = await Client.SendJsonAsync(HttpMethod.Patch, old.Url, """{"title":"overwritten"}""", "\"1\"");
            Assert.Equal(HttpStatusCode.PreconditionFailed, write.StatusCode);
        }

        Assert.Equal(after, await Client.ListTodosAsync());
        // Ids stay exact in JavaScript clients.
        Assert.All(after, todo => Assert.True(todo.Id < (1L << 53)));
    }
}
