using Todo.Api.Storage;

namespace Todo.Api.Tests;

/// <summary>
/// The API authenticates as the Redis ACL user it is given (the operator gives <c>api</c>), to Redis and to the Sentinels
/// alike, and as the <c>default</c> user without one. That the operator's <c>api</c> user lets it serve is shown on real
/// pods by every end-to-end scenario; what that user may not do, by the operator's RedisUsersTests.
/// </summary>
public sealed class RedisUserTests
{
    public static TheoryData<string> Connections => new() { "direct", "sentinel" };

    [Theory]
    [MemberData(nameof(Connections))]
    public void The_configured_user_and_password_authenticate_the_connections(string connection)
    {
        var options = new RedisOptions { Endpoint = "redis:6379", User = "api", Password = "secret" };
        if (connection == "sentinel")
        {
            options.SentinelEndpoints = "sentinel-0:26379,sentinel-1:26379";
            options.SentinelServiceName = "todo";
        }

        var configuration = RedisStorageExtensions.ToConfiguration(options, "test");

        Assert.Equal(("api", "secret"), (configuration.User, configuration.Password));
    }

    [Fact]
    public void Without_a_user_the_connections_authenticate_as_the_default_user()
    {
        var configuration = RedisStorageExtensions.ToConfiguration(new RedisOptions { Endpoint = "redis:6379", Password = "secret" }, "test");

        Assert.Null(configuration.User);
    }
}
