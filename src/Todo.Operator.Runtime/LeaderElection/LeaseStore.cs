using k8s;
using k8s.Models;
using Todo.Operator.Runtime.Client;

namespace Todo.Operator.Runtime.LeaderElection;

/// <summary>
/// Reads, creates and replaces one Lease. A replace carries the resourceVersion of the Lease as
/// last read or written, so a write decided on a stale read is refused (409 Conflict: another writer won the race) instead
/// of applied. Each request is noted before it is sent: the heartbeat of the election loop.
/// </summary>
internal sealed class LeaseStore(IResourceClient client, string @namespace, string name, Action attempted)
{
    private static readonly ResourceType Leases = ResourceType.Of<V1Lease>();

    private V1Lease? last;

    /// <summary>The Lease's record, or null when there is no Lease.</summary>
    public async Task<LeaseRecord?> ReadAsync(CancellationToken cancellationToken)
    {
        attempted();
        last = await client.GetAsync<V1Lease>(Leases, @namespace, name, cancellationToken);
        return last is null ? null : LeaseRecord.From(last.Spec);
    }

    /// <summary>The record as the API server stored it, or null when another writer created the Lease first.</summary>
    public async Task<LeaseRecord?> CreateAsync(LeaseRecord record, CancellationToken cancellationToken)
    {
        var lease = new V1Lease
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = @namespace },
            Spec = record.ToSpec(null),
        };
        attempted();
        try
        {
            last = await client.CreateAsync(Leases, lease, cancellationToken);
            return LeaseRecord.From(last.Spec);
        }
        catch (KubernetesException e) when (e.Status?.Code is 409)
        {
            return null;
        }
    }

    /// <summary>
    /// The record as the API server stored it, or null when the Lease is no longer as last read or written: changed since
    /// (409), deleted (404), or not known at all.
    /// </summary>
    public async Task<LeaseRecord?> ReplaceAsync(LeaseRecord record, CancellationToken cancellationToken)
    {
        if (last is not { } basis)
        {
            return null;
        }

        var lease = new V1Lease { Metadata = basis.Metadata, Spec = record.ToSpec(basis.Spec) };
        attempted();
        try
        {
            last = await client.ReplaceAsync(Leases, lease, cancellationToken);
            return LeaseRecord.From(last.Spec);
        }
        catch (KubernetesException e) when (e.Status?.Code is 409 or 404)
        {
            return null;
        }
    }
}
