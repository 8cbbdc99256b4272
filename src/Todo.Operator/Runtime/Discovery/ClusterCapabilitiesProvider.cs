using Todo.Operator.Children;

namespace Todo.Operator.Runtime.Discovery;

/// <summary>Holds what discovery found at start-up; controllers and reconcilers are only built after that.</summary>
internal sealed class ClusterCapabilitiesProvider
{
    private ClusterCapabilities? current;

    public ClusterCapabilities Current => current ?? throw new InvalidOperationException("API discovery has not completed yet.");

    public bool IsKnown => current is not null;

    public void Set(ClusterCapabilities capabilities) => current = capabilities;
}
