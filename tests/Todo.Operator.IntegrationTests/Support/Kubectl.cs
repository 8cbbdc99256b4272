using System.Diagnostics;

namespace Todo.Operator.IntegrationTests.Support;

/// <summary>Runs the machine's kubectl, as a user would, against the test cluster.</summary>
internal static class Kubectl
{
    public static async Task<string> RunAsync(string kubeconfigPath, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var (exitCode, stdout, stderr) = await TryRunAsync(kubeconfigPath, arguments, cancellationToken);
        return exitCode == 0
            ? stdout
            : throw new InvalidOperationException($"kubectl {string.Join(' ', arguments)} failed (exit {exitCode}): {stderr}");
    }

    /// <summary>kubectl's exit code and both outputs, for a command expected to fail (a refused apply: what the user reads).</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> TryRunAsync(
        string kubeconfigPath, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo("kubectl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("--kubeconfig");
        startInfo.ArgumentList.Add(kubeconfigPath);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("could not start kubectl");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await stdout, await stderr);
    }
}
