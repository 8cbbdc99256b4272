using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
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

    private readonly Func<RedisServer, IEnumerable<string>> _arguments;
    private Process? _process;

    private RedisServer(int port, Func<RedisServer, IEnumerable<string>> arguments, TlsFiles? tls = null)
    {
        Port = port;
        _arguments = arguments;
        Tls = tls;
    }

    public int Port { get; }

    /// <summary>The certificates it serves TLS with, and requires of clients; none: plain TCP.</summary>
    public TlsFiles? Tls { get; }

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

        var server = new RedisServer(FreePort(), server => DataArguments(server).Concat(extraArguments));
        await server.StartAsync();
        return server;
    }

    /// <summary>Starts a server that serves TLS only (also to its replicas) and requires a certificate <paramref name="tls"/>'s CA signed of every client.</summary>
    public static async Task<RedisServer> StartTlsAsync(TlsFiles tls, params string[] extraArguments)
    {
        var server = new RedisServer(FreePort(), server => DataArguments(server).Concat(tls.ServerArguments(server.Port)).Concat(extraArguments), tls);
        await server.StartAsync();
        return server;
    }

    /// <summary>
    /// Starts a Sentinel (redis-server in Sentinel mode, as Debian's redis-sentinel runs it) that watches
    /// <paramref name="primary"/> as <paramref name="serviceName"/> with a quorum of 2, declares it down after 1 s of
    /// silence, and with <paramref name="password"/> uses it for the data servers and for itself. A primary on TLS makes
    /// it serve TLS too, with the primary's certificates.
    /// </summary>
    public static async Task<RedisServer> StartSentinelAsync(string serviceName, RedisServer primary, string? password)
    {
        var server = new RedisServer(FreePort(), server => SentinelArguments(server, serviceName, primary, password), primary.Tls);
        await server.StartAsync();
        return server;
    }

    /// <summary>A connection of the test's own, with admin commands (CONFIG, CLIENT PAUSE, INFO) allowed.</summary>
    public Task<ConnectionMultiplexer> ConnectAdminAsync()
    {
        var configuration = ConfigurationOptions.Parse($"{Endpoint},allowAdmin=true,abortConnect=false");
        Tls?.Apply(configuration);
        return ConnectionMultiplexer.ConnectAsync(configuration);
    }

    /// <summary>Starts (again) on the same port and directory, and waits until Redis answers PING.</summary>
    public async Task StartAsync()
    {
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in _arguments(this))
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

    private static IEnumerable<string> DataArguments(RedisServer server) =>
    [
        "--port", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
        "--dir", server.Directory, "--appendonly", "yes", "--appendfsync", "always", "--save", "",
        "--daemonize", "no", "--protected-mode", "yes", "--loglevel", "warning",
    ];

    /// <summary>Sentinel takes its settings from a file it rewrites (with what it learns), so each gets one of its own.</summary>
    private static IEnumerable<string> SentinelArguments(RedisServer server, string serviceName, RedisServer primary, string? password)
    {
        var settings = new List<string>
        {
            $"port {server.Port}",
            "bind 127.0.0.1",
            $"dir {server.Directory}",
            $"sentinel monitor {serviceName} 127.0.0.1 {primary.Port} 2",
            $"sentinel down-after-milliseconds {serviceName} 1000",
            $"sentinel failover-timeout {serviceName} 10000",
        };
        if (password is not null)
        {
            settings.Add($"sentinel auth-pass {serviceName} {password}");
            settings.Add($"requirepass {password}");
        }

        if (server.Tls is { } tls)
        {
            // The same settings as a data server's, as lines of the file: the last of a setting wins.
            settings.AddRange(tls.ServerArguments(server.Port).Chunk(2).Select(setting => $"{setting[0][2..]} {setting[1]}"));
        }

        var file = Path.Combine(server.Directory, "sentinel.conf");
        File.WriteAllLines(file, settings);
        return [file, "--sentinel", "--loglevel", "warning"];
    }

    /// <summary>PONG, or NOAUTH from a server that wants a password first: either way it serves.</summary>
    private async Task<bool> AnswersPingAsync()
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await client.ConnectAsync(IPAddress.Loopback, Port, timeout.Token);
            await using var stream = Tls is null ? client.GetStream() : await TlsStreamAsync(client.GetStream(), Tls, timeout.Token);
            await stream.WriteAsync("PING\r\n"u8.ToArray(), timeout.Token);
            var buffer = new byte[64];
            var read = await stream.ReadAsync(buffer, timeout.Token);
            var reply = Encoding.ASCII.GetString(buffer, 0, read);
            return reply.StartsWith("+PONG", StringComparison.Ordinal) || reply.StartsWith("-NOAUTH", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
        {
            return false;
        }
    }

    private static async Task<Stream> TlsStreamAsync(Stream inner, TlsFiles tls, CancellationToken cancellationToken)
    {
        var trust = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        trust.CustomTrustStore.Add(X509CertificateLoader.LoadCertificateFromFile(tls.CaPath));
        var stream = new SslStream(inner);
        await stream.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = tls.Names[0],
            CertificateChainPolicy = trust,
            ClientCertificateContext = SslStreamCertificateContext.Create(X509Certificate2.CreateFromPemFile(tls.CertificatePath, tls.KeyPath), null, offline: true),
        }, cancellationToken);
        return stream;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
