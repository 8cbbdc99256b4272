using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Todo.Api.Tests.Infrastructure;

/// <summary>
/// The native executable running as its own process on a free loopback port, against the given Redis under a key
/// prefix of its own, with settings given as configuration keys (<c>Api:PublicHosts</c>, passed as <c>Api__PublicHosts</c>).
/// </summary>
public sealed class NativeApi : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;

    private NativeApi(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>What the process wrote, for a failure's message.</summary>
    public ProcessOutput Output { get; } = new();

    public static async Task<NativeApi> StartAsync(NativeAotBuild build, string redisEndpoint, IReadOnlyDictionary<string, string> settings)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{FreePort()}/");
        var info = new ProcessStartInfo(Path.Combine(build.Directory, "Todo.Api"))
        {
            WorkingDirectory = build.Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["ASPNETCORE_URLS"] = baseAddress.ToString().TrimEnd('/');
        info.Environment["ASPNETCORE_HTTP_PORTS"] = "";
        info.Environment["DOTNET_EnableDiagnostics"] = "0";
        info.Environment["Redis__Endpoint"] = redisEndpoint;
        info.Environment["Redis__KeyPrefix"] = $"native-{Guid.NewGuid():N}";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var api = new NativeApi(Process.Start(info) ?? throw new InvalidOperationException("The native API did not start."), baseAddress);
        api._process.OutputDataReceived += (_, line) => api.Output.Add(line.Data);
        api._process.ErrorDataReceived += (_, line) => api.Output.Add(line.Data);
        api._process.BeginOutputReadLine();
        api._process.BeginErrorReadLine();
        try
        {
            await api.WaitUntilReadyAsync();
            return api;
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync()
    {
        using var client = CreateClient();
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                if (_process.HasExited)
                {
                    // Until the end of its output, which says why.
                    await _process.WaitForExitAsync();
                }

                throw new InvalidOperationException(
                    $"The native API did not become ready (exit: {(_process.HasExited ? _process.ExitCode : "running")}):\n{Output}");
            }

            try
            {
                using var ready = await client.GetAsync("readyz");
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(50);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Lines a process wrote, collected from its output events.</summary>
    public sealed class ProcessOutput
    {
        private readonly List<string> _lines = [];

        public void Add(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_lines)
            {
                _lines.Add(line);
            }
        }

        public override string ToString()
        {
            lock (_lines)
            {
                return string.Join('\n', _lines.TakeLast(40));
            }
        }
    }
}
