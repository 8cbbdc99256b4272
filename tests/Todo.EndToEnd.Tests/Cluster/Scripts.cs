using System.Diagnostics;
using System.Globalization;
using Todo.EndToEnd.Tests.Support;

namespace Todo.EndToEnd.Tests.Cluster;

/// <summary>Runs the project's own scripts and tools (hack/*.sh, kubectl, docker) with the cluster's environment.</summary>
internal sealed class Scripts(string controlPlaneDirectory)
{
    public string ControlPlaneDirectory => controlPlaneDirectory;

    public string Kubeconfig => Path.Combine(controlPlaneDirectory, "kubeconfig");

    public Task<ProcessResult> HackAsync(string script, string arguments, CancellationToken cancellationToken) =>
        RunAsync("bash", [Path.Combine(RepositoryRoot.Path, "hack", script), .. arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)], cancellationToken);

    public async Task<string> KubectlAsync(CancellationToken cancellationToken, params string[] arguments)
    {
        var result = await RunAsync("kubectl", ["--kubeconfig", Kubeconfig, .. arguments], cancellationToken);
        return result.Succeeded
            ? result.StandardOutput
            : throw new InvalidOperationException($"kubectl {string.Join(' ', arguments)} failed (exit {result.ExitCode}): {result.StandardError}");
    }

    public async Task<ProcessResult> RunAsync(string program, IEnumerable<string> arguments, CancellationToken cancellationToken, string? standardInput = null)
    {
        using var process = Start(program, arguments);
        await process.StandardInput.WriteAsync(standardInput);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>For process-exit handlers, where nothing asynchronous may be awaited.</summary>
    public void Run(string program, IEnumerable<string> arguments, TimeSpan timeout)
    {
        using var process = Start(program, arguments);
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
        }
    }

    private Process Start(string program, IEnumerable<string> arguments)
    {
        var startInfo = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["TODO_CONTROL_PLANE_DIR"] = controlPlaneDirectory;
        // The control plane's watchdog runs `down` when this process dies, however it dies.
        startInfo.Environment["TODO_CONTROL_PLANE_OWNER_PID"] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        return Process.Start(startInfo) ?? throw new InvalidOperationException($"could not start {program}");
    }
}

internal sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;
}
