using System.Net;
using System.Net.Sockets;

namespace Todo.Operator.Runtime.Tests;

/// <summary>The poll the unit and control-plane tests wait with (tests/Shared): a request that times out is one failed attempt, not the end.</summary>
public sealed class SharedEventuallyTests
{
    [Fact]
    public async Task A_request_that_times_out_on_the_clients_own_timeout_is_retried_until_the_deadline()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        // A server that takes connections and never answers: what an API pod does while its Redis connection hangs.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        using var client = new HttpClient
        {
            BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/"),
            Timeout = TimeSpan.FromMilliseconds(200),
        };
        var attempts = 0;

        var answer = await Eventually.GetAsync<string>("an answer on the second attempt", async token =>
        {
            if (++attempts == 1)
            {
                using var response = await client.GetAsync("todos", token);
            }

            return attempts > 1 ? "answered" : null;
        }, TimeSpan.FromSeconds(30), cancellationToken);

        Assert.Equal("answered", answer);
        Assert.Equal(2, attempts);
    }
}
