using System.Diagnostics;
using System.Globalization;

namespace Todo.EndToEnd.Tests.Support;

/// <summary>When each step of a test was reached, in seconds from its start: written to the test's output.</summary>
internal sealed class Timeline
{
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly List<string> marks = [];

    public void Mark(string step) => marks.Add(string.Create(CultureInfo.InvariantCulture, $"{step} {clock.Elapsed.TotalSeconds:0.0} s"));

    public override string ToString() => string.Join(", ", marks);
}
