using System.Net;
using System.Net.Http.Json;
using Todo.Api.Tests.Infrastructure;

namespace Todo.Api.Tests;

/// <summary>Stable order (by order, then creation), the completed filter, and keyset paging through Link headers.</summary>
public sealed class OrderingAndPagingTests(SharedRedis redis) : ApiTest(redis)
{
    [Fact]
    public async Task The_collection_is_sorted_by_order_then_creation_with_unordered_todos_last()
    {
        var unordered = await Client.CreateTodoAsync(new { title = "no order" });
        var three = await Client.CreateTodoAsync(new { title = "three", order = 3 });
        var negative = await Client.CreateTodoAsync(new { title = "minus", order = -2.5 });
        var oneFirst = await Client.CreateTodoAsync(new { title = "one, first", order = 1 });
        var oneSecond = await Client.CreateTodoAsync(new { title = "one, second", order = 1 });
        var zero = await Client.CreateTodoAsync(new { title = "zero", order = 0 });

        Assert.Equal([negative, zero, oneFirst, oneSecond, three, unordered], await Client.ListTodosAsync());
    }

    [Fact]
    public async Task Changing_the_order_moves_the_todo()
    {
        var first = await Client.CreateTodoAsync(new { title = "first", order = 1 });
        var second = await Client.CreateTodoAsync(new { title = "second", order = 2 });

        using var response = await Client.PatchAsJsonAsync(first.Url, new { order = 3 }, Ct);

        Assert.Equal([second, first with { Order = 3 }], await Client.ListTodosAsync());
    }

    [Fact]
    public async Task The_completed_filter_returns_only_matching_todos_in_order()
    {
        var a = await Client.CreateTodoAsync(new { title = "a", order = 1 });
        var b = await Client.CreateTodoAsync(new { title = "b", order = 2, completed = true });
        var c = await Client.CreateTodoAsync(new { title = "c", order = 3 });
        using var toggled = await Client.PatchAsJsonAsync(c.Url, new { completed = true }, Ct);

        Assert.Equal([b, c with { Completed = true }], await Client.ListTodosAsync("?completed=true"));
        Assert.Equal([a], await Client.ListTodosAsync("?completed=false"));
    }

    [Fact]
    public async Task Following_next_links_visits_every_todo_once_in_order()
    {
        for (var i = 0; i < 7; i++)
        {
            await Client.CreateTodoAsync(new { title = $"todo {i}", order = 7 - i });
        }

        var all = await Client.ListTodosAsync();
        var pages = await ReadAllPagesAsync("/todos?limit=3");

        Assert.Equal([3, 3, 1], pages.Select(p => p.Length));
        Assert.Equal(all, pages.SelectMany(p => p));
    }

    [Fact]
    public async Task Paging_keeps_the_completed_filter()
    {
        for (var i = 0; i < 5; i++)
        {
            await Client.CreateTodoAsync(new { title = $"done {i}", completed = true });
            await Client.CreateTodoAsync(new { title = $"open {i}" });
        }

        var pages = await ReadAllPagesAsync("/todos?completed=true&limit=2");

        Assert.Equal(3, pages.Count);
        Assert.Equal(await Client.ListTodosAsync("?completed=true"), pages.SelectMany(p => p));
    }

    [Fact]
    public async Task A_page_that_holds_the_rest_has_no_next_link()
    {
        await Client.CreateTodoAsync(new { title = "only" });

        using var response = await Client.GetAsync("/todos?limit=1", Ct);

        Assert.False(response.Headers.Contains("Link"));
        Assert.Single((await response.Content.ReadFromJsonAsync<TodoDto[]>(Ct))!);
    }

    private async Task<List<TodoDto[]>> ReadAllPagesAsync(string firstPage)
    {
        var pages = new List<TodoDto[]>();
        string? next = firstPage;
        while (next is not null)
        {
            using var response = await Client.GetAsync(next);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            pages.Add((await response.Content.ReadFromJsonAsync<TodoDto[]>())!);
            next = response.Headers.TryGetValues("Link", out var links)
                ? links.Single().Split(';')[0].Trim('<', '>', ' ')
                : null;
            Assert.True(pages.Count <= 100, "paging does not end");
        }

        return pages;
    }
}
