using Todo.Operator.Runtime.Informers;

namespace Todo.Operator.Runtime.Controllers;

/// <summary>A running controller: it reconciles only while <see cref="RunWorkersAsync"/> runs (i.e. while leading).</summary>
internal interface IController
{
    string Name { get; }

    /// <summary>
    /// Waits for the caches it was built with, enqueues every primary object, then reconciles with its workers and
    /// resyncs periodically until <paramref name="stopping"/> fires (leadership ends). In-flight reconciles then get a
    /// grace period when <paramref name="shutdown"/> has fired too, and are cancelled at once when only the lease was lost.
    /// </summary>
    Task RunWorkersAsync(CancellationToken stopping, CancellationToken shutdown);

    /// <summary>Maps the events of an owned informer added later to their owners, and reconciles every object once it has synced.</summary>
    void Watch(IInformer informer);

    /// <summary>Stops mapping the events of an owned informer that is going away, and reconciles every object without it.</summary>
    void Unwatch(IInformer informer);
}
