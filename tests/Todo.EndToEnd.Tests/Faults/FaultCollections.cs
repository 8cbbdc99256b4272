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

    /// <summary>
    /// A Sentinel-mode app loses its primary: the pod deleted (<see cref="Scenarios.SentinelFailoverTests"/>), or its node
    /// stopped or cut off (<see cref="SentinelNodeFaultTests"/>, which break what every test uses). The pod's deletion breaks nothing shared, but
    /// its six Redis pods starting among every scenario's pods made it miss its readiness time on a loaded CI machine, and
    /// a failover measured while the nodes are busy with other scenarios says little.
    /// </summary>
    public const string SentinelFailover = "sentinel failover";

    /// <summary>
    /// A Sentinel-mode app's data pods rolled (<see cref="Scenarios.SentinelRollTests"/>): alone, for the reasons of
    /// <see cref="SentinelFailover"/>.
    /// </summary>
    public const string SentinelRoll = "sentinel roll";

    /// <summary>
    /// A Sentinel-mode app scaled (<see cref="Scenarios.SentinelScaleTests"/>) and a Standalone app moved to Sentinel mode
    /// (<see cref="Scenarios.SentinelMigrationTests"/>): alone, for the reasons of <see cref="SentinelFailover"/>. Among
    /// every scenario's pods, while the unit and integration suites ran beside them, each missed its 4-minute wait once in
    /// CI (the migration's three Sentinels had restarted once each, and one was not ready when the wait ended); neither
    /// did in any run on this machine.
    /// </summary>
    public const string SentinelChanges = "sentinel changes";
}

[CollectionDefinition(FaultCollections.SharedApp, DisableParallelization = true)]
public sealed class SharedAppFaults : ICollectionFixture<SharedApp>;

[CollectionDefinition(FaultCollections.OperatorFailover, DisableParallelization = true)]
public sealed class OperatorFailoverFault;

[CollectionDefinition(FaultCollections.SentinelFailover, DisableParallelization = true)]
public sealed class SentinelFailoverFault;

[CollectionDefinition(FaultCollections.SentinelRoll, DisableParallelization = true)]
public sealed class SentinelRollFault;

[CollectionDefinition(FaultCollections.SentinelChanges, DisableParallelization = true)]
public sealed class SentinelChanges;
