namespace Todo.Operator.Children;

/// <summary>Whether a child is ready, and if not, a sentence a human can act on.</summary>
internal sealed record ChildReadiness(bool IsReady, string Message)
{
    public static ChildReadiness Ready { get; } = new(true, "ready");

    public static ChildReadiness NotReady(string message) => new(false, message);
}
