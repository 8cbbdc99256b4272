namespace Todo.Operator.Workflow;

/// <summary>
/// Whether a child is ready, and if not, a sentence a human can act on. A child that will not get ready by itself
/// (a Deployment past its progress deadline) is <see cref="Failed"/>: its reason becomes the app's Degraded reason.
/// </summary>
internal sealed record ChildReadiness(bool IsReady, string Message, string? FailureReason = null)
{
    public static ChildReadiness Ready { get; } = new(true, "ready");

    public static ChildReadiness NotReady(string message) => new(false, message);

    public static ChildReadiness Failed(string reason, string message) => new(false, message, reason);

    public bool HasFailed => FailureReason is not null;
}
