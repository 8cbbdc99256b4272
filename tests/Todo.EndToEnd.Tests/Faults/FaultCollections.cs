namespace Todo.EndToEnd.Tests.Faults;

/// <summary>
/// The collections of the tests that break what every test uses (nodes, the control plane). Collections that disable
/// parallelization run after every parallel one has finished, one at a time: no scenario runs while a node is down,
/// and no two faults overlap.
/// </summary>
internal static class FaultCollections
{
    /// <summary>The faults on the app the tests share (<see cref="SharedApp"/>).</summary>
    public const string SharedApp = "faults on a shared app";

    /// <summary>The operator's leader's node stopped (<see cref="OperatorFailoverTests"/>), on an app of its own.</summary>
    public const string OperatorFailover = "operator failover";
}

[CollectionDefinition(FaultCollections.SharedApp, DisableParallelization = true)]
public sealed class SharedAppFaults : ICollectionFixture<SharedApp>;

[CollectionDefinition(FaultCollections.OperatorFailover, DisableParallelization = true)]
public sealed class OperatorFailoverFault;
