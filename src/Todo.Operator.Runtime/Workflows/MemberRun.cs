namespace Todo.Operator.Runtime.Workflows;

/// <summary>
/// What one run did with one member: its step's outcome, or, when the step was not taken, the member that held it back.
/// </summary>
public sealed record MemberRun<TMember, TOutcome>(TMember Member, bool Wanted, TOutcome? Outcome, Hold? HeldBy)
    where TOutcome : class, IMemberOutcome
{
    /// <summary>Reconciled or deleted, whatever came of it; false when held back.</summary>
    public bool Ran => HeldBy is null;

    /// <summary>The step ran to a ready or not-ready outcome: what a dependent, or a member deleted after it, needs.</summary>
    public bool Done => Outcome is { State: MemberState.Ready or MemberState.NotReady };
}

/// <summary>Why a member's step was not taken: the member <paramref name="By"/> that held it back, and how.</summary>
public sealed record Hold(string By, HoldReason Reason);

public enum HoldReason
{
    /// <summary>A dependency failed.</summary>
    DependencyFailed,

    /// <summary>A dependency was held back itself.</summary>
    DependencyHeld,

    /// <summary>A dependency it waits for is not ready yet.</summary>
    DependencyNotReady,

    /// <summary>Deleting it waits for a member that depends on it to be done with it (reconciled or deleted).</summary>
    DependentNotDone,
}
