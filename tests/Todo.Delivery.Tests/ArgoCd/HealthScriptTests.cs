using Todo.Delivery.Tests.Support;

namespace Todo.Delivery.Tests.ArgoCd;

/// <summary>
/// The TodoApp health check gives ArgoCD the status the conditions contract promises (docs/gitops.md): every case
/// of health_test.yaml in both interpreters, with only the libraries ArgoCD opens for a custom health check.
/// </summary>
public sealed class HealthScriptTests
{
    [Theory]
    [MemberData(nameof(InputPaths))]
    public async Task Lua51_gives_the_expected_health(string inputPath)
    {
        var (expected, obj) = Case(inputPath);

        var actual = await HealthScript.RunInLua51Async(HealthScript.Path, obj);

        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(InputPaths))]
    public async Task Gopher_lua_gives_the_expected_health(string inputPath)
    {
        var (expected, obj) = Case(inputPath);

        var actual = await HealthScript.RunInGopherLuaAsync(HealthScript.Path, obj);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Every_test_object_has_a_case()
    {
        var referenced = HealthTestCases.Load().Select(test => Path.GetFullPath(Path.Combine(HealthScript.Directory, test.InputPath)));

        var files = Directory.GetFiles(Path.Combine(HealthScript.Directory, "testdata"), "*.yaml");

        Assert.Equal(files.Order(), referenced.Order());
    }

    [Fact]
    public void The_cases_cover_every_health_status_the_contract_names()
    {
        var statuses = HealthTestCases.Load().Select(test => test.Status).ToHashSet();

        Assert.Superset(statuses, new HashSet<string> { "Progressing", "Suspended", "Degraded", "Healthy" });
    }

    /// <summary>Both sandboxes refuse the string library, so a script that passes them also runs in ArgoCD.</summary>
    [Fact]
    public async Task A_script_using_string_methods_fails_in_both_sandboxes()
    {
        var script = Path.Combine(Path.GetTempPath(), $"string-methods-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(script, """return { status = ("healthy"):upper(), message = string.format("%d", 1) }""", TestContext.Current.CancellationToken);
        try
        {
            var obj = Yaml.ReadSingle(Path.Combine(HealthScript.Directory, "testdata", "healthy_all_children_ready.yaml"));

            Assert.NotNull((await HealthScript.RunInLua51Async(script, obj)).Error);
            Assert.NotNull((await HealthScript.RunInGopherLuaAsync(script, obj)).Error);
        }
        finally
        {
            File.Delete(script);
        }
    }

    public static TheoryData<string> InputPaths() => HealthTestCases.InputPaths();

    private static (HealthResult Expected, System.Text.Json.Nodes.JsonObject Object) Case(string inputPath)
    {
        var test = HealthTestCases.Load().Single(candidate => candidate.InputPath == inputPath);
        return (new HealthResult(test.Status, test.Message), Yaml.ReadSingle(Path.Combine(HealthScript.Directory, inputPath)));
    }
}
