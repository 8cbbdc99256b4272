namespace Todo.Operator.Runtime.Controllers;

/// <summary>A running controller: it reconciles only while <see cref="RunWorkersAsync"/> runs (i.e. while leading).</summary>
internal interface IController
{
    string Name { get; }

    /// <summary>
    /// Waits for its caches, enqueues every primary object, then reconciles with its workers and resyncs
    /// periodically until <paramref name="stopping"/> fires (leadership ends). In-flight reconciles then get a
    /// grace period when <paramref name="shutdown"/> has fired too, and are cancelled at once when only the lease was lost.
    /// </summary>
    Task RunWorkersAsync(CancellationToken stopping, CancellationToken shutdown);
}
