using System.Diagnostics;

namespace Todo.Operator.IntegrationTests.Cluster;

/// <summary>Runs hack/control-plane.sh, the one place that knows the binaries and their flags.</summary>
internal sealed class ControlPlaneScript(string stateDirectory)
{
    private static string ScriptPath => Path.Combine(RepositoryRoot.Path, "hack", "control-plane.sh");

    public string StateDirectory => stateDirectory;

    public async Task<ScriptResult> RunAsync(string command, CancellationToken cancellationToken)
    {
        using var process = Start(command);
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return new ScriptResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>For process-exit handlers, where nothing asynchronous may be awaited.</summary>
    public void Run(string command, TimeSpan timeout)
    {
        using var process = Start(command);
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
        }
    }

    private Process Start(string command)
    {
        var startInfo = new ProcessStartInfo("bash")
        {
            ArgumentList = { ScriptPath, command },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.Environment["TODO_CONTROL_PLANE_DIR"] = stateDirectory;
        // The script's watchdog stops the control plane when this process dies, however it dies.
        startInfo.Environment["TODO_CONTROL_PLANE_OWNER_PID"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Process.Start(startInfo) ?? throw new InvalidOperationException($"could not start bash {ScriptPath}");
    }
}

internal sealed record ScriptResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;
}
