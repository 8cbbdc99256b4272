using System.Text.Json.Nodes;
using Todo.Delivery.Tests.Support;

namespace Todo.Delivery.Tests.ArgoCd;

/// <summary>
/// The health checks of gitops/argocd/resource_customizations give ArgoCD the status their contract promises
/// (the TodoApp's: docs/gitops.md, "Health"): every case of each health_test.yaml in both interpreters, with only
/// the libraries ArgoCD opens for a custom health check.
/// </summary>
public sealed class HealthScriptTests
{
    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Lua51_gives_the_expected_health(string groupKind, string inputPath)
    {
        var (expected, obj) = Case(groupKind, inputPath);

        var actual = await HealthScript.RunInLua51Async(HealthScript.Path(groupKind), obj);

        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Gopher_lua_gives_the_expected_health(string groupKind, string inputPath)
    {
        var (expected, obj) = Case(groupKind, inputPath);

        var actual = await HealthScript.RunInGopherLuaAsync(HealthScript.Path(groupKind), obj);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void There_is_a_TodoApp_and_an_Application_health_check()
    {
        Assert.Equal(["argoproj.io/Application", "todo.gitops.dev/TodoApp"], HealthTestCases.GroupKinds());
    }

    [Fact]
    public void Every_test_object_has_a_case()
    {
        Assert.All(HealthTestCases.GroupKinds(), groupKind =>
        {
            var directory = HealthScript.Directory(groupKind);
            var referenced = HealthTestCases.Load(groupKind).Select(test => Path.GetFullPath(Path.Combine(directory, test.InputPath)));

            var files = Directory.GetFiles(Path.Combine(directory, "testdata"), "*.yaml");

            Assert.Equal(files.Order(), referenced.Order());
        });
    }

    [Fact]
    public void The_TodoApp_cases_cover_every_health_status_the_contract_names()
    {
        var statuses = HealthTestCases.Load("todo.gitops.dev/TodoApp").Select(test => test.Expected.Status).ToHashSet();

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
            var obj = Yaml.ReadSingle(Path.Combine(HealthScript.Directory("todo.gitops.dev/TodoApp"), "testdata", "healthy_all_children_ready.yaml"));

            Assert.NotNull((await HealthScript.RunInLua51Async(script, obj)).Error);
            Assert.NotNull((await HealthScript.RunInGopherLuaAsync(script, obj)).Error);
        }
        finally
        {
            File.Delete(script);
        }
    }

    public static TheoryData<string, string> Cases() => HealthTestCases.All();

    private static (HealthResult Expected, JsonObject Object) Case(string groupKind, string inputPath)
    {
        var test = HealthTestCases.Load(groupKind).Single(candidate => candidate.InputPath == inputPath);
        return (test.Expected, Yaml.ReadSingle(Path.Combine(HealthScript.Directory(groupKind), inputPath)));
    }
}
