using System.Text.RegularExpressions;
using Todo.Delivery.Tests.Support;

namespace Todo.Delivery.Tests.Pipeline;

/// <summary>The scan's ignore file is reviewed: every ignored vulnerability has a reason, a reviewer and a date to revisit.</summary>
public sealed partial class TrivyIgnoreTests
{
    [Fact]
    public void Every_ignored_vulnerability_has_a_reviewed_reason()
    {
        Assert.Empty(Unreviewed(File.ReadAllLines(RepositoryRoot.Combine(".trivyignore"))));
    }

    [Fact]
    public void An_entry_without_its_reason_is_refused()
    {
        string[] lines =
        [
            "# Only reachable through the CLI, which the image never runs; reviewed by @ops on 2026-12-01, revisit by 2027-03-01",
            "CVE-2026-0001",
            "CVE-2026-0002",
        ];

        Assert.Equal(["CVE-2026-0002"], Unreviewed(lines));
    }

    private static List<string> Unreviewed(string[] lines) =>
        [.. lines
            .Select((line, index) => (line: line.Trim(), index))
            .Where(entry => entry.line.Length > 0 && !entry.line.StartsWith('#'))
            .Where(entry => entry.index == 0 || !Reason().IsMatch(lines[entry.index - 1]))
            .Select(entry => entry.line)];

    [GeneratedRegex(@"^# .+; reviewed by \S+ on \d{4}-\d{2}-\d{2}, revisit by \d{4}-\d{2}-\d{2}$")]
    private static partial Regex Reason();
}
