using Todo.Operator.Runtime.Informers;

namespace Todo.Operator.Runtime.Tests;

/// <summary>Informer timings for tests: reconnects within milliseconds, a watch idle for 30 s restarted.</summary>
internal static class Timings
{
    public static readonly InformerTimings Fast = new(TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50));
}
