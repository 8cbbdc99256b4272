using k8s.LeaderElection;

namespace Todo.Operator.Runtime.LeaderElection;

/// <summary>A lock that notes each attempt to read, create or renew the Lease: the heartbeat of the election loop.</summary>
internal sealed class ObservedLock(ILock inner, Action attempted) : ILock
{
    public string Identity => inner.Identity;

    public Task<LeaderElectionRecord> GetAsync(CancellationToken cancellationToken = default)
    {
        attempted();
        return inner.GetAsync(cancellationToken);
    }

    public Task<bool> CreateAsync(LeaderElectionRecord record, CancellationToken cancellationToken = default)
    {
        attempted();
        return inner.CreateAsync(record, cancellationToken);
    }

    public Task<bool> UpdateAsync(LeaderElectionRecord record, CancellationToken cancellationToken = default)
    {
        attempted();
        return inner.UpdateAsync(record, cancellationToken);
    }

    public string Describe() => inner.Describe();
}
