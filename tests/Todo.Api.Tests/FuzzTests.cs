using System.Globalization;
using System.Text.Json;
using Todo.Api.Tests.Infrastructure;

namespace Todo.Api.Tests;

/// <summary>
/// Thousands of random requests (methods, paths, queries, headers, bodies; see <see cref="RandomRequests"/>) against the
/// real API and Redis: none may get a server error. The run is reproducible from its seed; TODO_FUZZ_SEED and
/// TODO_FUZZ_COUNT choose another seed or a longer run.
/// </summary>
public sealed class FuzzTests(SharedRedis redis) : ApiTest(redis, new Dictionary<string, string>
{
    ["Api:PublicHosts"] = "localhost;todo.example.com",
    ["Api:CorsOrigins"] = "https://www.todobackend.com",
    ["Api:MaxTodos"] = "500",
})
{
    private const int DefaultSeed = 20261201;
    private const int DefaultCount = 3000;

    [Fact]
    public async Task Random_requests_never_get_a_server_error()
    {
        var seed = Setting("TODO_FUZZ_SEED", DefaultSeed);
        var count = Setting("TODO_FUZZ_COUNT", DefaultCount);
        var requests = new RandomRequests(seed);
        var statuses = new SortedDictionary<int, int>();

        for (var i = 0; i < count; i++)
        {
            var (request, description) = requests.Next();
            using (request)
            {
                HttpResponseMessage response;
                try
                {
                    response = await Client.SendAsync(request, Ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Assert.Fail($"request {i} of seed {seed} failed:\n{description}\n\n{e}");
                    throw;
                }

                using (response)
                {
                    var status = (int)response.StatusCode;
                    var body = await response.Content.ReadAsStringAsync(Ct);
                    statuses[status] = statuses.GetValueOrDefault(status) + 1;
                    // 501 is the answer to a method this API does not know, and only to that.
                    var expected = RandomRequests.UsesKnownMethod(request) ? status < 500 : status == 501;
                    Assert.True(expected, $"request {i} of seed {seed} got {status}:\n{description}\n\nresponse: {body}");
                    Remember(requests, request, status, body);
                }
            }
        }

        // The run reached the todos, not only the error paths.
        Assert.True(statuses.GetValueOrDefault(200) + statuses.GetValueOrDefault(201) > count / 20, Summary(statuses));
        Assert.True(statuses.GetValueOrDefault(400) > count / 20, Summary(statuses));
        TestContext.Current.TestOutputHelper?.WriteLine($"seed {seed}, {count} requests: {Summary(statuses)}");
    }

    private static void Remember(RandomRequests requests, HttpRequestMessage request, int status, string body)
    {
        if (status != 201 || request.Method != HttpMethod.Post)
        {
            return;
        }

        using var created = JsonDocument.Parse(body);
        requests.KnownIds.Add(created.RootElement.GetProperty("id").GetInt64());
    }

    private static string Summary(SortedDictionary<int, int> statuses) =>
        string.Join(", ", statuses.Select(s => $"{s.Key}: {s.Value}"));

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
