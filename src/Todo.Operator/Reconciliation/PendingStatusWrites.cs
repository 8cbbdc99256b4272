using System.Collections.Concurrent;
using Todo.Operator.Crd;

namespace Todo.Operator.Reconciliation;

/// <summary>
/// The status this process last wrote to each app, until the cache shows the app past the version that write was based
/// on. Under load the informer delivers the operator's own write after a child's event has reconciled the app again from
/// the stale copy, whose old status (none, for a new app) would have the same status written twice. An app changed since,
/// by anyone, is compared as the cache shows it (client-go's expectations do the same for creations).
/// </summary>
internal sealed class PendingStatusWrites(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (string? BasedOn, string Status)> pending = new(StringComparer.Ordinal);

    /// <summary>
    /// When this process started reporting: a new app created before (while no operator ran, or before this one took
    /// over) waits for its first status from then on, not from its creation.
    /// </summary>
    public DateTime ReportingSince { get; } = time.GetUtcNow().UtcDateTime;

    /// <summary>Whether <paramref name="status"/> (serialized) is what this process wrote to the version of the app the cache still holds.</summary>
    public bool AlreadyWritten(TodoApp app, string status)
    {
        var key = Key(app);
        if (!pending.TryGetValue(key, out var last))
        {
            return false;
        }

        if (last.BasedOn == app.Metadata.ResourceVersion)
        {
            return last.Status == status;
        }

        pending.TryRemove(key, out _);
        return false;
    }

    public void Written(TodoApp app, string status) => pending[Key(app)] = (app.Metadata.ResourceVersion, status);

    public void Forget(TodoApp app) => pending.TryRemove(Key(app), out _);

    private static string Key(TodoApp app) => $"{app.Metadata.NamespaceProperty}/{app.Metadata.Name}/{app.Metadata.Uid}";
}
