using k8s.Models;

namespace Todo.Operator.Runtime.LeaderElection;

/// <summary>What a Lease says of its holder: the part of its spec that an election reads and writes.</summary>
internal sealed record LeaseRecord(string? Holder, int? DurationSeconds, DateTime? AcquireTime, DateTime? RenewTime, int Transitions)
{
    public static LeaseRecord From(V1LeaseSpec? spec) =>
        new(spec?.HolderIdentity, spec?.LeaseDurationSeconds, spec?.AcquireTime, spec?.RenewTime, spec?.LeaseTransitions ?? 0);

    /// <summary>The spec that says this record, keeping what else <paramref name="current"/> says (a coordinated election's strategy).</summary>
    public V1LeaseSpec ToSpec(V1LeaseSpec? current) =>
        new()
        {
            HolderIdentity = Holder,
            LeaseDurationSeconds = DurationSeconds,
            AcquireTime = AcquireTime,
            RenewTime = RenewTime,
            LeaseTransitions = Transitions,
            Strategy = current?.Strategy,
            PreferredHolder = current?.PreferredHolder,
        };
}
