using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using StackExchange.Redis;

namespace Todo.Api.Tests.Infrastructure;

/// <summary>
/// A real redis-server on a free loopback port with its own temporary directory and AOF fsync on every write,
/// so that a kill and restart keeps every acknowledged write. Disposing kills it and removes the directory.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private const string Executable = "/usr/bin/redis-server";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly string[] _extraArguments;
    private Process? _process;

    private RedisServer(int port, string[] extraArguments)
    {
        Port = port;
        _extraArguments = extraArguments;
    }

    public int Port { get; }

    public string Endpoint => $"127.0.0.1:{Port}";

    /// <summary>The server's working directory (AOF files live in its <c>appendonlydir</c>).</summary>
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("todo-redis-").FullName;

    /// <summary>Starts a server; <paramref name="extraArguments"/> override the defaults (the last value of an option wins).</summary>
    public static async Task<RedisServer> StartNewAsync(params string[] extraArguments)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: run hack/install-deps.sh (it installs redis-server).");
        }

        var server = new RedisServer(FreePort(), extraArguments);
        await server.StartAsync();
        return server;
    }

    /// <summary>A connection of the test's own, with admin commands (CONFIG, CLIENT PAUSE, INFO) allowed.</summary>
    public Task<ConnectionMultiplexer> ConnectAdminAsync() =>
        ConnectionMultiplexer.ConnectAsync($"{Endpoint},allowAdmin=true,abortConnect=false");

    /// <summary>Starts (again) on the same port and directory, and waits until Redis answers PING.</summary>
    public async Task StartAsync()
    {
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--dir", Directory, "--appendonly", "yes", "--appendfsync", "always", "--save", "",
            "--daemonize", "no", "--protected-mode", "yes", "--loglevel", "warning",
        }.Concat(_extraArguments))
        {
            info.ArgumentList.Add(arg);
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + StartTimeout;
        while (!await AnswersPingAsync())
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"redis-server on port {Port} did not become ready (exit: {(_process.HasExited ? _process.ExitCode : "running")}).");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Kills the server like a crash would: only what AOF already has on disk survives.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private async Task<bool> AnswersPingAsync()
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await client.ConnectAsync(IPAddress.Loopback, Port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), timeout.Token);
            var buffer = new byte[64];
            var read = await stream.ReadAsync(buffer, timeout.Token);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
