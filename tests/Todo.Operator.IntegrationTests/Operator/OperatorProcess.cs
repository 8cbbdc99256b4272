using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Todo.Operator.IntegrationTests.Operator;

/// <summary>
/// The operator as a child process, started the way production starts it (<c>dotnet Todo.Operator.dll run</c>,
/// configured through the environment), its output captured to a log file the tests show when they fail.
/// </summary>
internal sealed class OperatorProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly Process process;
    private readonly StreamWriter log;
    private readonly Lock logLock = new();
    private readonly EventHandler killOnExit;
    // Generous: under make test both lanes load 2 cores to 30 and more, and a scrape of a busy operator takes seconds.
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(15) };
    private bool logClosed;

    private OperatorProcess(OperatorSettings settings, Process process, string logPath, int metricsPort, int probePort)
    {
        Settings = settings;
        this.process = process;
        LogPath = logPath;
        MetricsPort = metricsPort;
        ProbePort = probePort;
        log = new StreamWriter(logPath) { AutoFlush = true };
        process.OutputDataReceived += (_, line) => Append(line.Data);
        process.ErrorDataReceived += (_, line) => Append(line.Data);
        // Should the test host die without disposing, the operator must not outlive it.
        killOnExit = (_, _) => KillNow();
        AppDomain.CurrentDomain.ProcessExit += killOnExit;
    }

    public OperatorSettings Settings { get; }

    public string LogPath { get; }

    public int MetricsPort { get; }

    public int ProbePort { get; }

    public bool HasExited => process.HasExited;

    /// <summary>The exit code once the process has exited: 0 after a graceful shutdown.</summary>
    public int ExitCode => process.ExitCode;

    /// <summary>
    /// Starts the operator and waits until /readyz answers 200 (discovery done, informers synced), or, with
    /// <paramref name="untilReady"/> false, until it answers at all.
    /// </summary>
    public static async Task<OperatorProcess> StartAsync(OperatorSettings settings, CancellationToken cancellationToken, bool untilReady = true)
    {
        var (metricsPort, probePort) = (FreePort(), FreePort());
        var startInfo = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { settings.AssemblyPath ?? OperatorAssemblyPath(), "run" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in settings.Environment(metricsPort, probePort))
        {
            startInfo.Environment[name] = value;
        }

        var logPath = Path.Combine(Path.GetTempPath(), $"todo-operator-{settings.Namespace}-{settings.Instance}.log");
        var process = new Process { StartInfo = startInfo };
        process.Start();
        var started = new OperatorProcess(settings, process, logPath, metricsPort, probePort);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await started.WaitUntilReadyAsync(untilReady, cancellationToken);
            return started;
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }
    }

    /// <summary>The operator's /metrics page.</summary>
    public Task<string> MetricsAsync(CancellationToken cancellationToken) =>
        http.GetStringAsync(new Uri($"http://127.0.0.1:{MetricsPort}/metrics"), cancellationToken);

    /// <summary>A probe endpoint ("/healthz", "/readyz"): its status code and the reasons it gives.</summary>
    public async Task<(HttpStatusCode Status, string Body)> ProbeAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{ProbePort}{path}"), cancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    /// <summary>The last lines the operator wrote, for failure messages.</summary>
    public string LogTail(int lines = 80)
    {
        lock (logLock)
        {
            using var reader = new StreamReader(new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            var all = reader.ReadToEnd().Split(Environment.NewLine);
            return string.Join(Environment.NewLine, all.TakeLast(lines));
        }
    }

    /// <summary>SIGTERM, as the kubelet stops a pod; SIGKILL only if it has not exited after a grace period.</summary>
    public async Task StopAsync()
    {
        if (process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(StopTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Append($"[test harness] no exit {StopTimeout.TotalSeconds} s after SIGTERM; killing");
            KillNow();
            await process.WaitForExitAsync();
        }
    }

    /// <summary>SIGKILL: a crash, with no chance to release the Lease.</summary>
    public async Task KillAsync()
    {
        KillNow();
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        AppDomain.CurrentDomain.ProcessExit -= killOnExit;
        process.Dispose();
        http.Dispose();
        lock (logLock)
        {
            logClosed = true;
            log.Dispose();
        }
    }

    private async Task WaitUntilReadyAsync(bool untilReady, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(StartTimeout);
        var readyz = new Uri($"http://127.0.0.1:{ProbePort}/readyz");
        try
        {
            while (!process.HasExited)
            {
                try
                {
                    using var response = await http.GetAsync(readyz, deadline.Token);
                    if (response.StatusCode == HttpStatusCode.OK || !untilReady)
                    {
                        return;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !deadline.IsCancellationRequested)
                {
                    // Not listening yet, or (on a loaded machine) not answering within the client's own timeout: one failed
                    // probe, not the end of the wait.
                }

                await Task.Delay(TimeSpan.FromMilliseconds(250), deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The operator {Settings.Instance} was not ready within {StartTimeout.TotalSeconds} s. Its log:{Environment.NewLine}{LogTail()}");
        }

        await process.WaitForExitAsync(cancellationToken);
        throw new InvalidOperationException($"The operator {Settings.Instance} exited with code {process.ExitCode} before it was ready. Its log:{Environment.NewLine}{LogTail()}");
    }

    private void KillNow()
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (logLock)
        {
            if (!logClosed)
            {
                log.WriteLine(line);
            }
        }
    }

    /// <summary>The operator built in the configuration of this test assembly (bin/Release when `make test` runs).</summary>
    public static string OperatorAssemblyPath()
    {
        var targetDirectory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = targetDirectory.Parent?.Name
            ?? throw new InvalidOperationException($"{AppContext.BaseDirectory} is not a bin/<configuration>/<framework> folder.");
        var path = Path.Combine(RepositoryRoot.Path, "src", "Todo.Operator", "bin", configuration, targetDirectory.Name, "Todo.Operator.dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"The operator is not built: {path}. Run `dotnet build Todo.sln -c {configuration}` first.", path);
    }

    /// <summary>A loopback port nothing listens on now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
