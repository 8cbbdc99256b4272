using Todo.Operator.Crd;

namespace Todo.Operator.Workflow;

/// <summary>
/// A member with something to do while its TodoApp is being deleted, behind a finalizer of its own (JOSDK's Cleaner):
/// the garbage collector deletes the children, but not what has no owner reference to the app.
/// </summary>
internal interface ICleanup : IAppMember
{
    /// <summary>Cleans up and removes the member's finalizer; does nothing for an app that does not carry it.</summary>
    Task CleanupAsync(TodoApp app, StepContext context, CancellationToken cancellationToken);
}
