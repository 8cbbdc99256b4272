using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Todo.Operator.IntegrationTests.Delivery;

/// <summary>A server the test starts on loopback (redis-server, the API, redis_exporter) and kills when disposed.</summary>
internal sealed class BackgroundProcess : IDisposable
{
    private readonly Process process;
    private readonly List<string> output = [];

    private BackgroundProcess(Process process) => this.process = process;

    public static BackgroundProcess Start(string executable, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var startInfo = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        var started = new BackgroundProcess(Process.Start(startInfo) ?? throw new InvalidOperationException($"{executable} did not start"));
        started.process.OutputDataReceived += (_, line) => started.Append(line.Data);
        started.process.ErrorDataReceived += (_, line) => started.Append(line.Data);
        started.process.BeginOutputReadLine();
        started.process.BeginErrorReadLine();
        return started;
    }

    /// <summary>The assembly of a project under src/, built in the configuration of this test assembly.</summary>
    public static string BuiltAssembly(string project)
    {
        var target = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var path = Path.Combine(RepositoryRoot.Path, "src", project, "bin", target.Parent!.Name, target.Name, $"{project}.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{project} is not built: {path}", path);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>What the process wrote so far, for failure messages.</summary>
    public string Output()
    {
        lock (output)
        {
            return string.Join(Environment.NewLine, output.TakeLast(40));
        }
    }

    public void Dispose()
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }

        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.Add(line);
            }
        }
    }
}
