using Todo.Operator.Runtime.Hosting;

namespace Todo.Operator.Runtime.LeaderElection;

/// <summary>The lease to campaign for and its timings; <see cref="Identity"/> null means a generated one.</summary>
internal sealed record LeaseSettings(
    string Namespace,
    string Name,
    TimeSpan LeaseDuration,
    TimeSpan RenewDeadline,
    TimeSpan RetryPeriod,
    string? Identity = null)
{
    public static LeaseSettings From(LeaderElectionOptions options) =>
        new(
            options.LeaseNamespace is { Length: > 0 } configured ? configured
                : Environment.GetEnvironmentVariable("POD_NAMESPACE") is { Length: > 0 } pod ? pod : "default",
            options.LeaseName,
            options.LeaseDuration,
            options.RenewDeadline,
            options.RetryPeriod);
}
