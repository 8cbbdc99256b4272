namespace Todo.Operator.Runtime.Hosting;

/// <summary>Lease-based leader election (coordination.k8s.io/v1); disable it only for a single local instance. Settable, not init-only, as <see cref="OperatorOptions"/>.</summary>
public sealed record LeaderElectionOptions
{
    public bool Enabled { get; set; } = true;

    public string LeaseName { get; set; } = "todo-operator-leader";

    /// <summary>Namespace of the Lease; when empty, POD_NAMESPACE, else "default".</summary>
    public string? LeaseNamespace { get; set; }

    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);
}
