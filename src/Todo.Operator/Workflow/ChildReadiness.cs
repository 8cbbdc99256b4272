namespace Todo.Operator.Workflow;

/// <summary>
/// Whether a child is ready, and if not, a sentence a human can act on. A child that will not get ready by itself
/// (a Deployment past its progress deadline) is <see cref="Failed"/>: its reason becomes the app's Degraded reason. One
/// whose controller has not yet acted on its latest spec (<see cref="AwaitsController"/>) is about to change by itself.
/// </summary>
internal sealed record ChildReadiness(bool IsReady, string Message, string? FailureReason = null, bool AwaitsController = false)
{
    public static ChildReadiness Ready { get; } = new(true, "ready");

    public static ChildReadiness NotReady(string message) => new(false, message);

    /// <summary>Not ready because its controller has not yet acted on its latest spec (seen it, made its pods).</summary>
    public static ChildReadiness Awaiting(string message) => new(false, message, AwaitsController: true);

    public static ChildReadiness Failed(string reason, string message) => new(false, message, reason);

    public bool HasFailed => FailureReason is not null;
}
