using Todo.Operator.Crd;

namespace Todo.Operator.Workflow;

/// <summary>
/// A workflow member that is no child: it reads or writes what the children need (the Redis password, the data claims,
/// the finalizer) and may leave a result its dependents read through the <see cref="ChildContext"/>. Implement it through
/// <see cref="AppStep"/> or <see cref="AppStep{TResult}"/>.
/// </summary>
internal interface IAppStep : IAppMember
{
    /// <summary>The condition reason when the API server fails the step, e.g. "ReadPasswordFailed".</summary>
    string FailureReason { get; }

    /// <summary>What the step does, to start the message of such a failure, e.g. "Reading the Redis password Secret".</summary>
    string Describe(TodoApp app);

    /// <summary>
    /// Does the step. A problem a person or time must fix comes back as <see cref="MemberOutcome.Failed"/>; an error of the
    /// API server is thrown, and the reconciler reports it with <see cref="FailureReason"/>.
    /// </summary>
    Task<MemberOutcome> RunAsync(TodoApp app, StepContext context, CancellationToken cancellationToken);
}
