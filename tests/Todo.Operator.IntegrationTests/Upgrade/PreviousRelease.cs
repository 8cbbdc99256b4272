using System.Diagnostics;

namespace Todo.Operator.IntegrationTests.Upgrade;

/// <summary>
/// The operator of the release before v1beta1 (the commit issue 21 starts from), built from this repository's own history
/// once per machine and cached outside the checkout, keyed by the commit: its binaries, its CRD (v1alpha1 alone), its RBAC
/// and its samples. A worktree of that commit is checked out in a temporary folder for the build and removed after.
/// </summary>
internal sealed class PreviousRelease
{
    public const string Commit = "615128331dc4845e864db97fb67fe00591bd9391";

    private static readonly SemaphoreSlim Building = new(1, 1);

    private PreviousRelease(string directory) => Directory = directory;

    public string Directory { get; }

    public string OperatorAssemblyPath => Path.Combine(Directory, "bin", "Todo.Operator.dll");

    public string CrdPath => Path.Combine(Directory, "config", "crd", "todo.gitops.dev_todoapps.yaml");

    public IReadOnlyList<string> RbacFiles => [Path.Combine(Directory, "config", "rbac", "role.yaml"), Path.Combine(Directory, "config", "rbac", "leader_election_role.yaml")];

    public string Sample(string name) => Path.Combine(Directory, "config", "samples", name);

    private static string CacheRoot => Path.Combine(
        Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } cache ? cache : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
        "todo-operator",
        "previous-release");

    /// <summary>The cached build, made first if there is none (a few minutes: a restore and a build of the operator).</summary>
    public static async Task<PreviousRelease> EnsureBuiltAsync(CancellationToken cancellationToken)
    {
        var directory = Path.Combine(CacheRoot, Commit);
        var complete = Path.Combine(directory, ".complete");
        await Building.WaitAsync(cancellationToken);
        try
        {
            if (!File.Exists(complete))
            {
                await BuildAsync(directory, cancellationToken);
                await File.WriteAllTextAsync(complete, DateTimeOffset.UtcNow.ToString("O"), cancellationToken);
            }

            return new PreviousRelease(directory);
        }
        finally
        {
            Building.Release();
        }
    }

    private static async Task BuildAsync(string directory, CancellationToken cancellationToken)
    {
        if (System.IO.Directory.Exists(directory))
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }

        var worktree = Path.Combine(Path.GetTempPath(), $"todo-operator-{Commit[..7]}-{Guid.NewGuid():N}");
        await RunAsync("git", ["-C", RepositoryRoot.Path, "worktree", "add", "--detach", worktree, Commit], cancellationToken);
        try
        {
            await RunAsync(
                "dotnet",
                ["build", Path.Combine(worktree, "src", "Todo.Operator", "Todo.Operator.csproj"), "-c", "Release", "-o", Path.Combine(directory, "bin"), "-nologo", "-v", "quiet"],
                cancellationToken);
            foreach (var folder in new[] { Path.Combine("config", "crd"), Path.Combine("config", "rbac"), Path.Combine("config", "samples") })
            {
                System.IO.Directory.CreateDirectory(Path.Combine(directory, folder));
                foreach (var file in System.IO.Directory.GetFiles(Path.Combine(worktree, folder), "*.yaml"))
                {
                    File.Copy(file, Path.Combine(directory, folder, Path.GetFileName(file)));
                }
            }
        }
        finally
        {
            await RunAsync("git", ["-C", RepositoryRoot.Path, "worktree", "remove", "--force", worktree], CancellationToken.None);
        }
    }

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{program} {string.Join(' ', arguments)} failed (exit {process.ExitCode}); the previous release is built from this repository's history "
                + $"(a clone with commit {Commit}):{Environment.NewLine}{await stdout}{await stderr}");
        }
    }
}
