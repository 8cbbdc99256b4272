namespace Todo.Operator.Reconciliation;

/// <summary>
/// What one reconcile changed in the cluster, reported as one Normal Event rather than one per child: a new app's eleven
/// children are one Event that names them all, not eleven writes (each an etcd write and a watch event for every watcher).
/// </summary>
internal sealed class ChildChanges
{
    private readonly List<(string Reason, string Verb, string What)> changes = [];

    /// <summary>Whether a child was created: its controller (the Deployment's, the StatefulSet's) will answer in a moment.</summary>
    public bool Created => changes.Any(change => change.Verb == "Created");

    /// <summary>Records a change whose Event reason is its verb ("Created", "Updated", "Deleted"); <paramref name="what"/> is "Kind name".</summary>
    public void Add(string verb, string what) => Add(verb, verb, what);

    /// <summary>Records a change: the Event's <paramref name="reason"/> when it is the only kind of change, the verb that starts its sentence.</summary>
    public void Add(string reason, string verb, string what) => changes.Add((reason, verb, what));

    /// <summary>
    /// The Event's reason (the changes' reason when they are all of one kind, else "Reconciled") and its message: one sentence per
    /// verb, in the order of the first change of each, e.g. "Created Deployment shop-api, Service shop-api."
    /// </summary>
    public (string Reason, string Message)? Summary()
    {
        if (changes.Count == 0)
        {
            return null;
        }

        var byVerb = changes.GroupBy(change => change.Verb, StringComparer.Ordinal).ToList();
        var message = string.Join(' ', byVerb.Select(group => $"{group.Key} {string.Join(", ", group.Select(change => change.What))}."));
        var reasons = changes.Select(change => change.Reason).Distinct(StringComparer.Ordinal).ToList();
        return (reasons is [var only] ? only : "Reconciled", message);
    }
}
