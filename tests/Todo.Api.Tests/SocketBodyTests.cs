using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using Todo.Api.Tests.Infrastructure;

namespace Todo.Api.Tests;

/// <summary>
/// Write bodies as a real socket delivers them to Kestrel, which the in-process test server never does: chunked
/// without a Content-Length, cut into pieces that arrive one by one (a UTF-8 character split between two), stalled,
/// or ended early. The API reads bodies where Kestrel received them and runs requests on the socket's own thread
/// (Program.cs), so these are the cases where a wrong read would parse half a body, accept too much, or hold up
/// other connections.
/// </summary>
public sealed class SocketBodyTests : IAsyncDisposable
{
    private const int MaxBodyBytes = 16 * 1024;

    private readonly TodoApiFactory _api;
    private readonly Uri _address;

    public SocketBodyTests(SharedRedis redis)
    {
        _api = new TodoApiFactory(redis.Server.Endpoint);
        _address = _api.StartOnKestrel();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(MaxBodyBytes, HttpStatusCode.Created)]
    [InlineData(MaxBodyBytes + 1, HttpStatusCode.RequestEntityTooLarge)]
    public async Task A_chunked_body_is_held_to_the_limit_without_a_content_length(int bodyBytes, HttpStatusCode expected)
    {
        var body = PaddedBody("chunked", bodyBytes);
        await using var connection = await RawConnection.OpenAsync(_address, Ct);

        await connection.SendAsync(Head("POST", "Transfer-Encoding: chunked"), Ct);
        foreach (var piece in body.Chunk(4096))
        {
            await connection.SendAsync(Encoding.ASCII.GetBytes($"{piece.Length:x}\r\n"), Ct);
            await connection.SendAsync(piece, Ct);
            await connection.SendAsync("\r\n"u8.ToArray(), Ct);
        }

        await connection.SendAsync("0\r\n\r\n"u8.ToArray(), Ct);

        Assert.Equal(expected, (await connection.ReadResponseAsync(Ct)).Status);
    }

    [Fact]
    public async Task A_body_that_arrives_in_small_pieces_is_read_whole()
    {
        // "é" and "😀" are 2 and 4 bytes in UTF-8: pieces of 3 bytes cut them apart.
        var title = "pièce par pièce 😀 " + new string('x', 40);
        var body = Encoding.UTF8.GetBytes($$"""{"title":"{{title}}","completed":true,"order":2.5}""");
        await using var connection = await RawConnection.OpenAsync(_address, Ct);

        await connection.SendAsync(Head("POST", $"Content-Length: {body.Length}"), Ct);
        foreach (var piece in body.Chunk(3))
        {
            await connection.SendAsync(piece, Ct);
            await Task.Delay(2, Ct);
        }

        var response = await connection.ReadResponseAsync(Ct);
        Assert.Equal(HttpStatusCode.Created, response.Status);
        using var client = new HttpClient { BaseAddress = _address };
        var stored = await client.GetFromJsonAsync<TodoDto>(response.Location, Ct);
        Assert.Equal((title, true, 2.5), (stored!.Title, stored.Completed, stored.Order));
    }

    [Fact]
    public async Task A_chunked_body_that_is_not_json_gets_400()
    {
        await using var connection = await RawConnection.OpenAsync(_address, Ct);

        await connection.SendAsync(Head("POST", "Transfer-Encoding: chunked"), Ct);
        await connection.SendAsync("5\r\n{\"tit\r\n6\r\nle\":1,\r\n0\r\n\r\n"u8.ToArray(), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, (await connection.ReadResponseAsync(Ct)).Status);
    }

    [Fact]
    public async Task A_body_cut_short_by_the_client_creates_nothing()
    {
        using var client = new HttpClient { BaseAddress = _address };
        var before = (await client.GetFromJsonAsync<TodoDto[]>("/todos", Ct))!.Length;
        await using var connection = await RawConnection.OpenAsync(_address, Ct);

        await connection.SendAsync(Head("POST", "Content-Length: 40"), Ct);
        await connection.SendAsync("""{"title":"cut short"}"""u8.ToArray(), Ct);
        connection.EndSending();

        // Kestrel answers 400 (the body ended early) or drops the connection; either way nothing is stored.
        var status = await connection.TryReadResponseAsync(Ct);
        Assert.True(status is null or HttpStatusCode.BadRequest, $"answered {status}");
        Assert.Equal(before, (await client.GetFromJsonAsync<TodoDto[]>("/todos", Ct))!.Length);
    }

    [Fact]
    public async Task A_stalled_body_holds_up_no_other_connection()
    {
        var body = """{"title":"slow client"}"""u8.ToArray();
        await using var stalled = await RawConnection.OpenAsync(_address, Ct);
        await stalled.SendAsync(Head("POST", $"Content-Length: {body.Length}"), Ct);
        await stalled.SendAsync(body[..5], Ct);

        using var client = new HttpClient { BaseAddress = _address, Timeout = TimeSpan.FromSeconds(10) };
        var others = Enumerable.Range(0, 8).Select(i => client.PostAsJsonAsync("/todos", new { title = $"meanwhile {i}" }, Ct));
        Assert.All(await Task.WhenAll(others), response => Assert.Equal(HttpStatusCode.Created, response.StatusCode));

        await stalled.SendAsync(body[5..], Ct);
        Assert.Equal(HttpStatusCode.Created, (await stalled.ReadResponseAsync(Ct)).Status);
    }

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    private byte[] Head(string method, string bodyHeader) =>
        Encoding.ASCII.GetBytes($"{method} /todos HTTP/1.1\r\nHost: {_address.Authority}\r\nContent-Type: application/json\r\n{bodyHeader}\r\n\r\n");

    /// <summary>A valid todo of exactly <paramref name="bytes"/> bytes: the title, then spaces before the closing brace.</summary>
    private static byte[] PaddedBody(string title, int bytes)
    {
        var start = $$"""{"title":"{{title}}" """;
        return Encoding.ASCII.GetBytes(start + new string(' ', bytes - start.Length - 1) + "}");
    }

    /// <summary>One HTTP/1.1 connection written byte by byte as the test says, and the status line and headers of its answer.</summary>
    private sealed class RawConnection : IAsyncDisposable
    {
        private readonly TcpClient _tcp;
        private readonly NetworkStream _stream;

        private RawConnection(TcpClient tcp)
        {
            _tcp = tcp;
            _tcp.NoDelay = true;
            _stream = tcp.GetStream();
        }

        public static async Task<RawConnection> OpenAsync(Uri address, CancellationToken cancellationToken)
        {
            var tcp = new TcpClient();
            await tcp.ConnectAsync(address.Host, address.Port, cancellationToken);
            return new RawConnection(tcp);
        }

        public async Task SendAsync(byte[] bytes, CancellationToken cancellationToken)
        {
            await _stream.WriteAsync(bytes, cancellationToken);
            await _stream.FlushAsync(cancellationToken);
        }

        public void EndSending() => _tcp.Client.Shutdown(SocketShutdown.Send);

        public async Task<(HttpStatusCode Status, string? Location)> ReadResponseAsync(CancellationToken cancellationToken) =>
            await ReadHeadAsync(cancellationToken) ?? throw new IOException("The connection closed without an answer.");

        /// <summary>The answer's status, or null when the server closed (or reset) the connection without one.</summary>
        public async Task<HttpStatusCode?> TryReadResponseAsync(CancellationToken cancellationToken)
        {
            try
            {
                return (await ReadHeadAsync(cancellationToken))?.Status;
            }
            catch (IOException)
            {
                return null;
            }
        }

        /// <summary>Reads up to the blank line after the headers; null when the server closed first.</summary>
        private async Task<(HttpStatusCode Status, string? Location)?> ReadHeadAsync(CancellationToken cancellationToken)
        {
            var head = new List<byte>();
            var one = new byte[1];
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            while (!(head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
            {
                if (await _stream.ReadAsync(one, timeout.Token) == 0)
                {
                    return null;
                }

                head.Add(one[0]);
            }

            var lines = Encoding.ASCII.GetString([.. head]).Split("\r\n");
            var status = (HttpStatusCode)int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
            var location = lines.FirstOrDefault(line => line.StartsWith("Location:", StringComparison.OrdinalIgnoreCase))?["Location:".Length..].Trim();
            return (status, location);
        }

        public async ValueTask DisposeAsync()
        {
            await _stream.DisposeAsync();
            _tcp.Dispose();
        }
    }
}
