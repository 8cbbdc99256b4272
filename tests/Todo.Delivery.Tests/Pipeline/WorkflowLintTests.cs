using System.Text.RegularExpressions;
using Todo.Delivery.Tests.Support;

namespace Todo.Delivery.Tests.Pipeline;

/// <summary>
/// The workflows pass actionlint, their run steps pass shellcheck (what actionlint does where shellcheck is at
/// hand), every action is pinned by commit SHA with its version beside it, and permissions are least privilege.
/// </summary>
public sealed partial class WorkflowLintTests
{
    [Fact]
    public async Task Actionlint_finds_no_problem()
    {
        (await ExternalTool.RunAsync(RepositoryRoot.Combine("hack", "ci", "actionlint.sh"), [])).AssertSucceeded();
    }

    [Fact]
    public async Task Actionlint_reports_a_broken_workflow()
    {
        var root = Directory.CreateTempSubdirectory("todo-actionlint-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, ".github", "workflows"));
            Directory.CreateDirectory(Path.Combine(root, "hack", "ci"));
            await File.WriteAllTextAsync(
                Path.Combine(root, ".github", "workflows", "broken.yaml"),
                "on: push\npermissions:\n  contents: sometimes\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ${{ github.evnt.name }}\n",
                TestContext.Current.CancellationToken);

            var lint = await ExternalTool.RunAsync(
                RepositoryRoot.Combine("hack", "ci", "actionlint.sh"), [], environment: new Dictionary<string, string> { ["TODO_GITOPS_ROOT"] = root });

            Assert.False(lint.Succeeded, lint.Describe());
            Assert.Contains("sometimes", lint.Stdout, StringComparison.Ordinal);
            Assert.Contains("evnt", lint.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(WorkflowFiles))]
    public void Every_action_is_pinned_by_a_full_commit_sha_with_its_version_as_a_comment(string file)
    {
        var uses = UsesLine().Matches(File.ReadAllText(Path.Combine(Workflows.Directory, file))).ToList();

        Assert.All(uses, use => Assert.True(
            use.Groups["local"].Success || (use.Groups["sha"].Success && use.Groups["version"].Success),
            $"not pinned to a commit with a version comment: {use.Value.Trim()}"));
    }

    [Theory]
    [MemberData(nameof(WorkflowFiles))]
    public void Permissions_are_declared_and_never_write_all(string file)
    {
        var workflow = Workflows.Read(file);

        Assert.NotNull(workflow["permissions"]);
        Assert.DoesNotContain("write-all", File.ReadAllText(Path.Combine(Workflows.Directory, file)), StringComparison.Ordinal);
        if (workflow["permissions"]!.AsObject().Count == 0)
        {
            // Nothing by default: each job asks for what it needs.
            Assert.All(workflow["jobs"]!.AsObject(), job => Assert.NotNull(job.Value!["permissions"]));
        }
    }

    [Theory]
    [MemberData(nameof(WorkflowFiles))]
    public async Task Every_run_step_passes_shellcheck(string file)
    {
        var steps = Workflows.Steps(Workflows.Read(file)).Where(step => step.Step["run"] is not null).ToList();

        foreach (var (job, step) in steps)
        {
            // Expressions are replaced by GitHub before the shell runs; a placeholder word stands for them.
            var script = Expression().Replace(step["run"]!.GetValue<string>(), "placeholder");
            var check = await ExternalTool.RunAsync("shellcheck", ["--shell=bash", "--severity=style", "-"], stdin: script);
            Assert.True(check.Succeeded, $"{file}, job {job}, step '{step["name"]?.GetValue<string>() ?? script}':{Environment.NewLine}{check.Stdout}");
        }
    }

    public static TheoryData<string> WorkflowFiles() => [.. Workflows.Files().Select(Path.GetFileName).OfType<string>()];

    [GeneratedRegex(@"^\s*(-\s+)?uses:\s*(?:(?<local>\./\S+)|[\w.-]+/[\w./-]+@(?:(?<sha>[0-9a-f]{40})\s+#\s+(?<version>v\d+\.\d+\.\d+)|\S+))\s*$", RegexOptions.Multiline)]
    private static partial Regex UsesLine();

    [GeneratedRegex(@"\$\{\{[^}]*\}\}")]
    private static partial Regex Expression();
}
