using k8s;
using k8s.Models;
using Todo.Operator.Runtime.Workflows;

namespace Todo.Operator.Workflow;

/// <summary>
/// What one member's step came to in a reconcile: its readiness (and for a child the object as it now stands), or the
/// failure that holds back its dependents, with the API server's error behind it if there is one.
/// </summary>
internal sealed record MemberOutcome : IMemberOutcome
{
    private MemberOutcome(MemberState state, ChildReadiness readiness)
    {
        State = state;
        Readiness = readiness;
    }

    public static MemberOutcome Ready { get; } = new(MemberState.Ready, ChildReadiness.Ready);

    public MemberState State { get; }

    public ChildReadiness Readiness { get; }

    /// <summary>A child's object as it now stands (applied, or observed); null for a step, or a child that does not exist.</summary>
    public IKubernetesObject<V1ObjectMeta>? Object { get; private init; }

    public ReconcileFailure? Failure { get; private init; }

    /// <summary>
    /// The API server's error behind <see cref="Failure"/>, retried as the runtime retries errors; null for a failure only
    /// time or a person fixes (a Secret not created yet), looked at again after a while.
    /// </summary>
    public Exception? Error { get; private init; }

    /// <summary>A wanted child the cluster serves no API for, as a sentence saying so: reported, it fails nothing.</summary>
    public string? Unavailable { get; private init; }

    /// <summary>When to look again at a member waiting on something no watch reports (a pod's init container); null: an event will tell.</summary>
    public TimeSpan? RecheckAfter { get; private init; }

    public static MemberOutcome NotReady(string message) => new(MemberState.NotReady, ChildReadiness.NotReady(message));

    /// <summary>Not ready, and only time tells when it is: the app is reconciled again after <paramref name="recheckAfter"/>.</summary>
    public static MemberOutcome NotReady(string message, TimeSpan recheckAfter) =>
        new(MemberState.NotReady, ChildReadiness.NotReady(message)) { RecheckAfter = recheckAfter };

    /// <summary>A child's outcome: <paramref name="readiness"/> of <paramref name="obj"/> (null: missing, so not ready).</summary>
    public static MemberOutcome Child(IKubernetesObject<V1ObjectMeta>? obj, ChildReadiness readiness) =>
        new(readiness.IsReady ? MemberState.Ready : MemberState.NotReady, readiness) { Object = obj };

    public static MemberOutcome Failed(ReconcileFailure failure, Exception? error = null) =>
        new(MemberState.Failed, ChildReadiness.NotReady(failure.Message)) { Failure = failure, Error = error };

    public static MemberOutcome NotServed(string sentence) => new(MemberState.NotReady, ChildReadiness.NotReady(sentence)) { Unavailable = sentence };
}
