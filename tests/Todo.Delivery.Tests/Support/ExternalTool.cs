using System.Diagnostics;

namespace Todo.Delivery.Tests.Support;

/// <summary>What a finished command printed and its exit code.</summary>
internal sealed record ToolResult(string Command, int ExitCode, string Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The output, for assertion messages.</summary>
    public string Describe() => $"`{Command}` exited {ExitCode}.{Environment.NewLine}stdout:{Environment.NewLine}{Stdout}{Environment.NewLine}stderr:{Environment.NewLine}{Stderr}";

    /// <summary>Stdout, after failing the test with the whole output when the command did not succeed.</summary>
    public string AssertSucceeded()
    {
        Assert.True(Succeeded, Describe());
        return Stdout;
    }
}

/// <summary>Runs the machine's tools (kubectl, promtool, lua5.1, linters) the way a person would, bounded in time.</summary>
internal static class ExternalTool
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static async Task<ToolResult> RunAsync(
        string tool, IEnumerable<string> arguments, string? stdin = null, string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var startInfo = new ProcessStartInfo(Locate(tool))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepositoryRoot.Path,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"could not start {tool}");
        using var deadline = new CancellationTokenSource(Timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
        await process.StandardInput.WriteAsync(stdin ?? string.Empty);
        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', startInfo.ArgumentList)} ran longer than {Timeout.TotalSeconds} s.");
        }

        return new ToolResult($"{tool} {string.Join(' ', startInfo.ArgumentList)}", process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The tool's path on PATH (or the path given), failing with the way to get it when it is missing.</summary>
    public static string Locate(string tool)
    {
        if (tool.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(tool) ? tool : throw new FileNotFoundException($"{tool} does not exist.", tool);
        }

        var found = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, tool))
            .FirstOrDefault(File.Exists);
        return found ?? throw new FileNotFoundException(
            $"{tool} is not on PATH. `hack/install-deps.sh` installs the tools the delivery checks use (make test runs it).", tool);
    }
}
