namespace Todo.Operator.Runtime.Workflows;

/// <summary>What one member's step came to, as the workflow gates on it.</summary>
public enum MemberState
{
    /// <summary>Done, and ready: every dependent may run.</summary>
    Ready,

    /// <summary>Done, not ready yet: dependents that wait until it is ready are held back, the others run.</summary>
    NotReady,

    /// <summary>It could not be done: every dependent is held back.</summary>
    Failed,
}

/// <summary>The application's account of one member's step; the workflow reads only its <see cref="State"/>.</summary>
public interface IMemberOutcome
{
    MemberState State { get; }
}
