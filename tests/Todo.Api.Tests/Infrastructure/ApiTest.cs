namespace Todo.Api.Tests.Infrastructure;

/// <summary>A test class with its own API instance (and key prefix) on the shared Redis, with optional extra settings.</summary>
public abstract class ApiTest : IAsyncDisposable
{
    protected ApiTest(SharedRedis redis, IReadOnlyDictionary<string, string>? settings = null)
    {
        Api = new TodoApiFactory(redis.Server.Endpoint, null, settings);
        Client = Api.CreateClient();
    }

    protected TodoApiFactory Api { get; }

    protected HttpClient Client { get; }

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Api.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
