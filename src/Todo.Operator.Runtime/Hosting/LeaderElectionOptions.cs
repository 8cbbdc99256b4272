namespace Todo.Operator.Runtime.Hosting;

/// <summary>Lease-based leader election (coordination.k8s.io/v1); disable it only for a single local instance.</summary>
public sealed record LeaderElectionOptions
{
    public bool Enabled { get; init; } = true;

    public string LeaseName { get; init; } = "todo-operator-leader";

    /// <summary>Namespace of the Lease; when empty, POD_NAMESPACE, else "default".</summary>
    public string? LeaseNamespace { get; init; }

    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);
}
