using System.Net;
using System.Net.Http.Json;
using Todo.Api.Tests.Infrastructure;

namespace Todo.Api.Tests;

/// <summary>
/// A primary that cannot reach its replicas refuses writes (<c>min-replicas-to-write</c>, NOREPLICAS), so that a primary
/// cut off from the others accepts nothing a failover would discard: the API answers 503 with Retry-After (nothing was
/// written), never 500, and reads go on.
/// </summary>
public sealed class NoReplicasRefusalTests() : OwnRedisTest("--min-replicas-to-write", "1", "--min-replicas-max-lag", "10")
{
    [Fact]
    public async Task A_write_the_primary_refuses_for_want_of_replicas_gets_503_with_retry_after_and_writes_nothing()
    {
        using var refused = await Client.PostAsJsonAsync("/todos", new { title = "no replica to hold it" }, Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Empty(await Client.ListTodosAsync());
    }
}
