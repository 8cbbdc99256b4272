using StackExchange.Redis;
using Todo.Operator.Redis.Tls;

namespace Todo.Operator.Redis.Sentinel;

/// <summary>
/// Asks an app's Sentinels for the primary and its replicas over one connection per app (kept between polls, reconnecting by
/// itself), each Sentinel at once and each question for at most <see cref="Timeout"/>: the first Sentinel in order whose
/// answer names one of the app's pods wins. A Sentinel that cannot be reached (a name that does not resolve, a partition)
/// costs no more than the time-out, and none answering is an answer too (null).
/// </summary>
internal sealed class SentinelAsker : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    private readonly Dictionary<string, Connection> connections = [];
    private readonly Lock gate = new();

    public async Task<SentinelView?> AskAsync(string app, SentinelTarget target, CancellationToken cancellationToken)
    {
        var multiplexer = await ConnectionAsync(app, target);
        var answers = target.Sentinels.Select(sentinel => AskOneAsync(multiplexer.GetServer(sentinel), target, cancellationToken)).ToList();
        foreach (var answer in answers)
        {
            if (await answer is { } view)
            {
                return view;
            }
        }

        return null;
    }

    /// <summary>Closes the connection of an app that is gone or no longer in Sentinel mode.</summary>
    public async Task ForgetAsync(string app)
    {
        Connection? connection;
        lock (gate)
        {
            connections.Remove(app, out connection);
        }

        if (connection is not null)
        {
            await connection.Multiplexer.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<Connection> all;
        lock (gate)
        {
            all = [.. connections.Values];
            connections.Clear();
        }

        foreach (var connection in all)
        {
            await connection.Multiplexer.DisposeAsync();
        }
    }

    private static async Task<SentinelView?> AskOneAsync(IServer sentinel, SentinelTarget target, CancellationToken cancellationToken)
    {
        try
        {
            var primary = await sentinel.ExecuteAsync("SENTINEL", "get-master-addr-by-name", target.PrimaryName).WaitAsync(Timeout, cancellationToken);
            if (primary.IsNull || primary.Resp2Type != ResultType.Array)
            {
                return null;
            }

            var replicas = await sentinel.ExecuteAsync("SENTINEL", "replicas", target.PrimaryName).WaitAsync(Timeout, cancellationToken);
            return SentinelReplies.Parse(target.PodOf, Strings(primary), Replicas(replicas));
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return null;
        }
    }

    private static string[] Strings(RedisResult result) => [.. ((RedisResult[])result!).Select(item => (string?)item ?? string.Empty)];

    private static IEnumerable<IReadOnlyDictionary<string, string>> Replicas(RedisResult result) =>
        result.Resp2Type != ResultType.Array
            ? []
            : ((RedisResult[])result!).Select(replica => Strings(replica)).Select(fields =>
                (IReadOnlyDictionary<string, string>)Enumerable.Range(0, fields.Length / 2).ToDictionary(i => fields[2 * i], i => fields[(2 * i) + 1], StringComparer.Ordinal));

    /// <summary>The app's connection, made anew when its Sentinels or its password changed.</summary>
    private async Task<ConnectionMultiplexer> ConnectionAsync(string app, SentinelTarget target)
    {
        Connection? stale = null;
        lock (gate)
        {
            if (connections.TryGetValue(app, out var existing))
            {
                if (existing.Sentinels.SequenceEqual(target.Sentinels) && existing.Password == target.Password && existing.Tls == target.Tls)
                {
                    return existing.Multiplexer;
                }

                stale = existing;
                connections.Remove(app);
            }
        }

        if (stale is not null)
        {
            await stale.Multiplexer.DisposeAsync();
        }

        var options = new ConfigurationOptions
        {
            User = RedisUsers.Api,
            Password = target.Password,
            // Sentinels answer only Sentinel's commands; without the map the handshake would send others.
            CommandMap = CommandMap.Sentinel,
            AbortOnConnectFail = false,
            BacklogPolicy = BacklogPolicy.FailFast,
            ConnectTimeout = (int)Timeout.TotalMilliseconds,
            SyncTimeout = (int)Timeout.TotalMilliseconds,
            AsyncTimeout = (int)Timeout.TotalMilliseconds,
            ClientName = "todo-operator",
        };
        foreach (var sentinel in target.Sentinels)
        {
            options.EndPoints.Add(sentinel);
        }

        if (target.Tls is { } tls)
        {
            SentinelTls.Apply(options, tls);
        }

        var multiplexer = await ConnectionMultiplexer.ConnectAsync(options);
        lock (gate)
        {
            connections[app] = new Connection(target.Sentinels, target.Password, target.Tls, multiplexer);
        }

        return multiplexer;
    }

    private sealed record Connection(IReadOnlyList<string> Sentinels, string Password, RedisTlsFiles? Tls, ConnectionMultiplexer Multiplexer);
}
