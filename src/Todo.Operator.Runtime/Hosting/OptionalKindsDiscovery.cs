namespace Todo.Operator.Runtime.Hosting;

/// <summary>How optional kinds that come or go while the operator runs are noticed (<see cref="OperatorOptions.OptionalKindsDiscovery"/>).</summary>
public enum OptionalKindsDiscovery
{
    /// <summary>Watch the CustomResourceDefinitions that bring them: nothing is read while none changes.</summary>
    Watch,

    /// <summary>Ask discovery every <see cref="OperatorOptions.DiscoveryInterval"/>: needs no cluster-wide read.</summary>
    Poll,
}
