using k8s.LeaderElection;

namespace Todo.Operator.Runtime.LeaderElection;

/// <summary>
/// A lock that notes each attempt to read, create or renew the Lease: the heartbeat of the election loop. Retired once its
/// elector's term is over, because LeaderElector leaves a renewal task running after a lost lead, whose attempts would
/// otherwise hide a loop that no longer campaigns.
/// </summary>
internal sealed class ObservedLock(ILock inner, Action attempted) : ILock
{
    private volatile bool retired;

    public string Identity => inner.Identity;

    public void Retire() => retired = true;

    public Task<LeaderElectionRecord> GetAsync(CancellationToken cancellationToken = default)
    {
        Note();
        return inner.GetAsync(cancellationToken);
    }

    public Task<bool> CreateAsync(LeaderElectionRecord record, CancellationToken cancellationToken = default)
    {
        Note();
        return inner.CreateAsync(record, cancellationToken);
    }

    public Task<bool> UpdateAsync(LeaderElectionRecord record, CancellationToken cancellationToken = default)
    {
        Note();
        return inner.UpdateAsync(record, cancellationToken);
    }

    public string Describe() => inner.Describe();

    private void Note()
    {
        if (!retired)
        {
            attempted();
        }
    }
}
