using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Todo.Api.Storage;

internal static class RedisStorageExtensions
{
    public static IServiceCollection AddRedisStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RedisOptions>()
            .Bind(configuration.GetSection(RedisOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<RedisOptions>, RedisOptionsValidator>();

        // One multiplexer for the process; it reconnects by itself.
        services.AddSingleton<IConnectionMultiplexer>(provider =>
            ConnectionMultiplexer.Connect(ToConfiguration(provider.GetRequiredService<IOptions<RedisOptions>>().Value)));
        services.AddSingleton(provider => new TodoKeys(provider.GetRequiredService<IOptions<RedisOptions>>().Value.KeyPrefix));
        services.AddSingleton<TodoStore>();
        return services;
    }

    public static ConfigurationOptions ToConfiguration(RedisOptions options)
    {
        var configuration = new ConfigurationOptions
        {
            Password = string.IsNullOrEmpty(options.Password) ? null : options.Password,
            Ssl = options.Ssl,
            DefaultDatabase = options.Database,
            // Start and serve 503s while Redis is down, then reconnect, instead of crash-looping.
            AbortOnConnectFail = false,
            // While disconnected, fail at once (503) rather than queue writes the client was never told about.
            BacklogPolicy = BacklogPolicy.FailFast,
            ConnectTimeout = options.TimeoutMilliseconds,
            SyncTimeout = options.TimeoutMilliseconds,
            AsyncTimeout = options.TimeoutMilliseconds,
            ReconnectRetryPolicy = new ExponentialRetry(250, 5_000),
            ClientName = "todo-api",
        };
        configuration.EndPoints.Add(options.Endpoint);
        return configuration;
    }

}
