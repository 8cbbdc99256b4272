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

        // One multiplexer for the process; it reconnects by itself (and, through Sentinel, follows the primary).
        services.AddSingleton<IConnectionMultiplexer>(provider =>
            ConnectionMultiplexer.Connect(ToConfiguration(provider.GetRequiredService<IOptions<RedisOptions>>().Value, "todo-api")));
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<RedisOptions>>().Value;
            return options.ReplicasToAcknowledge == 0
                ? new WriteConnection(provider.GetRequiredService<IConnectionMultiplexer>(), ownsMultiplexer: false)
                : new WriteConnection(ConnectionMultiplexer.Connect(ToConfiguration(options, "todo-api-writes")), ownsMultiplexer: true);
        });
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<RedisOptions>>().Value;
            var connection = provider.GetRequiredService<WriteConnection>();
            return new ReplicatedWrites(connection, options.ReplicasToAcknowledge == 0
                ? null
                : GroupCommit.Over(connection.Multiplexer, options.ReplicasToAcknowledge, options.ReplicationTimeoutMilliseconds));
        });
        services.AddSingleton(provider => new TodoKeys(provider.GetRequiredService<IOptions<RedisOptions>>().Value.KeyPrefix));
        services.AddSingleton<TodoStore>();
        return services;
    }

    public static ConfigurationOptions ToConfiguration(RedisOptions options, string clientName)
    {
        var configuration = new ConfigurationOptions
        {
            User = string.IsNullOrEmpty(options.User) ? null : options.User,
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
            ClientName = clientName,
            BeforeSocketConnect = (_, _, socket) => DeadPeerDetection.Apply(socket),
        };
        if (options.UsesSentinel)
        {
            // A service name makes the multiplexer ask these Sentinels for the primary and move when they fail over.
            configuration.ServiceName = options.SentinelServiceName;
            foreach (var sentinel in options.SentinelEndpointList)
            {
                configuration.EndPoints.Add(sentinel);
            }
        }
        else
        {
            configuration.EndPoints.Add(options.Endpoint);
        }

        if (options.Ssl && RedisTls.IsConfigured(options))
        {
            // Replaces the library's own certificate settings; it is asked at every connection, to the Sentinels (whose
            // connections are copies of this configuration) as to the primary they name.
            configuration.SslClientAuthenticationOptions = host => RedisTls.AuthenticationOptions(options, host);
        }

        return configuration;
    }
}
