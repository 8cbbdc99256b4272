using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Todo.EndToEnd.Tests.Support;

/// <summary>
/// The users of an app while something breaks: a few clients sending requests through the app's Service, one after
/// another each, and the record of what every request came to (<see cref="RequestRecord"/>). Each client keeps its
/// connection open between requests and opens a new one every few seconds, as browsers and proxies do, so that the
/// requests reach every pod behind the Service. A connection that cannot be opened carried no request: the client opens
/// another one and sends the same request again, as a browser or a proxy in front of the Service would (nginx's
/// proxy_next_upstream error); so a request either got an answer or was sent and lost.
/// </summary>
internal sealed class RequestLoop : IAsyncDisposable
{
    /// <summary>How long a client uses a connection before it opens a new one.</summary>
    public static readonly TimeSpan ConnectionLifetime = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(100);

    private readonly ConcurrentQueue<RequestRecord> records = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly Task[] clients;

    private RequestLoop(Uri service, string host, int clients, Func<HttpClient, RequestId, CancellationToken, Task<HttpResponseMessage>> send)
    {
        this.clients = [.. Enumerable.Range(0, clients).Select(client => Task.Run(() => RunClientAsync(service, host, client, send)))];
    }

    /// <summary>The most requests that can be in flight at once: one per client.</summary>
    public int Clients => clients.Length;

    /// <summary>Starts <paramref name="clients"/> clients, each calling <paramref name="send"/> in turn until <see cref="StopAsync"/>.</summary>
    public static RequestLoop Start(Uri service, string host, int clients, Func<HttpClient, RequestId, CancellationToken, Task<HttpResponseMessage>> send) =>
        new(service, host, clients, send);

    /// <summary>Lets each client finish the request it is sending (none is cancelled) and returns every request's record.</summary>
    public async Task<RequestRecords> StopAsync()
    {
        await stopping.CancelAsync();
        await Task.WhenAll(clients);
        return new RequestRecords([.. records.OrderBy(r => r.Sent)]);
    }

    public async ValueTask DisposeAsync()
    {
        if (!stopping.IsCancellationRequested)
        {
            await StopAsync();
        }

        stopping.Dispose();
    }

    private async Task RunClientAsync(Uri service, string host, int client, Func<HttpClient, RequestId, CancellationToken, Task<HttpResponseMessage>> send)
    {
        using var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = ConnectionLifetime,
            MaxConnectionsPerServer = 1,
            ConnectCallback = ConnectAsync,
        };
        using var http = new HttpClient(handler) { BaseAddress = service, Timeout = RequestTimeout };
        http.DefaultRequestHeaders.Host = host;
        for (var sequence = 0; !stopping.IsCancellationRequested; sequence++)
        {
            var id = new RequestId(client, sequence);
            RequestRecord record;
            do
            {
                record = await SendAsync(http, id, send);
                records.Enqueue(record);
            }
            while (record.Outcome == RequestOutcome.NotConnected && !stopping.IsCancellationRequested);

            await Task.Delay(Pause, CancellationToken.None);
        }
    }

    private static async Task<RequestRecord> SendAsync(HttpClient http, RequestId id, Func<HttpClient, RequestId, CancellationToken, Task<HttpResponseMessage>> send)
    {
        var sent = DateTimeOffset.UtcNow;
        try
        {
            using var response = await send(http, id, CancellationToken.None);
            var outcome = response.IsSuccessStatusCode ? RequestOutcome.Answered : RequestOutcome.Failed;
            return new RequestRecord(id, sent, DateTimeOffset.UtcNow, outcome, response.StatusCode);
        }
        catch (HttpRequestException e) when (e.InnerException is NotConnectedException)
        {
            return new RequestRecord(id, sent, DateTimeOffset.UtcNow, RequestOutcome.NotConnected, null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            // Sent, and no answer within the timeout, or the connection broke before the answer came.
            return new RequestRecord(id, sent, DateTimeOffset.UtcNow, RequestOutcome.Lost, null);
        }
    }

    /// <summary>Opens the connection with its own timeout, so that a connection that could not be opened is told apart.</summary>
    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConnectTimeout);
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, timeout.Token);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            socket.Dispose();
            throw new NotConnectedException(context.DnsEndPoint, e);
        }
    }

    private sealed class NotConnectedException(DnsEndPoint endPoint, Exception inner)
        : IOException($"no connection to {endPoint.Host}:{endPoint.Port}", inner);
}
