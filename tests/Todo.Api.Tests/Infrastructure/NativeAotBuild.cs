using System.Diagnostics;

namespace Todo.Api.Tests.Infrastructure;

/// <summary>
/// The API as the Native AOT executable that ships (Dockerfile.api publishes it the same way), from
/// <c>bench/publish-aot.sh api</c>: published once per content of the API's sources and cached outside the checkout, so
/// only the first run after a change of the API pays for the native compile (a few minutes on 2 cores).
/// </summary>
public sealed class NativeAotBuild : IAsyncLifetime
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(20);

    /// <summary>The folder with the executable <c>Todo.Api</c> and its content root (wwwroot, appsettings.json).</summary>
    public string Directory { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        var script = Path.Combine(RepositoryRoot(), "bench", "publish-aot.sh");
        using var process = Process.Start(new ProcessStartInfo(script, ["api"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException($"{script} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(PublishTimeout);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} failed (exit {process.ExitCode}):\n{await errors}");
        }

        Directory = (await output).Trim();
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Todo.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No Todo.sln above {AppContext.BaseDirectory}.");
    }
}
