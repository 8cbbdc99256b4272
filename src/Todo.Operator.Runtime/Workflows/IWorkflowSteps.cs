namespace Todo.Operator.Runtime.Workflows;

/// <summary>
/// What running a workflow does with each member, for one primary object: the application's side of
/// <see cref="Workflow{TMember}.RunAsync"/>. A step reports its failures in its outcome rather than throwing: an exception
/// stops the whole run, as a cancellation does.
/// </summary>
public interface IWorkflowSteps<in TMember, TOutcome>
    where TOutcome : class, IMemberOutcome
{
    /// <summary>Whether the member is wanted now (JOSDK's reconcile precondition): wanted ones are reconciled, the others deleted.</summary>
    bool IsWanted(TMember member);

    /// <summary>Brings a wanted member to its desired state and says whether it is ready.</summary>
    Task<TOutcome> ReconcileAsync(TMember member, CancellationToken cancellationToken);

    /// <summary>Removes what an unwanted member left (nothing, if it left nothing); ready once it is gone.</summary>
    Task<TOutcome> DeleteAsync(TMember member, CancellationToken cancellationToken);
}
