using System.Text.RegularExpressions;
using Todo.Delivery.Tests.Support;

namespace Todo.Delivery.Tests.Monitoring;

/// <summary>
/// The alerts are valid Prometheus rules (promtool check rules), behave as their unit tests say (promtool test
/// rules), every alert has a unit test in which it fires, and each links to its section of docs/runbooks.md.
/// </summary>
public sealed partial class AlertRuleTests
{
    [Fact]
    public async Task Promtool_accepts_the_rules_and_their_unit_tests_pass()
    {
        var folder = AlertRules.WritePromtoolFolder();
        try
        {
            var check = (await ExternalTool.RunAsync("promtool", ["check", "rules", "alerts.rules.yaml"], workingDirectory: folder)).AssertSucceeded();
            Assert.Contains($"SUCCESS: {AlertRules.Resource()["spec"]!["groups"]!.AsArray().Sum(group => group!["rules"]!.AsArray().Count)} rules found", check, StringComparison.Ordinal);

            (await ExternalTool.RunAsync("promtool", ["test", "rules", "alerts_test.yaml"], workingDirectory: folder)).AssertSucceeded();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(AlertNames))]
    public void The_alert_has_a_unit_test_in_which_it_fires(string alert)
    {
        var tests = Yaml.ReadSingle(Path.Combine(AlertRules.Directory, "tests", "alerts_test.yaml"))["tests"]!.AsArray();

        var firing = tests
            .SelectMany(test => test!["alert_rule_test"]?.AsArray() ?? [])
            .Where(check => check!["alertname"]!.GetValue<string>() == alert)
            .Where(check => check!["exp_alerts"]!.AsArray().Count > 0);

        Assert.NotEmpty(firing);
    }

    [Theory]
    [MemberData(nameof(AlertNames))]
    public void The_alert_has_a_severity_a_summary_and_a_runbook_section(string alert)
    {
        var rule = AlertRules.Alerts().Single(candidate => candidate["alert"]!.GetValue<string>() == alert);

        Assert.Matches("^(warning|critical)$", rule["labels"]!["severity"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(rule["annotations"]!["summary"]?.GetValue<string>()));
        var runbook = rule["annotations"]!["runbook_url"]!.GetValue<string>();
        Assert.EndsWith($"/blob/main/docs/runbooks.md#{alert.ToLowerInvariant()}", runbook, StringComparison.Ordinal);
        var headings = Heading().Matches(File.ReadAllText(RepositoryRoot.Combine("docs", "runbooks.md"))).Select(match => match.Groups["name"].Value);
        Assert.Contains(alert, headings);
    }

    [Fact]
    public void Every_runbook_section_belongs_to_an_alert()
    {
        var headings = Heading().Matches(File.ReadAllText(RepositoryRoot.Combine("docs", "runbooks.md"))).Select(match => match.Groups["name"].Value);

        Assert.Equal(AlertRules.Alerts().Select(alert => alert["alert"]!.GetValue<string>()).Order(StringComparer.Ordinal), headings.Order(StringComparer.Ordinal));
    }

    /// <summary>A broken rule must fail the check: promtool is not a formality here.</summary>
    [Fact]
    public async Task Promtool_refuses_a_rule_with_a_broken_expression()
    {
        var folder = Directory.CreateTempSubdirectory("todo-promtool-").FullName;
        try
        {
            await File.WriteAllTextAsync(
                Path.Combine(folder, "broken.rules.yaml"),
                """{"groups":[{"name":"broken","rules":[{"alert":"Broken","expr":"sum by (namespace (rate(x[5m]))"}]}]}""",
                TestContext.Current.CancellationToken);

            var check = await ExternalTool.RunAsync("promtool", ["check", "rules", "broken.rules.yaml"], workingDirectory: folder);

            Assert.False(check.Succeeded, check.Describe());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    public static TheoryData<string> AlertNames() => AlertRules.AlertNames();

    [GeneratedRegex("^## (?<name>[A-Za-z]+)$", RegexOptions.Multiline)]
    private static partial Regex Heading();
}
