using Microsoft.Playwright;
using Todo.Api.Tests.Infrastructure;

namespace Todo.Api.Tests;

/// <summary>The TodoMVC page in a real headless Chromium (Debian's package), against the real API on Kestrel.</summary>
public sealed class WebUiTests(SharedRedis redis) : IAsyncLifetime
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private static readonly float Timeout = (float)TimeSpan.FromSeconds(20).TotalMilliseconds;

    private readonly TodoApiFactory _api = new(redis.Server.Endpoint);
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async ValueTask InitializeAsync()
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: run hack/install-deps.sh (it installs Debian's chromium).");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task A_user_adds_completes_edits_filters_and_deletes_todos()
    {
        var baseAddress = _api.StartOnKestrel();
        var page = await _browser!.NewPageAsync(new() { BaseURL = baseAddress.ToString() });
        page.SetDefaultTimeout(Timeout);
        var items = page.Locator("#todo-list li");
        var newTodo = page.Locator("#new-todo");

        await page.GotoAsync("/");
        await Assertions.Expect(items).ToHaveCountAsync(0);

        await newTodo.FillAsync("buy milk");
        await newTodo.PressAsync("Enter");
        await newTodo.FillAsync("write tests");
        await newTodo.PressAsync("Enter");
        await Assertions.Expect(items).ToHaveTextAsync(["buy milk", "write tests"]);
        await Assertions.Expect(page.Locator("#todo-count")).ToHaveTextAsync("2 items left");

        await items.Nth(0).Locator(".toggle").CheckAsync();
        await Assertions.Expect(items.Nth(0)).ToHaveClassAsync("completed");
        await Assertions.Expect(page.Locator("#todo-count")).ToHaveTextAsync("1 item left");

        await items.Nth(1).Locator("label").DblClickAsync();
        var edit = items.Nth(1).Locator(".edit");
        await edit.FillAsync("write more tests");
        await edit.PressAsync("Enter");
        await Assertions.Expect(items).ToHaveTextAsync(["buy milk", "write more tests"]);

        await page.Locator("a[data-filter=active]").ClickAsync();
        await Assertions.Expect(items).ToHaveTextAsync(["write more tests"]);
        await page.Locator("a[data-filter=completed]").ClickAsync();
        await Assertions.Expect(items).ToHaveTextAsync(["buy milk"]);
        await page.Locator("a[data-filter=all]").ClickAsync();

        await items.Nth(1).HoverAsync();
        await items.Nth(1).Locator(".destroy").ClickAsync();
        await Assertions.Expect(items).ToHaveTextAsync(["buy milk"]);

        // What the page shows is what the API stores: a reload reads it back from Redis.
        await page.ReloadAsync();
        await Assertions.Expect(items).ToHaveTextAsync(["buy milk"]);
        await Assertions.Expect(items.Nth(0)).ToHaveClassAsync("completed");
        var stored = await page.APIRequest.GetAsync("/todos");
        Assert.Contains("\"title\":\"buy milk\",\"completed\":true", await stored.TextAsync(), StringComparison.Ordinal);

        await page.Locator("#clear-completed").ClickAsync();
        await Assertions.Expect(items).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Todos_added_in_quick_succession_keep_their_order_when_the_first_request_is_slow()
    {
        var baseAddress = _api.StartOnKestrel();
        var page = await _browser!.NewPageAsync(new() { BaseURL = baseAddress.ToString() });
        page.SetDefaultTimeout(Timeout);
        var firstPost = 0;
        await page.RouteAsync("**/todos", async route =>
        {
            if (route.Request.Method == "POST" && Interlocked.Increment(ref firstPost) == 1)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
            }

            await route.ContinueAsync();
        });
        var items = page.Locator("#todo-list li");
        var newTodo = page.Locator("#new-todo");

        await page.GotoAsync("/");
        await newTodo.FillAsync("first");
        await newTodo.PressAsync("Enter");
        await newTodo.FillAsync("second");
        await newTodo.PressAsync("Enter");

        await Assertions.Expect(items).ToHaveTextAsync(["first", "second"]);
    }

    [Fact]
    public async Task The_page_runs_no_script_but_its_own()
    {
        var baseAddress = _api.StartOnKestrel();
        var page = await _browser!.NewPageAsync(new() { BaseURL = baseAddress.ToString() });
        page.SetDefaultTimeout(Timeout);
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                violations.Add(message.Text);
            }
        };
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("#todo-count")).ToBeAttachedAsync();

        // What an injected title could try if it ever reached the DOM as markup: an inline script does not run.
        var injected = await page.EvaluateAsync<int?>("""
            () => {
              const script = document.createElement("script");
              script.textContent = "window.injected = 1";
              document.head.append(script);
              return window.injected ?? null;
            }
            """);

        Assert.Null(injected);
        Assert.Single(violations);
    }

    [Fact]
    public async Task The_page_reads_a_large_collection_a_page_at_a_time()
    {
        const int count = 230;
        var baseAddress = _api.StartOnKestrel();
        using var client = new HttpClient { BaseAddress = baseAddress };
        foreach (var batch in Enumerable.Range(0, count).Chunk(46))
        {
            await Task.WhenAll(batch.Select(i => client.CreateTodoAsync(new { title = $"todo {i:D3}", order = i })));
        }

        var page = await _browser!.NewPageAsync(new() { BaseURL = baseAddress.ToString() });
        page.SetDefaultTimeout(Timeout);
        var listRequests = new List<string>();
        page.Request += (_, request) =>
        {
            if (new Uri(request.Url).AbsolutePath == "/todos")
            {
                listRequests.Add(new Uri(request.Url).Query);
            }
        };

        await page.GotoAsync("/");

        var items = page.Locator("#todo-list li");
        await Assertions.Expect(items).ToHaveCountAsync(count);
        await Assertions.Expect(items.Nth(count - 1)).ToHaveTextAsync($"todo {count - 1:D3}");
        await Assertions.Expect(page.Locator("#todo-count")).ToHaveTextAsync($"{count} items left");
        Assert.Equal(3, listRequests.Count);
        Assert.All(listRequests, query => Assert.Contains("limit=100", query, StringComparison.Ordinal));
    }
}
